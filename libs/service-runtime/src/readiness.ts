import type { ReadinessCheck } from './tokens';

/** Conditions the service needs before it takes traffic; apps add theirs at start. */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];
  private stopping = false;

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** From the shutdown signal on the service reports not ready, before any connection closes. */
  markStopping(): void {
    this.stopping = true;
  }

  /** Names of the checks that do not hold now (`shutting-down` once stopping). */
  failing(): string[] {
    const failing = this.checks.filter((check) => !check.ready()).map((check) => check.name);
    return this.stopping ? ['shutting-down', ...failing] : failing;
  }
}
