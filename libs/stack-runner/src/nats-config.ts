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

/** One node of a JetStream cluster on loopback: a single-server config plus its name, route port and peers. */
export interface NatsClusterNodeConfig extends NatsServerConfig {
  serverName: string;
  clusterName: string;
  clusterPort: number;
  /** Monitoring port (`/healthz`, `/jsz`): how the launcher sees the meta leader. */
  httpPort: number;
  /** Route ports of every node of the cluster, this one's included (a node ignores a route to itself). */
  routePorts: number[];
  /** Login the nodes use on each other's route port: routes refuse anyone else. */
  routeLogin: { user: string; password: string };
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A route URL carries the login in its user-info part: keep it to characters that need no escaping. */
const ROUTE_SECRET = /^[A-Za-z0-9_-]{1,128}$/;

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

/**
 * The config of one node of a JetStream cluster: the same users and permissions as a
 * single server (every node needs them, as clients may land on any), its cluster block
 * with authenticated routes to every peer, and a monitoring port.
 */
export function renderClusterNodeConfig(config: NatsClusterNodeConfig): string {
  const { serverName, clusterName, routeLogin } = config;
  for (const [what, value] of [['server name', serverName], ['cluster name', clusterName]] as const) {
    if (!NAME.test(value)) throw new Error(`not a valid nats ${what}: ${JSON.stringify(value)}`);
  }
  if (!ROUTE_SECRET.test(routeLogin.user) || !ROUTE_SECRET.test(routeLogin.password)) throw new Error('route user and password must be [A-Za-z0-9_-]{1,128}');
  if (!config.routePorts.includes(config.clusterPort)) throw new Error(`route ports ${config.routePorts.join(',')} must include the node's own ${config.clusterPort}`);
  const routes = config.routePorts.map((port) => `    ${quote(`nats-route://${routeLogin.user}:${routeLogin.password}@${config.host}:${port}`)}`);
  return [
    `server_name: ${quote(serverName)}`,
    `host: ${quote(config.host)}`,
    `port: ${config.port}`,
    `http: ${quote(`${config.host}:${config.httpPort}`)}`,
    `jetstream {`,
    `  store_dir: ${quote(config.storeDir)}`,
    `}`,
    `cluster {`,
    `  name: ${quote(clusterName)}`,
    `  host: ${quote(config.host)}`,
    `  port: ${config.clusterPort}`,
    `  authorization {`,
    `    user: ${quote(routeLogin.user)}`,
    `    password: ${quote(routeLogin.password)}`,
    `  }`,
    `  routes: [`,
    ...routes,
    `  ]`,
    `}`,
    renderAuthorization(config.users),
  ].join('\n');
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
