import type { BusIdentity } from './bus/identity';
import { ErrorCode, LivecastError } from './errors';
import type { Channel, RequestChannel } from './bus/channel';
import { PARTITION_CONSUMER_SLOTS } from './bus/lease';
import { ingestReply, ingestRequest, type IngestReply, type IngestRequest } from './bus/ingest';
import { limitLendReply, limitLendRequest, type LimitLendReply, type LimitLendRequest } from './bus/limit-lend';
import { presenceReport, type PresenceReport } from './bus/presence';
import { roomControl, type RoomControl } from './client/room-control';
import { roomFrame, type RoomFrame } from './client/room-frame';
import { userIdOfKey, userKey } from './user-key';

const NAMESPACE_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

/**
 * Every NATS subject, stream and bucket name of the suite, built from one namespace
 * (default `lc`). A test run or a second deployment on a shared NATS picks another
 * namespace and sees none of the first one's traffic or state. Each bus channel is one
 * method that binds its subject to its payload contract.
 */
export class Names {
  readonly streamMessages: string;
  readonly bucketRooms: string;
  readonly bucketModeration: string;
  readonly bucketLeases: string;
  readonly bucketRateLimits: string;
  /** Queue group of the ingest replicas. */
  readonly ingestQueue: string;

  constructor(readonly namespace = 'lc') {
    if (!NAMESPACE_PATTERN.test(namespace)) {
      throw new LivecastError(ErrorCode.Invalid, `namespace must match ${NAMESPACE_PATTERN}`, 'namespace');
    }
    const upper = namespace.toUpperCase();
    this.streamMessages = `${upper}_MSGS`;
    this.bucketRooms = `${namespace}_rooms`;
    this.bucketModeration = `${namespace}_moderation`;
    this.bucketLeases = `${namespace}_leases`;
    this.bucketRateLimits = `${namespace}_ratelimits`;
    this.ingestQueue = `${namespace}-ingest`;
  }

  /** gateway → ingest, request/reply in the ingest queue group. */
  ingest(roomId: string): RequestChannel<IngestRequest, IngestReply> {
    return { name: 'ingestRequest', subject: `${this.namespace}.ingest.${roomId}`, contract: ingestRequest, replyContract: ingestReply };
  }
  ingestAll(): RequestChannel<IngestRequest, IngestReply> {
    return this.ingest('*');
  }

  /** ingest → one other ingest replica: lend an event of your share of a limit (ADR 0018). */
  limitLend(instanceId: string): RequestChannel<LimitLendRequest, LimitLendReply> {
    return { name: 'limitLend', subject: `${this.namespace}.limits.lend.${instanceId}`, contract: limitLendRequest, replyContract: limitLendReply };
  }
  limitLendAll(): RequestChannel<LimitLendRequest, LimitLendReply> {
    return this.limitLend('*');
  }

  /** Rate-limit bucket key where an ingest replica announces itself; `replicaKeys` is the watch filter of all of them. */
  replicaKey(instanceId: string): string {
    return `replica.${instanceId}`;
  }
  replicaKeys(): string {
    return 'replica.*';
  }
  /** The instance id of a replica key; null for other keys. */
  replicaOfKey(key: string): string | null {
    const id = key.startsWith('replica.') ? key.slice('replica.'.length) : '';
    return id !== '' && !id.includes('.') ? id : null;
  }

  /** Accepted messages in the stream, partitioned for the fan-out owners (JetStream subjects, not bus channels). */
  message(partition: number, roomId: string): string {
    return `${this.namespace}.msg.${partition}.${roomId}`;
  }
  messagesOfPartition(partition: number): string {
    return this.message(partition, '*');
  }
  messagesAll(): string {
    return `${this.namespace}.msg.>`;
  }
  /** One room's subject in any partition: the filter of a history reader's consumer. */
  messagesOfAnyRoom(): string {
    return `${this.namespace}.msg.*.*`;
  }

  /** fanout → gateways, shaped frames (core NATS). */
  deliver(roomId: string): Channel<RoomFrame> {
    return { name: 'frame', subject: `${this.namespace}.deliver.${roomId}`, contract: roomFrame };
  }
  deliverAll(): Channel<RoomFrame> {
    return this.deliver('*');
  }

