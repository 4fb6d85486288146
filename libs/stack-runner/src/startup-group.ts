import type { ServiceProcess } from './service-process';
import { SupervisedService } from './supervisor';

/** Starts one service; the signal abandons the start (and kills its process). */
export type Launch = (signal: AbortSignal) => Promise<ServiceProcess>;

/**
 * Services started in stages, all or nothing: when one fails, the siblings still
 * starting are abandoned (their processes killed), and `stopAll` stops the ones that
 * came up. The first failure is the one reported, not the abandoned siblings'.
 */
export class StartupGroup {
  private readonly controller = new AbortController();
  private readonly started: ServiceProcess[] = [];
  private firstError: unknown;

  /** `outer` abandons the whole start-up (e.g. SIGTERM while starting). */
  constructor(outer?: AbortSignal) {
    if (outer?.aborted) this.controller.abort();
    outer?.addEventListener('abort', () => this.controller.abort(), { once: true });
  }

  /** Starts the launches concurrently; resolves when all are ready, rejects when any fails. */
  async start(launches: Launch[]): Promise<ServiceProcess[]> {
    const results = await Promise.allSettled(
      launches.map(async (launch) => {
        try {
          const service = await launch(this.controller.signal);
          this.started.push(service);
          return service;
        } catch (err) {
          this.firstError ??= err;
          this.controller.abort();
          throw err;
        }
      }),
    );
    if (results.some((r) => r.status === 'rejected')) throw this.firstError;
    return results.map((r) => (r as PromiseFulfilledResult<ServiceProcess>).value);
  }

  /** Stops every service that came up. */
  stopAll(): Promise<void> {
    return stopInOrder(this.started);
  }
}

/**
 * Gateways first (viewers move away), then the services behind them. Supervision ends
 * for all of them at once: a service that exits meanwhile (Ctrl-C reaches every process
 * of the terminal) must not be restarted while its turn to stop has not come.
 */
export async function stopInOrder(services: readonly ServiceProcess[], graceMs?: number): Promise<void> {
  for (const service of services) if (service instanceof SupervisedService) service.endSupervision();
  const gateways = services.filter((s) => s.name.startsWith('gateway'));
  await Promise.all(gateways.map((s) => s.stop(graceMs)));
  await Promise.all(services.filter((s) => !gateways.includes(s)).map((s) => s.stop(graceMs)));
}
