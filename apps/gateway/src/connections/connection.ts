import type { ClientToServerEventsUnchecked, Principal, ServerToClientEvents } from '@livecast/contracts';
import type { RefusalWindow } from '@livecast/limits';
import type { DeliveryTarget } from '@livecast/socket-delivery';
import type { Socket } from 'socket.io';

/** A gateway socket, typed with the client protocol's event map. */
export type GatewaySocket = Socket<ClientToServerEventsUnchecked, ServerToClientEvents>;

/** A gateway connection: the socket, who it is until when, and its delivery state. */
export interface Connection extends DeliveryTarget {
  readonly id: string;
  readonly socket: GatewaySocket;
  /** Replaced (same user id) by a `session:refresh`. */
  principal: Principal;
  /** When the token runs out, ms since epoch; Infinity for guests. */
  expiresAt: number;
  /** Refused events of the current window; too many and the connection is closed. */
  readonly refusals: RefusalWindow;
  /** Set once the gateway decided to close it: events still in flight are ignored. */
  closing: boolean;
}