  /** membership → gateways: kicks, bans, mutes, closes, online counts. */
  control(roomId: string): Channel<RoomControl> {
    return { name: 'control', subject: `${this.namespace}.control.${roomId}`, contract: roomControl };
  }
  controlAll(): Channel<RoomControl> {
    return this.control('*');
  }

  /** gateway → membership: batched per-room counts. */
  presence(gatewayId: string): Channel<PresenceReport> {
    return { name: 'presence', subject: `${this.namespace}.presence.${gatewayId}`, contract: presenceReport };
  }
  presenceAll(): Channel<PresenceReport> {
    return this.presence('*');
  }
  /** The gateway a presence subject belongs to (the one whose NATS user may publish on it); null for other subjects. */
  gatewayOfPresence(subject: string): string | null {
    const prefix = `${this.namespace}.presence.`;
    const id = subject.startsWith(prefix) ? subject.slice(prefix.length) : '';
    return id !== '' && !id.includes('.') ? id : null;
  }

  /** KV keys of moderation state (the user by `userKey`); `moderationOfRoom` is the watch filter of one room. */
  moderationKey(roomId: string, action: 'ban' | 'mute', userId: string): string {
    return `${roomId}.${action}.${userKey(userId)}`;
  }
  moderationOfRoom(roomId: string): string {
    return `${roomId}.>`;
  }
  /** Splits a moderation key back into the original user id; null for keys this version does not know. */
  parseModerationKey(key: string): { roomId: string; action: 'ban' | 'mute'; userId: string } | null {
    const [roomId, action, encodedUser, extra] = key.split('.');
    if (extra !== undefined || !roomId || !encodedUser || (action !== 'ban' && action !== 'mute')) return null;
    const userId = userIdOfKey(encodedUser);
    return userId === null ? null : { roomId, action, userId };
  }

  /** Lease key of a fan-out partition. */
  leaseKey(partition: number): string {
    return `partition.${partition}`;
  }

  /**
   * Durable consumer of a fan-out partition in one of its `PARTITION_CONSUMER_SLOTS`
   * slots. Each ownership takes the slot after its predecessor's, so an owner that lost
   * its lease without noticing (paused, cut off) pulls from a consumer that is gone, never
   * from its successor's. Slot 0 is the name of the single consumer of earlier versions.
   */
  partitionConsumer(partition: number, slot = 0): string {
    return slot === 0 ? `fanout-p${partition}` : `fanout-p${partition}-s${slot}`;
  }

  /** Every slot's consumer name of a partition, slot 0 first. */
  partitionConsumers(partition: number): string[] {
    return Array.from({ length: PARTITION_CONSUMER_SLOTS }, (_, slot) => this.partitionConsumer(partition, slot));
  }

  /** The JetStream stream behind a KV bucket. */
  kvStream(bucket: string): string {
    return `KV_${bucket}`;
  }

  /** NATS user of a service; a gateway has one per instance, so its permissions can name its own presence subject. */
  natsUser(identity: BusIdentity): string {
    return identity.service === 'gateway' ? `${this.namespace}-gateway-${identity.instanceId}` : `${this.namespace}-${identity.service}`;
  }

  /** Reply subjects of a service's requests; only that identity may subscribe to them. */
  inboxPrefix(identity: BusIdentity): string {
    return identity.service === 'gateway' ? `_INBOX.${this.namespace}.gateway.${identity.instanceId}` : `_INBOX.${this.namespace}.${identity.service}`;
  }

  /** Every gateway's receipted inboxes (`receiptedInboxOf`): where ingest may publish its receipts and answers. */
  gatewayReceiptedInboxes(): string {
    return `${receiptedInboxOf(this.inboxPrefix({ service: 'gateway', instanceId: '*' }))}.>`;
  }
}

/**
 * Reply subjects of the requests an identity sends with receipts (Bus.requestWithReceipts),
 * kept apart from its other inboxes (JetStream API replies among them) so the responder can
 * be granted exactly these rather than tracked per request by the server (ADR 0023).
 */
export function receiptedInboxOf(inboxPrefix: string): string {
  return `${inboxPrefix}.rr`;
}

/** FNV-1a over UTF-16 code units: stable across processes and languages that mirror it. */
export function partitionOf(roomId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < roomId.length; i++) {
    hash ^= roomId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
