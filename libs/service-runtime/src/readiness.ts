import type { ReadinessCheck } from './tokens';

/** Conditions the service needs before it takes traffic; apps add theirs at start. */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** Names of the checks that do not hold now. */
  failing(): string[] {
    return this.checks.filter((check) => !check.ready()).map((check) => check.name);
  }
}
