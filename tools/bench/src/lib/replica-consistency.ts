import { Names } from '@livecast/contracts';
import { BusCredentials, findNatsServer, NatsCluster, type StreamReplicaState } from '@livecast/stack-runner';
import { AckPolicy, connect, DeliverPolicy, headers, nanos, type JetStreamClient, type NatsConnection } from 'nats';
import { progress } from './measure';

/** Which node faults the run injects: SIGKILL and restart, SIGSTOP and SIGCONT, either at random, or none. */
export type ConsistencyFaults = 'kill' | 'stop' | 'mixed' | 'none';

export interface ReplicaConsistencyOptions {
  durationSec: number;
  /** Share of messages published twice at once (same Nats-Msg-Id, two connections on different nodes), as a retry does. */
  duplicates: number;
  faults: ConsistencyFaults;
  /** Subjects messages are spread over, each read by its own filtered consumer. */
  subjects: number;
  /** Pause between two publishes, in ms. */
  everyMs: number;
}

/** One run's counts: `seqMismatches` are deliveries whose stream seq differs from the one the publish was acked with. */
export interface ReplicaConsistencyResult {
  bench: 'nats-replica-consistency';
  natsServer: string;
  options: ReplicaConsistencyOptions;
  faultsInjected: number;
  published: number;
  duplicatePublishes: number;
  publishErrors: number;
  delivered: number;
  seqMismatches: number;
  /** Each node's replica once writes stopped, read twice 1 s apart. */
  replicas: StreamReplicaState[][];
  /** Whether every replica held the same first and last seq in both reads. */
  replicasAgree: boolean;
}

const STREAM = 'CONSISTENCY';
const SUBJECT_PREFIX = 'consistency';
/** A consumer is re-created this often (from the next seq it has not seen), as a fan-out re-creates its partition consumer after a fault. */
const CONSUMER_LIFETIME_MS = 7000;
const FAULT_EVERY_MS = 6000;
const SETTLE_MS = 8000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whether a 3-node JetStream cluster keeps its R3 replicas identical under node faults
 * while some messages are published twice with the same Nats-Msg-Id (what a retry of an
 * append whose outcome is unknown does). Filtered pull consumers check every delivery's
 * seq against the seq its publish was acked with; at the end every node's replica state
 * is compared. Written for ADR 0022: on nats-server 2.9.10, duplicates plus faults make
 * the replicas diverge.
 */
export async function runReplicaConsistency(options: ReplicaConsistencyOptions): Promise<ReplicaConsistencyResult> {
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server binary (PATH, /usr/sbin or NATS_SERVER_BIN): install Debian\'s nats-server');
  const credentials = new BusCredentials(new Names('rc'), 1);
  const cluster = await NatsCluster.start(binary, { credentials, timeoutMs: 30_000 });
  const urls = cluster.url.split(',');
  const login = { user: credentials.operator.user, pass: credentials.operator.password, reconnectTimeWait: 250, maxReconnectAttempts: -1, pingInterval: 1000, maxPingOut: 2 };
  const connections: NatsConnection[] = [];
  try {
    for (let i = 0; i < 3; i++) connections.push(await connect({ ...login, servers: [...urls.slice(i), ...urls.slice(0, i)] }));
    const [first, second, reader] = connections;
    await createStream(first, options.subjects);
    const counts = { published: 0, duplicatePublishes: 0, publishErrors: 0, delivered: 0, seqMismatches: 0, faultsInjected: 0 };
    const ackedSeq = new Map<string, number>();
    let running = true;
    const publishing = publish([first.jetstream(), second.jetstream()], options, ackedSeq, counts, () => running);
    const reading = Array.from({ length: options.subjects }, (_, i) => consume(reader, i, ackedSeq, counts, () => running));
    const deadline = Date.now() + options.durationSec * 1000;
    while (Date.now() < deadline) {
      await sleep(FAULT_EVERY_MS);
      if (options.faults !== 'none') await injectFault(cluster, options.faults);
      counts.faultsInjected += options.faults === 'none' ? 0 : 1;
    }
    running = false;
    await Promise.all([publishing, ...reading]);
    await sleep(SETTLE_MS);
    const replicas = [await cluster.streamReplicas(STREAM)];
    await sleep(1000);
    replicas.push(await cluster.streamReplicas(STREAM));
    const replicasAgree = replicas.every((read) => read.length === 3 && new Set(read.map((r) => `${r.firstSeq}-${r.lastSeq}`)).size === 1);
    return { bench: 'nats-replica-consistency', natsServer: first.info?.version ?? 'unknown', options, ...counts, replicas, replicasAgree };
  } finally {
    await Promise.allSettled(connections.map((nc) => nc.close()));
    await cluster.stop();
  }
}

