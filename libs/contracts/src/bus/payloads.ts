import { ChatMessageSchema, type ChatMessage } from '../message';
import { RoomControlSchema, type RoomControl } from '../client/room-control';
import { RoomFrameSchema, type RoomFrame } from '../client/room-frame';
import { createValidator, type Validator } from '../validation';
import { ingestReply, ingestRequest, type IngestReply, type IngestRequest } from './ingest';
import { presenceReport, type PresenceReport } from './presence';

/** Payload type of each bus channel; the NATS wrapper is typed against this map. */
export interface BusPayloads {
  ingestRequest: IngestRequest;
  ingestReply: IngestReply;
  message: ChatMessage;
  frame: RoomFrame;
  control: RoomControl;
  presence: PresenceReport;
}
export type BusChannel = keyof BusPayloads;

/** The boundary check of every bus channel, compiled once. */
export const busValidators: { readonly [K in BusChannel]: Validator<BusPayloads[K]> } = {
  ingestRequest,
  ingestReply,
  message: createValidator(ChatMessageSchema),
  frame: createValidator(RoomFrameSchema),
  control: createValidator(RoomControlSchema),
  presence: presenceReport,
};
