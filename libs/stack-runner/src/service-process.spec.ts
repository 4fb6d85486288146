import { fakeLauncher, isAlive } from './fixtures/fake-service';
import { ServiceStartError } from './service-start-error';

describe('stack-runner: startProcess', () => {
  it('resolves once the service is ready, and stops it on request', async () => {
    const service = await (await fakeLauncher('ok-1'))();
    expect((await fetch(`${service.httpUrl}/health/ready`)).status).toBe(200);
    await service.stop();
    expect(isAlive(service.child.pid)).toBe(false);
  });

  it('a service that exits during start-up: a ServiceStartError with its name, exit code and last output', async () => {
    const launch = await fakeLauncher('membership-1', { FAKE_FAIL_AT_START: 'invalid configuration: JWT_SECRET: Expected string length greater or equal to 16' });
    const error = await launch().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect(error).toMatchObject({ service: 'membership-1', reason: 'exited with code 1 during start-up' });
    expect((error as ServiceStartError).lastLines).toContain('invalid configuration: JWT_SECRET: Expected string length greater or equal to 16');
    expect((error as Error).message).toMatch(/^membership-1 exited with code 1 during start-up; its last output:\n {2}\| invalid configuration: JWT_SECRET/);
    expect(isAlive((error as ServiceStartError).pid)).toBe(false);
  });

  it('a service not ready in time is killed', async () => {
    const launch = await fakeLauncher('slow-1', { FAKE_NEVER_READY: '1' }, 600);
    const error = await launch().catch((err: unknown) => err);
    expect(error).toMatchObject({ service: 'slow-1', reason: expect.stringMatching(/not ready at .* within 600 ms/) });
    expect(isAlive((error as ServiceStartError).pid)).toBe(false);
  });

  it('an abandoned start kills the process it spawned', async () => {
    const launch = await fakeLauncher('abandoned-1', { FAKE_NEVER_READY: '1' });
    const controller = new AbortController();
    const pending = launch(controller.signal).catch((err: unknown) => err);
    setTimeout(() => controller.abort(), 300);
    const error = await pending;
    expect(error).toMatchObject({ service: 'abandoned-1', reason: expect.stringContaining('abandoned') });
    expect(isAlive((error as ServiceStartError).pid)).toBe(false);
  });
});
