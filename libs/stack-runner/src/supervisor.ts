import type { ChildProcess } from 'node:child_process';
import { RestartPolicy, type RestartDecision, type RestartPolicyOptions } from './restart-policy';
import type { ServiceProcess } from './service-process';
import { ServiceStartError } from './service-start-error';
import type { Launch } from './startup-group';

/** What a supervisor tells its owner (the dev stack logs each as one line). */
export type SupervisionEvent =
  | { readonly kind: 'exited'; readonly service: string; readonly reason: string; readonly decision: RestartDecision; readonly maxRestarts: number }
  | { readonly kind: 'restarted'; readonly service: string; readonly pid: number | undefined };

/** How a stack supervises its services. */
export interface SupervisionOptions {
  policy: RestartPolicyOptions;
  onEvent(event: SupervisionEvent): void;
  now?: () => number;
}

/**
 * A service kept running as an orchestrator would: when its process exits unasked, it
 * is started again after the policy's backoff, until the policy gives up. It stands in
 * for the current process (`child` changes across restarts); `stop` ends supervision
 * first, so a stopped service is never restarted.
 */
export class SupervisedService implements ServiceProcess {
  private current: ServiceProcess;
  private stopped = false;
  private recovering: Promise<void> = Promise.resolve();
  private readonly controller = new AbortController();
  private readonly policy: RestartPolicy;

  constructor(
    first: ServiceProcess,
    private readonly launch: Launch,
    private readonly options: SupervisionOptions,
  ) {
    this.current = first;
    this.policy = new RestartPolicy(options.policy, options.now);
    this.watch(first);
  }

  get name(): string {
    return this.current.name;
  }

  get httpUrl(): string {
    return this.current.httpUrl;
  }

  get opsUrl(): string {
    return this.current.opsUrl;
  }

  get child(): ChildProcess {
    return this.current.child;
  }

  /** Kills the current process; supervision restarts it. */
  kill(): void {
    this.current.kill();
  }

  /** From now on an exit is final (a pending or running restart is abandoned); the process keeps running. */
  endSupervision(): void {
    this.stopped = true;
    this.controller.abort();
  }

  async stop(graceMs?: number): Promise<void> {
    this.endSupervision();
    await this.recovering;
    await this.current.stop(graceMs);
  }

  private watch(service: ServiceProcess): void {
    service.child.once('exit', (code, signal) => {
      if (this.stopped) return;
      this.recovering = this.recover(signal === null ? `exited with code ${code}` : `was killed by ${signal}`);
    });
  }

  private async recover(firstReason: string): Promise<void> {
    let reason = firstReason;
    while (!this.stopped) {
      const decision = this.policy.exited();
      this.options.onEvent({ kind: 'exited', service: this.name, reason, decision, maxRestarts: this.options.policy.maxRestarts });
      if (decision.kind === 'give-up') {
        this.stopped = true;
        return;
      }
      if (!(await delay(decision.delayMs, this.controller.signal))) return;
      try {
        const next = await this.launch(this.controller.signal);
        this.current = next;
        this.policy.started();
        this.watch(next);
        this.options.onEvent({ kind: 'restarted', service: this.name, pid: next.child.pid });
        return;
      } catch (err) {
        reason = err instanceof ServiceStartError ? `failed to restart: it ${err.reason}` : `failed to restart: ${String(err)}`;
      }
    }
  }
}

/** One log line for a supervision event. */
export function describeSupervisionEvent(event: SupervisionEvent): string {
  if (event.kind === 'restarted') return `${event.service} restarted (pid ${event.pid})`;
  const { decision } = event;
  if (decision.kind === 'give-up') return `${event.service} ${event.reason}; ${decision.restarts} restarts within ${decision.windowMs / 1000} s already: giving up`;
  return `${event.service} ${event.reason}; restarting in ${decision.delayMs} ms (restart ${decision.attempt} of at most ${event.maxRestarts})`;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
