import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { freePort, startGateway, type ServiceProcess } from '@livecast/stack-runner';
import { suiteCredentials } from './bus';
import { TEST_TUNING, suiteEnv, type ExtraGatewayId } from './suite-env';

/**
 * Starts one more gateway of the running suite, for specs that watch or kill a gateway of
 * their own. Its id must be one the global setup gave a NATS user (EXTRA_GATEWAY_IDS).
 * `port` restarts one on the port it had.
 */
export async function startExtraGateway(id: ExtraGatewayId, port?: number): Promise<ServiceProcess> {
  const env = suiteEnv();
  const log = createWriteStream(join(env.logDir, `${id}.log`), { flags: 'a' });
  port ??= await freePort();
  const options = { natsUrl: env.natsUrl, namespace: env.namespace, jwtSecret: env.jwtSecret, credentials: suiteCredentials(), env: TEST_TUNING };
  // Output after the exit closed the log is dropped.
  const sink = (_name: string, line: string) => {
    if (!log.writableEnded) log.write(`${line}\n`);
  };
  const gateway = await startGateway({ ...options, sink }, port, id);
  gateway.child.once('exit', () => log.end());
  return gateway;
}

/** Reads one sample (summed over labels) from a service's Prometheus endpoint. */
export async function metric(baseUrl: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{'))) continue;
    if (labels && !rest.includes(labels)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
