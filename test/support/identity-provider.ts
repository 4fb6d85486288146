import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A signing key of the fake provider: its private half and its public JWK. */
export interface ProviderKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

/**
 * A stand-in identity provider for the specs: ES256 keys, a JWKS served over loopback
 * HTTP (keys can be published later, or the endpoint taken down), and tokens shaped like a
 * real provider's (iss, aud, a namespaced roles claim).
 */
export class IdentityProvider {
  readonly issuer = 'https://id.livecast.test/';
  readonly audience = 'livecast-api';
  readonly rolesClaim = 'https://livecast.test/roles';
  private readonly published: JWK[] = [];
  private server?: Server;
  url = '';
  fetches = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.fetches++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: this.published }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A new ES256 key; `publish` puts it in the JWKS at once. */
  async newKey(kid: string, publish: boolean): Promise<ProviderKey> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const key = { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
    if (publish) this.publish(key);
    return key;
  }

  publish(key: ProviderKey): void {
    this.published.push(key.jwk);
  }

  /** A token as the provider would issue it; `claims` overrides any default (iss, aud, exp, roles). */
  token(key: ProviderKey, sub: string, roles: string[] = [], claims: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.issuer, aud: this.audience, sub, iat: now, exp: now + 600, [this.rolesClaim]: roles, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** The gateway and membership settings that trust this provider. */
  env(): Record<string, string> {
    return { JWT_JWKS_URL: this.url, JWT_ISSUER: this.issuer, JWT_AUDIENCE: this.audience, JWT_ROLE_CLAIM: this.rolesClaim, JWT_JWKS_COOLDOWN_MS: '200' };
  }
}
