import { PipelinedPublisher } from '@livecast/nats';
import type { NatsConnection } from 'nats';
import { connectOperator } from '../support/bus';
import { uniqueId } from '../support/clients';

describe('pipelined publisher: JetStream appends with their acks in flight together', () => {
  let nc: NatsConnection;
  const prefix = uniqueId('pp').replace(/[^a-z0-9]/gi, '');
  const stream = `PP_${prefix}`;

  beforeAll(async () => {
    nc = await connectOperator();
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`], duplicate_window: 60_000_000_000 });
  });
  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(stream);
    await nc.close();
  });

  const publisher = (streamName = stream, timeoutMs = 5000) => new PipelinedPublisher(nc, streamName, { inboxPrefix: '_INBOX', timeoutMs });
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('acks every one of many concurrent appends with its own sequence, in publish order', async () => {
    const p = publisher();
    const acks = await Promise.all(Array.from({ length: 500 }, (_, i) => p.publish(`${prefix}.a`, bytes(`m${i}`), `a-${i}`)));
    const seqs = acks.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(500);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(acks.some((a) => a.duplicate)).toBe(false);
    expect(p.inFlight).toBe(0);
  });

  it('answers a repeated Nats-Msg-Id with the original sequence, marked duplicate', async () => {
    const p = publisher();
    const first = await p.publish(`${prefix}.d`, bytes('once'), 'dup-1');
    const again = await p.publish(`${prefix}.d`, bytes('once'), 'dup-1');
    expect(again).toEqual({ seq: first.seq, duplicate: true });
  });

  it('rejects as js.publish does: no stream (503), the wrong stream (api_error), no ack in time (TIMEOUT)', async () => {
    await expect(publisher().publish(`${prefix}x.none`, bytes('x'), 'n-1')).rejects.toMatchObject({ code: '503' });
    await expect(publisher('OTHER_STREAM').publish(`${prefix}.w`, bytes('x'), 'w-1')).rejects.toMatchObject({ api_error: { err_code: 10060 } });
    const silent = nc.subscribe(`${prefix}x.silent`);
    await expect(publisher(stream, 300).publish(`${prefix}x.silent`, bytes('x'), 's-1')).rejects.toMatchObject({ code: 'TIMEOUT' });
    silent.unsubscribe();
  });
});
