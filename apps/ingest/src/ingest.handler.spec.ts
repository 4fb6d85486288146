import { Names, type IngestReply, type IngestRequest } from '@livecast/contracts';
import type { Bus, BusMessage } from '@livecast/nats';
import type { IngestConfig } from './config';
import { IngestHandler } from './ingest.handler';
import type { IngestService } from './ingest.service';

const request: IngestRequest = { roomId: 'r1', clientMsgId: 'c1', kind: 'chat', text: 'hi', from: { id: 'u1', name: 'u1', role: 'viewer', guest: false }, gatewayId: 'g1' };

/** A bus that hands the handler its subscription callback and records receipts and replies. */
function fakeBus() {
  let deliver!: (payload: IngestRequest, msg: BusMessage) => Promise<void>;
  const receipts: BusMessage[] = [];
  const replies: IngestReply[] = [];
  const bus = {
    subscribe: (_channel: unknown, handler: typeof deliver) => ((deliver = handler), { drain: async () => undefined }),
    receipt: (msg: BusMessage) => receipts.push(msg),
    reply: (_msg: BusMessage, _channel: unknown, reply: IngestReply) => replies.push(reply),
  } as unknown as Bus;
  return { bus, receipts, replies, deliver: (msg: BusMessage, payload = request) => deliver(payload, msg) };
}

describe('IngestHandler: receipts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('a request still in flight after 100 ms gets one receipt; a quick one gets none', async () => {
    let finish!: (reply: IngestReply) => void;
    const accepts: Promise<IngestReply>[] = [Promise.resolve({ ok: true, seq: 1, duplicate: false, ts: 1 }), new Promise((resolve) => (finish = resolve))];
    const ingest = { accept: () => accepts.shift(), refused: () => undefined } as unknown as IngestService;
    const { bus, receipts, replies, deliver } = fakeBus();
    const handler = new IngestHandler(bus, new Names('lc'), ingest, { MAX_IN_FLIGHT: 10 } as IngestConfig);
    handler.onApplicationBootstrap();
    const quick = { reply: 'inbox.1' } as BusMessage;
    const slow = { reply: 'inbox.2' } as BusMessage;
    await deliver(quick);
    const slowDone = deliver(slow);
    await jest.advanceTimersByTimeAsync(400);
    expect(receipts).toEqual([slow]);
    finish({ ok: true, seq: 2, duplicate: false, ts: 2 });
    await slowDone;
    expect(replies.map((r) => r.ok && r.seq)).toEqual([1, 2]);
    await handler.onModuleDestroy();
  });

  it('a request arriving more than 1 s after its deadline is answered UNAVAILABLE without being accepted', async () => {
    const accept = jest.fn();
    const { bus, replies, deliver } = fakeBus();
    const handler = new IngestHandler(bus, new Names('lc'), { accept, refused: () => undefined } as unknown as IngestService, { MAX_IN_FLIGHT: 10 } as IngestConfig);
    handler.onApplicationBootstrap();
    await deliver({ reply: 'inbox.3' } as BusMessage, { ...request, expiresAt: Date.now() - 1500 });
    expect(accept).not.toHaveBeenCalled();
    expect(replies).toEqual([{ ok: false, error: expect.objectContaining({ code: 'UNAVAILABLE', outcome: 'not_stored', retryable: true }) }]);
    await deliver({ reply: 'inbox.4' } as BusMessage, { ...request, expiresAt: Date.now() - 500 });
    expect(accept).toHaveBeenCalledTimes(1);
    await handler.onModuleDestroy();
  });
});
