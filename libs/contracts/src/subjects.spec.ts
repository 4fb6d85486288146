import { ErrorCode } from './errors';
import { Names, partitionOf } from './subjects';

describe('contracts: Names', () => {
  const names = new Names('lc');

  it.each([
    ['ingest', names.ingest('r1'), 'lc.ingest.r1', 'ingestRequest'],
    ['ingestAll', names.ingestAll(), 'lc.ingest.*', 'ingestRequest'],
    ['deliver', names.deliver('r1'), 'lc.deliver.r1', 'frame'],
    ['control', names.control('r1'), 'lc.control.r1', 'control'],
    ['controlAll', names.controlAll(), 'lc.control.*', 'control'],
    ['presence', names.presence('gw-1'), 'lc.presence.gw-1', 'presence'],
    ['presenceAll', names.presenceAll(), 'lc.presence.*', 'presence'],
    ['limitLend', names.limitLend('ingest-h-1'), 'lc.limits.lend.ingest-h-1', 'limitLend'],
    ['limitLendAll', names.limitLendAll(), 'lc.limits.lend.*', 'limitLend'],
  ])('%s binds its subject to its contract', (_name, channel, subject, channelName) => {
    expect(channel.subject).toBe(subject);
    expect(channel.name).toBe(channelName);
    expect(channel.contract.is({})).toBe(false);
  });

  it('names the replica announcements in the rate-limit bucket and parses them back', () => {
    expect(names.replicaKey('ingest-h-1')).toBe('replica.ingest-h-1');
    expect(names.replicaOfKey(names.replicaKey('ingest-h-1'))).toBe('ingest-h-1');
    expect(names.replicaKeys()).toBe('replica.*');
    expect([names.replicaOfKey('u.alice'), names.replicaOfKey('replica.'), names.replicaOfKey('replica.a.b')]).toEqual([null, null, null]);
  });

  it('checks each channel against its own contract', () => {
    const frame = { roomId: 'r1', fromSeq: 1, toSeq: 1, messages: [], shaped: { dropped: 0, likes: 0 } };
    expect(names.deliver('r1').contract.is(frame)).toBe(true);
    expect(names.control('r1').contract.is(frame)).toBe(false);
    expect(names.ingest('r1').replyContract.is({ ok: false, error: { code: ErrorCode.Invalid, message: 'x' } })).toBe(true);
  });

  it('prefixes stream subjects, stream and buckets with the namespace', () => {
    const other = new Names('t1');
    expect(other.message(3, 'r1')).toBe('t1.msg.3.r1');
    expect(other.messagesOfPartition(3)).toBe('t1.msg.3.*');
    expect(other.messagesAll()).toBe('t1.msg.>');
    expect([other.streamMessages, other.bucketRooms, other.bucketModeration, other.bucketLeases, other.bucketRateLimits, other.ingestQueue]).toEqual([
      'T1_MSGS',
      't1_rooms',
      't1_moderation',
      't1_leases',
      't1_ratelimits',
      't1-ingest',
    ]);
  });

  it('refuses a namespace that is not one short lowercase token', () => {
    for (const bad of ['', 'LC', 'a.b', 'a*', '1lc', 'x'.repeat(17)]) expect(() => new Names(bad)).toThrow(expect.objectContaining({ code: ErrorCode.Invalid }));
  });

  it('parses only moderation keys this version writes', () => {
    expect(names.parseModerationKey(names.moderationKey('r1', 'ban', 'u1'))).toEqual({ roomId: 'r1', action: 'ban', userId: 'u1' });
    for (const bad of ['r1.kick.u1', 'r1.ban', 'r1.ban.u1.x', '.ban.u1']) expect(names.parseModerationKey(bad)).toBeNull();
  });

  it('partitions by a stable hash of the room id', () => {
    expect(partitionOf('lobby', 8)).toBe(partitionOf('lobby', 8));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(`room-${i}`, 8)));
    expect(spread.size).toBe(8);
  });
});
