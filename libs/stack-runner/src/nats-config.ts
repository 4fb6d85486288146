import type { BusPermissions, SubjectRules } from '@livecast/contracts';

/** A password written into the config, or a `$NAME` reference nats-server resolves from its environment. */
export type NatsSecret = { value: string } | { env: string };

/** One user of the `authorization` block. */
export interface NatsUser {
  user: string;
  password: NatsSecret;
  /** Absent: may publish and subscribe to anything (an operator for tests and tools). */
  permissions?: BusPermissions;
}

/** A single nats-server with JetStream: what `startNatsServer` runs. */
export interface NatsServerConfig {
  host: string;
  port: number;
  storeDir: string;
  users: NatsUser[];
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The `authorization { users: [...] }` block of a nats-server 2.9 config. With a users
 * list and no `no_auth_user`, a client without valid credentials is refused.
 */
export function renderAuthorization(users: NatsUser[]): string {
  if (users.length === 0) throw new Error('nats authorization needs at least one user');
  const seen = new Set<string>();
  const entries = users.map((u) => {
    if (seen.has(u.user)) throw new Error(`nats user ${u.user} is listed twice`);
    seen.add(u.user);
    return renderUser(u);
  });
  return ['authorization {', '  users: [', ...entries, '  ]', '}', ''].join('\n');
}

/** A whole single-server config: listen address, JetStream store, authorization. */
export function renderServerConfig(config: NatsServerConfig): string {
  return [`host: ${quote(config.host)}`, `port: ${config.port}`, `jetstream {`, `  store_dir: ${quote(config.storeDir)}`, `}`, renderAuthorization(config.users)].join('\n');
}

function renderUser(u: NatsUser): string {
  const lines = [`    {`, `      user: ${quote(u.user)}`, `      password: ${secret(u.password)}`];
  if (u.permissions) lines.push(...renderPermissions(u.permissions));
  lines.push('    }');
  return lines.join('\n');
}

function renderPermissions(p: BusPermissions): string[] {
  return [
    '      permissions: {',
    ...renderRules('publish', p.publish),
    ...renderRules('subscribe', p.subscribe),
    ...(p.allowResponses ? ['        allow_responses: true'] : []),
    '      }',
  ];
}

function renderRules(direction: string, rules: SubjectRules): string[] {
  const list = (name: string, subjects: string[]) => (subjects.length === 0 ? [] : [`          ${name}: [`, ...subjects.map((s) => `            ${quote(s)}`), '          ]']);
  return [`        ${direction}: {`, ...list('allow', rules.allow), ...list('deny', rules.deny), '        }'];
}

function secret(s: NatsSecret): string {
  if ('value' in s) return quote(s.value);
  if (!ENV_NAME.test(s.env)) throw new Error(`not an environment variable name: ${s.env}`);
  return `$${s.env}`;
}

// Quoted strings are literal in the nats config format: `$JS.API…` is not a variable there.
function quote(s: string): string {
  if (/["\\\n\r]/.test(s)) throw new Error(`cannot quote ${JSON.stringify(s)} in a nats config`);
  return `"${s}"`;
}
