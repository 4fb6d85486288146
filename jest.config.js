// Pure unit specs next to the code; integration specs that run the whole suite against a
// real nats-server (started by the global setup); e2e specs on top of the same suite; the
// fault suite on a NATS cluster of its own.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.base.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Built packages (dist/libs/client-sdk) carry the same package names as their sources.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,deploy}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
    },
    {
      // Not in `npm test`: a real Chromium and an npm install from a packed tarball (npm run test:e2e; .ci/run runs it).
      // Each spec sets its own timeout (Jest ignores testTimeout inside a project).
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // Not in `npm test`: its own 3-node NATS cluster and the suite at R3, one fault at a time
      // (npm run test:faults, run by .ci/run after the e2e specs). Each spec sets its own timeout.
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.faults.spec.ts'],
    },
  ],
};
