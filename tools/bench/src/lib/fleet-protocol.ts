/** Which client a client process connects with: bare `ws`, socket.io-client, or livecast's protocol on `ws` (joins a room). */
export type ClientKind = 'ws' | 'socketio' | 'livecast';

/** How the clients of one `connect` command connect. */
export interface ConnectSpec {
  kind: ClientKind;
  url: string;
  sockets: number;
  /** Offer permessage-deflate (`ws` and `livecast` kinds); off unless set. */
  deflate?: boolean;
  /** `livecast` kind: the room every client joins and the token it connects with. */
  join?: { roomId: string; token: string };
}

/** Parent → client process. */
export type FleetCommand = ({ type: 'connect' } & ConnectSpec) | { type: 'stats' } | { type: 'close' };

/** What a client process has received, and the CPU it spent doing it. */
export interface ClientStats {
  frames: number;
  /** Payload bytes handed to the application (bare ws and livecast kinds; socket.io hands over parsed objects). */
  bytes: number;
  /** TCP bytes the client sockets read: what crossed the wire, compressed or not (ws and livecast kinds). */
  wireBytes: number;
  cpuSeconds: number;
  disconnects: number;
}

/** Client process → parent. */
export type FleetEvent = { type: 'connected'; sockets: number } | ({ type: 'stats' } & ClientStats) | { type: 'error'; message: string };
