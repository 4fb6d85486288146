/** The slice of a pino logger the transport needs; keeps this lib free of a logging framework. */
export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Observes what the bus refuses at its boundary, so the app can count it. */
export interface BusObserver {
  invalidMessage(channel: string, subject: string, reason: string): void;
  connectionStatus?(status: string): void;
  /** A request of `channel` went out again, unheard (Bus.requestWithReceipts). */
  resent?(channel: string): void;
}

export const noopObserver: BusObserver = { invalidMessage: () => undefined };
