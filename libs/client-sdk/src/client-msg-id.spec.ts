import { newClientMsgId } from './client-msg-id';

const CLIENT_MSG_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

describe('client-sdk: newClientMsgId', () => {
  it('uses crypto.randomUUID when present', () => {
    expect(newClientMsgId({ randomUUID: () => '00000000-0000-4000-8000-000000000000' })).toBe('00000000-0000-4000-8000-000000000000');
    expect(newClientMsgId()).toMatch(CLIENT_MSG_ID);
  });

  it.each<[string, Parameters<typeof newClientMsgId>[0]]>([
    ['getRandomValues only (insecure browser context)', { getRandomValues: <T extends ArrayBufferView | null>(a: T) => a }],
    ['no crypto at all', undefined],
    ['empty crypto object', {}],
  ])('falls back to a valid unique id: %s', (_name, source) => {
    const a = newClientMsgId(source);
    expect(a).toMatch(CLIENT_MSG_ID);
    expect(a.length).toBeLessThanOrEqual(64);
    if (source?.getRandomValues === undefined) expect(newClientMsgId(source)).not.toBe(a);
  });
});
