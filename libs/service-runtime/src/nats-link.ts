import type { ReadinessCheck } from './tokens';

/**
 * Whether the NATS connection is up, from the client's status events: down from a
 * `disconnect` until the next `reconnect`. While down, core subscriptions receive
 * nothing and every JetStream call fails, so the service is not ready.
 */
export class NatsLink implements ReadinessCheck {
  readonly name = 'nats';
  private up = true;

  ready(): boolean {
    return this.up;
  }

  status(status: string): void {
    if (status === 'disconnect') this.up = false;
    if (status === 'reconnect') this.up = true;
  }
}
