/** Socket.io event names, client → server. Every one carries an ack. */
export const ClientEvent = {
  RoomJoin: 'room:join',
  RoomLeave: 'room:leave',
  MessageSend: 'message:send',
} as const;
export type ClientEvent = (typeof ClientEvent)[keyof typeof ClientEvent];

/** Socket.io event names, server → client. */
export const ServerEvent = {
  RoomFrame: 'room:frame',
  RoomControl: 'room:control',
  /** Sent once before the server closes a connection on purpose. */
  Disconnecting: 'session:closing',
} as const;
export type ServerEvent = (typeof ServerEvent)[keyof typeof ServerEvent];
