import type { ClientToServerEventsUnchecked, Principal, ServerToClientEvents } from '@livecast/contracts';
import type { DeliveryTarget } from '@livecast/socket-delivery';
import type { Socket } from 'socket.io';

/** A gateway socket, typed with the client protocol's event map. */
export type GatewaySocket = Socket<ClientToServerEventsUnchecked, ServerToClientEvents>;

/** A gateway connection: the socket, who it is, and its delivery state. */
export interface Connection extends DeliveryTarget {
  readonly id: string;
  readonly socket: GatewaySocket;
  readonly principal: Principal;
}
