import type { SocketLike } from '../types';

/** What the fake server does with a client event: an ack to send back, or `'drop'` to never answer. */
export type FakeAnswer = object | 'drop';

/** A client event the fake socket received. */
export interface EmittedEvent {
  event: string;
  // Specs read payload fields freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any;
  /** Whether the socket was connected when the event was emitted. */
  connected: boolean;
}

type Handler = (...args: unknown[]) => void;

/**
 * A socket.io-client double for specs: records what the SDK emits, answers acks with
 * `answer`, and plays the server side (`accept`, `drop`, `push`). Acks resolve on a
 * later microtask, like a real round trip; a dropped one rejects after its timeout.
 */
export class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  connectCalls = 0;
  readonly emitted: EmittedEvent[] = [];
  /** The fake server's reply to each client event; acks `{ ok: true }` by default. */
  answer: (event: string, payload: unknown) => FakeAnswer | Promise<FakeAnswer> = () => ({ ok: true });
  private readonly handlers = new Map<string, Set<Handler>>();

  on(event: string, listener: Handler): this {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener?: Handler): this {
    if (listener) this.handlers.get(event)?.delete(listener);
    else this.handlers.delete(event);
    return this;
  }

  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } {
    return { emitWithAck: (event, payload) => this.emitWithAck(ms, event, payload) };
  }

  connect(): this {
    this.active = true;
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    this.active = false;
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  /** Server side: the handshake succeeded. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** Server side: the connection is gone. */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** Server side: emits an event to the client. */
  push(event: string, ...args: unknown[]): void {
    this.fire(event, ...args);
  }

  /** Client events named `event`, in order. */
  sent(event: string): EmittedEvent[] {
    return this.emitted.filter((e) => e.event === event);
  }

  listenerCount(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  private async emitWithAck(ms: number, event: string, payload: unknown): Promise<unknown> {
    this.emitted.push({ event, payload, connected: this.connected });
    const reply = await this.answer(event, payload);
    if (reply !== 'drop') return reply;
    await new Promise((resolve) => setTimeout(resolve, ms));
    throw new Error('operation has timed out');
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
}
