import type { Validator } from '../validation';

/**
 * A subject on the bus bound to the contract of what travels on it. Names builds every
 * channel, so publishing or subscribing names one thing and a payload of the wrong shape
 * is a type error.
 */
export interface Channel<T> {
  /** Short name for logs and metric labels (`frame`, `control`, …). */
  readonly name: string;
  readonly subject: string;
  readonly contract: Validator<T>;
}

/** A request/reply channel: requests follow `contract`, replies `replyContract`. */
export interface RequestChannel<Req, Rep> extends Channel<Req> {
  readonly replyContract: Validator<Rep>;
}

/**
 * Header of a receipt: an empty reply a responder sends, before its answer, to a request
 * that is taking long (an append waiting out a leader election). A requester that hears
 * neither a receipt nor an answer sends the request again: the bus may have routed it to
 * a responder it cannot reach (a queue member on a paused NATS node keeps its share).
 */
export const RECEIPT_HEADER = 'Livecast-Receipt';

export type PayloadOf<C> = C extends Channel<infer T> ? T : never;
