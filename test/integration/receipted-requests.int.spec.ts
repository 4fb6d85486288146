import { RECEIPT_HEADER } from '@livecast/contracts';
import { ReceiptedRequests } from '@livecast/nats';
import { Empty, headers, type Msg, type NatsConnection } from 'nats';
import { connectOperator } from '../support/bus';
import { sleep, uniqueId } from '../support/clients';

const text = (msg: Msg) => new TextDecoder().decode(msg.data);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('receipted requests: sent again while nobody is heard from', () => {
  let nc: NatsConnection;
  let requests: ReceiptedRequests;
  const options = { timeoutMs: 2000, resendAfterMs: 300, maxCopies: 3 };

  beforeAll(async () => {
    nc = await connectOperator();
    requests = new ReceiptedRequests(nc, '_INBOX', RECEIPT_HEADER);
  });
  afterAll(async () => {
    await nc.close();
  });

  const receipt = (msg: Msg) => {
    const h = headers();
    h.set(RECEIPT_HEADER, '1');
    msg.respond(Empty, { headers: h });
  };

  it('a copy the bus handed to a member that never answers goes out again, and the answer of the next copy settles it', async () => {
    const subject = uniqueId('rr').replace(/[^a-z0-9-]/gi, '');
    let swallowed = 0;
    // The hole takes the first request it gets, as a queue member on a paused node does, then leaves the group.
    const hole = nc.subscribe(subject, {
      queue: 'q',
      callback: () => {
        swallowed++;
        hole.unsubscribe();
      },
    });
    await nc.flush();
    const answered: string[] = [];
    nc.subscribe(subject, { queue: 'q', callback: (_err, msg) => (answered.push(text(msg)), msg.respond(bytes(`answer to ${text(msg)}`))) });
    await nc.flush();
    let resent = 0;
    const replies: string[] = [];
    // The group picks the hole for one request in two: 15 requests miss it once in 30,000 runs.
    for (let i = 0; i < 15 && swallowed === 0; i++) replies.push(text(await requests.request(subject, bytes(`r${i}`), options, () => resent++)));
    expect(swallowed).toBe(1);
    expect(resent).toBe(1);
    expect(replies).toEqual(answered.map((r) => `answer to ${r}`));
    expect(requests.inFlight).toBe(0);
  }, 20_000);

  it('a receipt holds the copies back: a slow answer comes through without a second copy', async () => {
    const subject = uniqueId('slow').replace(/[^a-z0-9-]/gi, '');
    let received = 0;
    nc.subscribe(subject, {
      callback: (_err, msg) => {
        received++;
        setTimeout(() => receipt(msg), 100);
        setTimeout(() => msg.respond(bytes('late answer')), 900);
      },
    });
    await nc.flush();
    let resent = 0;
    expect(text(await requests.request(subject, bytes('x'), options, () => resent++))).toBe('late answer');
    expect([received, resent]).toEqual([1, 0]);
  }, 10_000);

  it('nobody listening: 503 at once; nobody answering: TIMEOUT after every copy went out', async () => {
    await expect(requests.request(uniqueId('none').replace(/[^a-z0-9-]/gi, ''), bytes('x'), options)).rejects.toMatchObject({ code: '503' });
    const subject = uniqueId('mute').replace(/[^a-z0-9-]/gi, '');
    let copies = 0;
    nc.subscribe(subject, { callback: () => copies++ });
    await nc.flush();
    const started = Date.now();
    await expect(requests.request(subject, bytes('x'), { timeoutMs: 1000, resendAfterMs: 300, maxCopies: 3 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await sleep(100);
    expect(copies).toBe(3);
  }, 10_000);
});
