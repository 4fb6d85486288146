import type { Names } from '../subjects';
import type { BusIdentity } from './identity';

/** Allowed and denied subjects of one direction; a deny wins over an allow. */
export interface SubjectRules {
  allow: string[];
  deny: string[];
}

/** What one NATS user may publish and subscribe to (nats-server 2.9 `permissions`). */
export interface BusPermissions {
  publish: SubjectRules;
  /** A queue-only grant is written `<subject> <queue>`. */
  subscribe: SubjectRules;
}

/** What the table needs beyond the namespace: per-partition consumers are listed one by one. */
export interface PermissionOptions {
  partitions: number;
}

const JS_API = '$JS.API';

/** A JetStream API subject: `$JS.API.<parts…>`. */
function api(...parts: string[]): string {
  return [JS_API, ...parts].join('.');
}

/** Reads of one key (direct get when the stream allows it, else a message get) and the bucket's info. */
function kvRead(names: Names, bucket: string): string[] {
  const stream = names.kvStream(bucket);
  return [api('STREAM', 'INFO', stream), api('DIRECT', 'GET', stream), api('DIRECT', 'GET', stream, '>'), api('STREAM', 'MSG', 'GET', stream)];
}

/**
 * A KV watch is an ordered push consumer with flow control on the bucket's stream,
 * created through the API that names the consumer in the subject. The nameless create
 * endpoint is never granted: on nats-server 2.9 a `name` in its body replaces an
 * existing consumer of that name, which no subject permission can prevent.
 */
function kvWatch(names: Names, bucket: string): string[] {
  const stream = names.kvStream(bucket);
  return [
    api('CONSUMER', 'CREATE', stream, '*', '>'),
    api('CONSUMER', 'INFO', stream, '*'),
    api('CONSUMER', 'DELETE', stream, '*'),
    `$JS.FC.${stream}.>`,
  ];
}

/** Puts, creates, updates and deletes of the bucket's keys, and creating the bucket: only its owner. */
function kvOwn(names: Names, bucket: string): string[] {
  return [...kvRead(names, bucket), api('STREAM', 'CREATE', names.kvStream(bucket)), `$KV.${bucket}.>`];
}

/** A gateway's history reads: short-lived consumers on one room's subject (name and filter in the subject) and message gets. */
function historyReads(names: Names): string[] {
  const stream = names.streamMessages;
  return [
    api('STREAM', 'INFO', stream),
    api('STREAM', 'MSG', 'GET', stream),
    api('CONSUMER', 'CREATE', stream, '*', names.messagesOfAnyRoom()),
    api('CONSUMER', 'INFO', stream, '*'),
    api('CONSUMER', 'MSG', 'NEXT', stream, '*'),
    api('CONSUMER', 'DELETE', stream, '*'),
  ];
}

/** The fan-out's durable partition consumers are not a history reader's: neither replaced, pulled from nor deleted. */
function otherPartitionConsumers(names: Names, partitions: number): string[] {
  const stream = names.streamMessages;
  return everyPartitionConsumer(names, partitions).flatMap((consumer) => [
    api('CONSUMER', 'CREATE', stream, consumer, '>'),
    api('CONSUMER', 'MSG', 'NEXT', stream, consumer),
    api('CONSUMER', 'DELETE', stream, consumer),
  ]);
}

/**
 * Everything a fan-out needs of its partition consumers: create at a sequence, info,
 * delete, pull, ack; and the stream's info, to find rooms whose retention was full at a
 * takeover (their first frame must show a possible gap).
 */
function partitionConsumers(names: Names, partitions: number): string[] {
  const stream = names.streamMessages;
  return [api('STREAM', 'INFO', stream)].concat(
    everyPartitionConsumer(names, partitions).flatMap((consumer) => [
      api('CONSUMER', 'CREATE', stream, consumer, '>'),
      api('CONSUMER', 'DURABLE', 'CREATE', stream, consumer),
      api('CONSUMER', 'INFO', stream, consumer),
      api('CONSUMER', 'DELETE', stream, consumer),
      api('CONSUMER', 'MSG', 'NEXT', stream, consumer),
      `$JS.ACK.${stream}.${consumer}.>`,
    ]),
  );
}

/** Every slot of every partition: consumer names are listed one by one, NATS wildcards match whole tokens only. */
function everyPartitionConsumer(names: Names, partitions: number): string[] {
  return Array.from({ length: partitions }, (_, p) => names.partitionConsumers(p)).flat();
}

function rules(allow: string[], deny: string[] = []): SubjectRules {
  return { allow: [...new Set(allow)], deny };
}

/**
 * The least-privilege subject permissions of one service identity, derived from the
 * namespace's names only: a gateway publishes ingest requests and its own presence and
 * receives frames and control; only the fan-out publishes frames; only membership
 * publishes control; ingest alone appends to the stream and answers ingest requests.
 * Every identity subscribes to its own inbox prefix and no other.
 */
export function busPermissions(names: Names, identity: BusIdentity, options: PermissionOptions): BusPermissions {
  const inbox = `${names.inboxPrefix(identity)}.>`;
  const accountInfo = api('INFO');
  switch (identity.service) {
    case 'gateway':
      return {
        publish: rules(
          [
            accountInfo,
            names.ingestAll().subject,
            names.presence(identity.instanceId).subject,
            ...historyReads(names),
            ...kvRead(names, names.bucketRooms),
            ...kvRead(names, names.bucketModeration),
            ...kvWatch(names, names.bucketModeration),
          ],
          otherPartitionConsumers(names, options.partitions),
        ),
        subscribe: rules([names.deliverAll().subject, names.controlAll().subject, inbox]),
      };
    case 'membership':
      return {
        publish: rules([accountInfo, names.controlAll().subject, ...kvOwn(names, names.bucketRooms), ...kvOwn(names, names.bucketModeration)]),
        subscribe: rules([names.presenceAll().subject, inbox]),
      };
    case 'ingest':
      return {
        publish: rules([
          accountInfo,
          names.messagesAll(),
          names.limitLendAll().subject,
          api('STREAM', 'INFO', names.streamMessages),
          api('STREAM', 'CREATE', names.streamMessages),
          api('STREAM', 'UPDATE', names.streamMessages),
          ...kvOwn(names, names.bucketRateLimits),
          ...kvWatch(names, names.bucketRateLimits),
          ...kvRead(names, names.bucketRooms),
          ...kvRead(names, names.bucketModeration),
          ...kvWatch(names, names.bucketModeration),
          // Receipts and answers to gateways' ingest requests, answers to its peers' lend requests.
          names.gatewayReceiptedInboxes(),
          inbox,
        ]),
        subscribe: rules([`${names.ingestAll().subject} ${names.ingestQueue}`, names.limitLendAll().subject, inbox]),
      };
    case 'fanout':
      return {
        publish: rules([accountInfo, names.deliverAll().subject, ...partitionConsumers(names, options.partitions), ...kvOwn(names, names.bucketLeases)]),
        subscribe: rules([names.controlAll().subject, inbox]),
      };
  }
}
