import { ConfigError } from '@livecast/config';
import { accessSync, constants, readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, tokenAuthenticator, usernamePasswordAuthenticator, type Authenticator, type TlsOptions } from 'nats';

/** How a process proves who it is to NATS, as configured (empty strings count as unset). */
export interface NatsAuthSettings {
  user?: string;
  password?: string;
  /** A file holding the password of `user` (a mounted secret); read again on every reconnect, so it can be rotated in place. */
  passwordFile?: string;
  token?: string;
  /** An nkey user seed (`SU…`). */
  nkeySeed?: string;
  /** A `.creds` file (user JWT + seed); read again on every reconnect, so it can be rotated in place. */
  credsFile?: string;
  tlsCaFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
}

/** Which kind of login is used; safe to log. */
export type NatsAuthMethod = 'none' | 'user' | 'token' | 'nkey' | 'creds';

/** Connection options derived from the settings; `describe` is the only part meant for logs. */
export interface NatsAuthOptions {
  authenticator?: Authenticator;
  tls?: TlsOptions;
  describe: { auth: NatsAuthMethod; user?: string; tls: boolean };
}

const NONCE = 'livecast-credentials-check';

/**
 * Validates the NATS credentials and TLS files of a service and builds the client
 * options, or throws a ConfigError listing every problem. Secrets appear in no message.
 */
export function natsAuthOptions(settings: NatsAuthSettings): NatsAuthOptions {
  const s = normalized(settings);
  const methods = configuredMethods(s);
  const problems = loginProblems(s, methods);
  const auth = methods.length === 1 ? methods[0] : 'none';
  const authenticator = problems.length === 0 ? buildAuthenticator(auth, s, problems) : undefined;
  const tls = tlsOptions(s, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { authenticator, tls, describe: { auth, ...(auth === 'user' ? { user: s.user } : {}), tls: tls !== undefined } };
}

function configuredMethods(s: NatsAuthSettings): NatsAuthMethod[] {
  const user = Boolean(s.user || s.password || s.passwordFile);
  return [user && 'user', s.token && 'token', s.nkeySeed && 'nkey', s.credsFile && 'creds'].filter(Boolean) as NatsAuthMethod[];
}

function loginProblems(s: NatsAuthSettings, methods: NatsAuthMethod[]): string[] {
  if (methods.length > 1) return [`NATS credentials: set only one of NATS_USER/NATS_PASSWORD, NATS_TOKEN, NATS_NKEY_SEED, NATS_CREDS_FILE (got ${methods.join(', ')})`];
  if (methods[0] !== 'user') return [];
  if (s.password && s.passwordFile) return ['NATS_PASSWORD and NATS_PASSWORD_FILE: set only one'];
  if (!s.user || !(s.password || s.passwordFile)) return ['NATS_USER and NATS_PASSWORD go together (or NATS_USER and NATS_PASSWORD_FILE)'];
  return [];
}

function buildAuthenticator(auth: NatsAuthMethod, s: NatsAuthSettings, problems: string[]): Authenticator | undefined {
  switch (auth) {
    case 'none':
      return undefined;
    case 'user':
      return s.passwordFile ? passwordFileAuthenticator(s.user as string, s.passwordFile, problems) : usernamePasswordAuthenticator(s.user as string, s.password as string);
    case 'token':
      return tokenAuthenticator(s.token as string);
    case 'nkey':
      return checked(nkeyAuthenticator(new TextEncoder().encode(s.nkeySeed)), 'NATS_NKEY_SEED: not a valid nkey user seed', problems);
    case 'creds': {
      const file = s.credsFile as string;
      if (!readable(file, 'NATS_CREDS_FILE', problems)) return undefined;
      return checked(credsAuthenticator(() => readFileSync(file)), `NATS_CREDS_FILE: ${file} is not a valid creds file (user JWT and seed)`, problems);
    }
  }
}

function passwordFileAuthenticator(user: string, file: string, problems: string[]): Authenticator | undefined {
  if (!readable(file, 'NATS_PASSWORD_FILE', problems)) return undefined;
  const password = () => readFileSync(file, 'utf8').trim();
  if (password() === '') {
    problems.push(`NATS_PASSWORD_FILE: ${file} is empty`);
    return undefined;
  }
  return usernamePasswordAuthenticator(user, password);
}

/** Signs a dummy nonce once, so a malformed seed or creds file fails at start-up, not at connect. */
function checked(authenticator: Authenticator, problem: string, problems: string[]): Authenticator | undefined {
  try {
    authenticator(NONCE);
    return authenticator;
  } catch {
    problems.push(problem);
    return undefined;
  }
}

function tlsOptions(s: NatsAuthSettings, problems: string[]): TlsOptions | undefined {
  if (!s.tlsCaFile && !s.tlsCertFile && !s.tlsKeyFile) return undefined;
  if (!s.tlsCertFile !== !s.tlsKeyFile) problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together');
  const tls: TlsOptions = {};
  if (s.tlsCaFile && readable(s.tlsCaFile, 'NATS_TLS_CA_FILE', problems)) tls.caFile = s.tlsCaFile;
  if (s.tlsCertFile && readable(s.tlsCertFile, 'NATS_TLS_CERT_FILE', problems)) tls.certFile = s.tlsCertFile;
  if (s.tlsKeyFile && readable(s.tlsKeyFile, 'NATS_TLS_KEY_FILE', problems)) tls.keyFile = s.tlsKeyFile;
  return tls;
}

function readable(file: string, name: string, problems: string[]): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    problems.push(`${name}: cannot read ${file}`);
    return false;
  }
}

function normalized(settings: NatsAuthSettings): NatsAuthSettings {
  const out: NatsAuthSettings = {};
  for (const [key, value] of Object.entries(settings) as [keyof NatsAuthSettings, string | undefined][]) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
