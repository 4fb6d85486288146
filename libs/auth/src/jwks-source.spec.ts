import { ErrorCode, LivecastError } from '@livecast/contracts';
import { errors, exportJWK, generateKeyPair, type JWK } from 'jose';
import { JwksSource } from './jwks-source';

/** A fake provider: serves `keys` (or fails while `down`), counting fetches; the clock is ours. */
function provider() {
  const state = { keys: [] as JWK[], down: false, fetches: 0, now: 1_000_000, errors: [] as unknown[], body: undefined as string | undefined };
  const source = new JwksSource({
    url: 'https://id.example.com/.well-known/jwks.json',
    cooldownMs: 30_000,
    maxAgeMs: 600_000,
    timeoutMs: 1000,
    now: () => state.now,
    onError: (err) => state.errors.push(err),
    fetch: async () => {
      state.fetches++;
      if (state.down) throw new TypeError('fetch failed');
      return new Response(state.body ?? JSON.stringify({ keys: state.keys }));
    },
  });
  return { state, source };
}

async function jwkOf(kid: string): Promise<JWK> {
  const { publicKey } = await generateKeyPair('ES256');
  return { ...(await exportJWK(publicKey)), kid, alg: 'ES256' };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(() => undefined, (err: unknown) => err);
}

describe('auth: JwksSource', () => {
  it('loads on first use and answers later lookups from memory', async () => {
    const { state, source } = provider();
    state.keys = [await jwkOf('k1')];
    expect(await source.keysFor({ alg: 'ES256', kid: 'k1' })).toHaveLength(1);
    expect(await source.keysFor({ alg: 'ES256', kid: 'k1' })).toHaveLength(1);
    expect(state.fetches).toBe(1);
  });

  it('refetches for an unknown kid, at most once per cooldown', async () => {
    const { state, source } = provider();
    state.keys = [await jwkOf('k1')];
    await source.keysFor({ alg: 'ES256', kid: 'k1' });
    state.now += 30_000;
    state.keys.push(await jwkOf('k2'));
    expect(await source.keysFor({ alg: 'ES256', kid: 'k2' })).toHaveLength(1);
    expect(state.fetches).toBe(2);
    for (let i = 0; i < 50; i++) expect(await failure(() => source.keysFor({ alg: 'ES256', kid: `forged-${i}` }))).toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(state.fetches).toBe(2);
  });

  it('keeps the last good set while the provider is down', async () => {
    const { state, source } = provider();
    state.keys = [await jwkOf('k1')];
    await source.keysFor({ alg: 'ES256', kid: 'k1' });
    state.down = true;
    state.now += 3_600_000;
    expect(await source.keysFor({ alg: 'ES256', kid: 'k1' })).toHaveLength(1);
    expect(await failure(() => source.keysFor({ alg: 'ES256', kid: 'k9' }))).toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it('refreshes an old set in the background', async () => {
    const { state, source } = provider();
    state.keys = [await jwkOf('k1')];
    await source.keysFor({ alg: 'ES256', kid: 'k1' });
    state.now += 600_000;
    await source.keysFor({ alg: 'ES256', kid: 'k1' });
    expect(state.fetches).toBe(2);
  });

  it('is UNAVAILABLE with no set at all, and tries again after the cooldown', async () => {
    const { state, source } = provider();
    state.down = true;
    const err = await failure(() => source.keysFor({ alg: 'ES256', kid: 'k1' }));
    expect(err).toBeInstanceOf(LivecastError);
    expect((err as LivecastError).code).toBe(ErrorCode.Unavailable);
    state.down = false;
    state.keys = [await jwkOf('k1')];
    await failure(() => source.keysFor({ alg: 'ES256', kid: 'k1' }));
    expect(state.fetches).toBe(1);
    state.now += 30_000;
    expect(await source.keysFor({ alg: 'ES256', kid: 'k1' })).toHaveLength(1);
  });

  it('gives every candidate when the token names no kid', async () => {
    const { state, source } = provider();
    state.keys = [await jwkOf('k1'), await jwkOf('k2')];
    expect(await source.keysFor({ alg: 'ES256' })).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no keys array', '{"keys":7}'],
    ['too large', JSON.stringify({ keys: [], pad: 'x'.repeat(300 * 1024) })],
  ])('refuses a set that is %s and keeps none', async (_name, body) => {
    const { state, source } = provider();
    state.body = body;
    expect(await failure(() => source.keysFor({ alg: 'ES256', kid: 'k1' }))).toBeInstanceOf(LivecastError);
    expect(state.errors).toHaveLength(1);
  });
});