async function createStream(nc: NatsConnection, subjects: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: STREAM, subjects: [`${SUBJECT_PREFIX}.>`], num_replicas: 3, max_msgs_per_subject: 50, duplicate_window: nanos(120_000), allow_direct: true });
  progress(`stream ${STREAM}: R3 over ${subjects} subjects`);
}

async function publish(
  clients: JetStreamClient[],
  options: ReplicaConsistencyOptions,
  ackedSeq: Map<string, number>,
  counts: { published: number; duplicatePublishes: number; publishErrors: number },
  running: () => boolean,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; running(); n++) {
    const id = `m${n}`;
    const subject = `${SUBJECT_PREFIX}.${n % options.subjects}`;
    const twice = Math.random() < options.duplicates;
    if (twice) counts.duplicatePublishes++;
    const senders = twice ? clients : [clients[n % 2]];
    const h = headers();
    h.set('Nats-Msg-Id', id);
    const sent = Promise.allSettled(senders.map((js) => js.publish(subject, new TextEncoder().encode(id), { headers: h, timeout: 3000 }))).then((outcomes) => {
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') counts.publishErrors++;
        else if (!ackedSeq.has(id)) {
          ackedSeq.set(id, outcome.value.seq);
          counts.published++;
        }
      }
    });
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    await sleep(options.everyMs);
  }
  await Promise.all(inFlight);
}

async function consume(
  nc: NatsConnection,
  index: number,
  ackedSeq: Map<string, number>,
  counts: { delivered: number; seqMismatches: number },
  running: () => boolean,
): Promise<void> {
  const js = nc.jetstream();
  let next = 1;
  for (let round = 0; running(); round++) {
    const name = `c${index}-${round}`;
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.consumers.add(STREAM, { durable_name: name, filter_subject: `${SUBJECT_PREFIX}.${index}`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next, inactive_threshold: nanos(30_000) });
      const messages = await (await js.consumers.get(STREAM, name)).consume({ max_messages: 100, expires: 5000 });
      const until = Date.now() + CONSUMER_LIFETIME_MS + index * 300;
      // Ends the loop below at the consumer's lifetime or the run's end, messages or not.
      const stopper = setInterval(() => (Date.now() > until || !running()) && messages.stop(), 200);
      for await (const m of messages) {
        counts.delivered++;
        const acked = ackedSeq.get(new TextDecoder().decode(m.data));
        if (acked !== undefined && acked !== m.seq) counts.seqMismatches++;
        next = Math.max(next, m.seq + 1);
        m.ack();
      }
      clearInterval(stopper);
      await jsm.consumers.delete(STREAM, name).catch(() => undefined);
    } catch {
      await sleep(300);
    }
  }
}

/** Kills (and restarts) or pauses (and resumes) the stream leader 60 % of the time, another node otherwise. */
async function injectFault(cluster: NatsCluster, faults: ConsistencyFaults): Promise<void> {
  const states = await cluster.streamReplicas(STREAM);
  const leader = states.find((s) => s.leader)?.leader;
  const names = cluster.nodes.map((n) => n.name);
  const victim = leader && Math.random() < 0.6 ? names.indexOf(leader) : Math.floor(Math.random() * names.length);
  const kill = faults === 'kill' || (faults === 'mixed' && Math.random() < 0.7);
  progress(`${kill ? 'kill -9' : 'SIGSTOP'} ${names[victim]} (stream leader ${leader ?? 'none'})`);
  if (kill) {
    await cluster.kill(victim);
    await sleep(4000 + Math.random() * 3000);
    await cluster.restart(victim).catch((err: Error) => progress(`restart: ${err.message}`));
  } else {
    cluster.pause(victim);
    await sleep(6000 + Math.random() * 4000);
    cluster.resume(victim);
  }
  await sleep(3000);
}
