// Micro-benchmark: cost of one token verification per algorithm, uncached (a new token
// string each time, as at a first connect) and cached (the same token again: reconnects,
// a user's second device). Reports CPU µs (user + system of this process) and wall µs.
// Run: node -r @swc-node/register libs/auth/src/token-verifier.bench.ts [tokens]
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { JwksSource } from './jwks-source';
import { TokenVerifier } from './token-verifier';

interface Case {
  name: string;
  verifier: TokenVerifier;
  sign: (sub: string) => Promise<string>;
}

function signer(key: KeyLike | Uint8Array, header: { alg: string; kid?: string }) {
  return (sub: string) => new SignJWT({ role: 'viewer' }).setProtectedHeader(header).setSubject(sub).setExpirationTime('1h').sign(key);
}

async function cases(): Promise<Case[]> {
  const secret = 'bench-secret-0123456789abcdef';
  const [rsa, ec, ed] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256'), generateKeyPair('EdDSA', { crv: 'Ed25519' })]);
  const jwk = { ...(await exportJWK(ec.publicKey)), kid: 'bench', alg: 'ES256' };
  const jwks = new JwksSource({ url: 'https://bench.invalid/jwks', cooldownMs: 30_000, maxAgeMs: 3_600_000, timeoutMs: 1000, fetch: async () => new Response(JSON.stringify({ keys: [jwk] })) });
  // In Node, jose's keys are KeyObjects.
  const publicKeys = [rsa.publicKey, ec.publicKey, ed.publicKey] as KeyObject[];
  const keyed = new TokenVerifier({ secrets: [secret], publicKeys, allowGuests: false });
  return [
    { name: 'HS256', verifier: keyed, sign: signer(createSecretKey(Buffer.from(secret)), { alg: 'HS256' }) },
    { name: 'RS256', verifier: keyed, sign: signer(rsa.privateKey, { alg: 'RS256' }) },
    { name: 'ES256', verifier: keyed, sign: signer(ec.privateKey, { alg: 'ES256' }) },
    { name: 'EdDSA', verifier: keyed, sign: signer(ed.privateKey, { alg: 'EdDSA' }) },
    { name: 'ES256 via JWKS', verifier: new TokenVerifier({ jwks, allowGuests: false }), sign: signer(ec.privateKey, { alg: 'ES256', kid: 'bench' }) },
  ];
}

async function measure(verifier: TokenVerifier, tokens: string[]): Promise<{ cpuUs: number; wallUs: number }> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  for (const token of tokens) await verifier.verify(token);
  const used = process.cpuUsage(cpu);
  const round = (us: number) => Math.round((us / tokens.length) * 10) / 10;
  return { cpuUs: round(used.user + used.system), wallUs: round(Number(process.hrtime.bigint() - wall) / 1000) };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  for (const { name, verifier, sign } of await cases()) {
    const warmUp = await Promise.all(Array.from({ length: 200 }, (_, i) => sign(`warm-${name}-${i}`)));
    const tokens = await Promise.all(Array.from({ length: n }, (_, i) => sign(`user-${name}-${i}`)));
    await measure(verifier, warmUp); // the JIT settles, the JWKS is fetched
    const uncached = await measure(verifier, tokens);
    const cached = await measure(verifier, tokens);
    console.log(JSON.stringify({ name: `auth.verify.${name}`, tokens: n, uncached, cached }));
  }
}

void main();
