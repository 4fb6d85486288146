/** Which client library a client process connects with. */
export type ClientKind = 'ws' | 'socketio';

/** Parent → client process. */
export type FleetCommand = { type: 'connect'; kind: ClientKind; url: string; sockets: number } | { type: 'stats' } | { type: 'close' };

/** What a client process has received, and the CPU it spent doing it. */
export interface ClientStats {
  frames: number;
  /** Payload bytes handed to the application (bare ws only; socket.io hands over parsed objects). */
  bytes: number;
  cpuSeconds: number;
  disconnects: number;
}

/** Client process → parent. */
export type FleetEvent = { type: 'connected'; sockets: number } | ({ type: 'stats' } & ClientStats) | { type: 'error'; message: string };
