// Jest reads `testTimeout` only from the top-level config, not per project: integration
// specs talk to real services, so they get their bound here.
jest.setTimeout(30_000);
