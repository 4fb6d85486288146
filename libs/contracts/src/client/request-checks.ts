import { objectCheck } from './field-checks';
import { messageSendRequestFields, roomJoinRequestFields, type MessageSendRequest, type RoomJoinRequest } from './wire.generated';

/** `room:join` as the SDK checks it before sending (the gateway checks it again with the compiled schema). */
export const roomJoinRequestCheck = objectCheck<RoomJoinRequest>(roomJoinRequestFields);

/** `message:send` as the SDK checks it before sending. */
export const messageSendRequestCheck = objectCheck<MessageSendRequest>(messageSendRequestFields);
