import { Names, receiptedInboxOf } from '../subjects';
import { busIdentity, type BusIdentity } from './identity';
import { busPermissions, type SubjectRules } from './permissions';

const names = new Names('lc');
const gateway1 = busIdentity('gateway', 'gateway-1');
const of = (identity: BusIdentity) => busPermissions(names, identity, { partitions: 2 });

/** Whether a NATS subject matches a permission pattern (`*` one token, `>` the rest). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split(' ')[0].split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** The server's rule: allowed by some allow entry and by no deny entry. */
function permits(rules: SubjectRules, subject: string): boolean {
  return rules.allow.some((a) => matches(a, subject)) && !rules.deny.some((d) => matches(d, subject));
}

describe('contracts: busPermissions', () => {
  it.each([
    ['gateway', gateway1],
    ['membership', busIdentity('membership', 'm')],
    ['ingest', busIdentity('ingest', 'i')],
    ['fanout', busIdentity('fanout', 'f')],
  ] as const)('%s may publish only what its role needs', (service, identity) => {
    const publish = of(identity).publish;
    const expected: Record<string, boolean> = {
      [names.deliver('r1').subject]: service === 'fanout',
      [names.control('r1').subject]: service === 'membership',
      [names.ingest('r1').subject]: service === 'gateway',
      [names.presence('gateway-1').subject]: service === 'gateway',
      [names.message(0, 'r1')]: service === 'ingest',
      [`$KV.${names.bucketRooms}.r1`]: service === 'membership',
      [`$KV.${names.bucketModeration}.r1.ban.u1`]: service === 'membership',
      [`$KV.${names.bucketLeases}.partition.0`]: service === 'fanout',
      [`$KV.${names.bucketRateLimits}.u.u1`]: service === 'ingest',
      [names.limitLend('ingest-2').subject]: service === 'ingest',
      [`$JS.API.STREAM.CREATE.${names.streamMessages}`]: service === 'ingest',
      [`$JS.API.STREAM.CREATE.KV_${names.bucketRooms}`]: service === 'membership',
      [`$JS.API.STREAM.DELETE.${names.streamMessages}`]: false,
      [`$JS.API.STREAM.PURGE.KV_${names.bucketRooms}`]: false,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((subject) => [subject, permits(publish, subject)]));
    expect(actual).toEqual(expected);
  });

  it('a gateway reports presence only as itself', () => {
    const publish = of(gateway1).publish;
    expect(permits(publish, names.presence('gateway-1').subject)).toBe(true);
    expect(permits(publish, names.presence('gateway-2').subject)).toBe(false);
  });

  it('a gateway receives frames and control, and no ingest requests or presence', () => {
    const subscribe = of(gateway1).subscribe;
    expect(permits(subscribe, names.deliver('r1').subject)).toBe(true);
    expect(permits(subscribe, names.control('r1').subject)).toBe(true);
    expect(permits(subscribe, names.ingest('r1').subject)).toBe(false);
    expect(permits(subscribe, names.presence('gateway-2').subject)).toBe(false);
    expect(permits(subscribe, '>')).toBe(false);
  });

  it('a gateway reads history through ephemeral consumers but cannot touch the partition consumers', () => {
    const publish = of(gateway1).publish;
    const stream = names.streamMessages;
    // The nameless endpoint would let a `name` in the body replace a partition consumer.
    expect(permits(publish, `$JS.API.CONSUMER.CREATE.${stream}`)).toBe(false);
    expect(permits(publish, `$JS.API.CONSUMER.CREATE.${stream}.abc123.${names.message(1, 'r1')}`)).toBe(true);
    expect(permits(publish, `$JS.API.CONSUMER.CREATE.${stream}.abc123.${names.messagesAll()}`)).toBe(false);
    expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.abc123`)).toBe(true);
    for (const durable of [0, 1].flatMap((p) => names.partitionConsumers(p))) {
      const p = Number(/^fanout-p(\d+)/.exec(durable)?.[1]);
      expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`)).toBe(false);
      expect(permits(publish, `$JS.API.CONSUMER.DELETE.${stream}.${durable}`)).toBe(false);
      expect(permits(publish, `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${names.messagesOfPartition(p)}`)).toBe(false);
      expect(permits(publish, `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`)).toBe(false);
    }
  });

  it('only ingest answers ingest requests, and only in its queue group', () => {
    const ingest = of(busIdentity('ingest', 'i'));
    expect(ingest.subscribe.allow).toContain(`${names.ingestAll().subject} ${names.ingestQueue}`);
    expect(ingest.subscribe.allow.filter((s) => matches(s, names.ingest('r1').subject))).toEqual([`${names.ingestAll().subject} ${names.ingestQueue}`]);
    for (const service of ['gateway', 'membership', 'fanout'] as const) {
      const p = of(busIdentity(service, 'gateway-1'));
      expect(permits(p.subscribe, names.ingest('r1').subject)).toBe(false);
    }
  });

  it("ingest answers into gateways' receipted inboxes and its peers' inboxes, no other inbox (no per-request reply tracking)", () => {
    const ingest = of(busIdentity('ingest', 'i'));
    const gatewayInbox = names.inboxPrefix(gateway1);
    expect(permits(ingest.publish, `${receiptedInboxOf(gatewayInbox)}.nuid123.7`)).toBe(true);
    expect(permits(ingest.publish, `${receiptedInboxOf(names.inboxPrefix(busIdentity('gateway', 'gateway-9')))}.nuid123.7`)).toBe(true);
    expect(permits(ingest.publish, `${names.inboxPrefix(busIdentity('ingest', ''))}.nuid123.7`)).toBe(true);
    // A gateway's other replies (JetStream API, KV) stay out of its reach.
    expect(permits(ingest.publish, `${gatewayInbox}.nuid123.7`)).toBe(false);
    for (const other of [busIdentity('membership', ''), busIdentity('fanout', '')]) expect(permits(ingest.publish, `${names.inboxPrefix(other)}.nuid123.7`)).toBe(false);
    for (const service of ['gateway', 'membership', 'fanout'] as const) expect(permits(of(busIdentity(service, 'gateway-1')).publish, `${receiptedInboxOf(gatewayInbox)}.nuid123.7`)).toBe(false);
  });

  it('each identity subscribes to its own inbox and no other', () => {
    const identities = [gateway1, busIdentity('gateway', 'gateway-2'), busIdentity('membership', ''), busIdentity('ingest', ''), busIdentity('fanout', '')];
    for (const me of identities) {
      for (const other of identities) {
        const inbox = `${names.inboxPrefix(other)}.x1.y2`;
        expect([names.natsUser(me), permits(of(me).subscribe, inbox)]).toEqual([names.natsUser(me), me === other]);
      }
    }
  });

  it('a fan-out acks and pulls only its partition consumers', () => {
    const publish = of(busIdentity('fanout', 'f')).publish;
    const stream = names.streamMessages;
    expect(permits(publish, `$JS.ACK.${stream}.${names.partitionConsumer(1)}.1.5.5.1700000000.0`)).toBe(true);
    expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${names.partitionConsumer(1)}`)).toBe(true);
    expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${names.partitionConsumer(2)}`)).toBe(false);
    for (const slot of [1, 2]) {
      expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${names.partitionConsumer(1, slot)}`)).toBe(true);
      expect(permits(publish, `$JS.API.CONSUMER.DELETE.${stream}.${names.partitionConsumer(0, slot)}`)).toBe(true);
    }
    expect(permits(publish, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${names.partitionConsumer(1, 3)}`)).toBe(false);
    expect(permits(publish, `$JS.API.CONSUMER.DELETE.${stream}.abc123`)).toBe(false);
  });

  it('follows the namespace: nothing of another deployment is reachable', () => {
    const other = new Names('blue');
    for (const service of ['gateway', 'membership', 'ingest', 'fanout'] as const) {
      const p = busPermissions(other, busIdentity(service, 'gateway-1'), { partitions: 2 });
      for (const subject of [...p.publish.allow, ...p.subscribe.allow]) {
        expect(subject.includes('blue') || subject.includes('BLUE') || subject === '$JS.API.INFO').toBe(true);
      }
    }
  });
});
