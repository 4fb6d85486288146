import type { Principal } from '@livecast/contracts';
import type { Socket } from 'socket.io';

/** A gateway connection: the socket, who it is, and its delivery state. */
export interface Connection {
  readonly id: string;
  readonly socket: Socket;
  readonly principal: Principal;
  /** Frames not written because the socket was too slow, told to the client in the next frame. */
  skipped: number;
  /** When the socket became too slow to take frames; 0 while it keeps up. */
  slowSince: number;
}
