import type { Span } from '@livecast/stack-runner';
import { JSONCodec, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';

/**
 * One stream, or one consumer of a stream, whose leader the room's path needs. A stream
 * with `probe` is also written to: a leader that answers info but cannot commit an append
 * within the timeout (seen while a SIGSTOPped follower held the raft group back) serves
 * no client either.
 */
export type Replicated = ReplicatedStream | MetaLeader;

export interface ReplicatedStream {
  stream: string;
  /** The names the consumer may have (a partition's slots): whichever exists is the one. */
  consumer?: string[];
  /** A subject of the stream and a body to append there on every poll. */
  probe?: { subject: string; body: () => unknown };
}

/**
 * The cluster's metadata leader, which every consumer creation needs (a fan-out re-creating
 * its partition consumer after the consumer lost its own leader). Without one, nats-server
 * 2.9 answers account info and consumer creates 503 while stream leaders still answer info
 * (measured: 12.9 s without a metadata leader after a node's SIGCONT, consumer creates 503
 * throughout).
 */
export interface MetaLeader {
  meta: true;
}

/** The spans in which a target had no leader, and how long they lasted in all. */
export interface Leaderless {
  spans: Span[];
  totalMs: number;
}

const POLL_MS = 100;
/**
 * A leader answers info in ms; one that does not within this is as good as absent for a
 * send (during an election info requests go unanswered rather than refused). Long enough
 * that a busy 2-core machine does not pass for an election.
 */
const INFO_TIMEOUT_MS = 1000;

/** What a leader answered for a consumer or stream that does not exist: livecast's doing (deleted, not yet re-created), not an election. */
const ABSENT = '(absent)';

const json = JSONCodec();

/** The leader of `target` as the cluster reports it, ABSENT when it answered "not found", or undefined (no leader, no answer, a probe append not committed). */
async function leaderOf(jsm: JetStreamManager, js: JetStreamClient, target: Replicated): Promise<string | undefined> {
  if ('meta' in target) {
    return jsm.getAccountInfo().then(
      () => 'meta',
      () => undefined,
    );
  }
  const infos = target.consumer ? target.consumer.map((name) => jsm.consumers.info(target.stream, name)) : [jsm.streams.info(target.stream)];
  const leaders = await Promise.all(
    infos.map((info) =>
      info.then(
        (i) => i.cluster?.leader || undefined,
        (err: Error) => (/not found/i.test(err.message) ? ABSENT : undefined),
      ),
    ),
  );
  const leader = leaders.find((l) => l !== undefined && l !== ABSENT) ?? (leaders.every((l) => l === ABSENT) ? ABSENT : undefined);
  if (!leader || !target.probe) return leader;
  const probe = target.probe;
  return js.publish(probe.subject, json.encode(probe.body()), { timeout: INFO_TIMEOUT_MS }).then(
    () => leader,
    () => undefined,
  );
}

/**
 * Watches, through a client of its own, whether every stream and consumer of `targets`
 * has a leader (and a probed stream commits an append), every 100 ms while a fault runs,
 * and keeps the spans in which one had none: the time a raft election of nats-server
 * takes, which no client can shorten. A span runs from the start of the first poll that
 * found a leader missing to the start of the next poll that found them all.
 */
export class LeaderWatch {
  private readonly spans: Span[] = [];
  private leaderlessSince?: number;
  private running = true;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly targets: readonly Replicated[],
  ) {
    this.loop = this.poll();
  }

  static async start(nc: NatsConnection, targets: readonly Replicated[]): Promise<LeaderWatch> {
    return new LeaderWatch(await nc.jetstreamManager({ timeout: INFO_TIMEOUT_MS, checkAPI: false }), nc.jetstream({ timeout: INFO_TIMEOUT_MS }), targets);
  }

  /** Whether every target has a leader now (one that does not exist counts as led: its absence is not the cluster's election). */
  async allLed(): Promise<boolean> {
    const leaders = await Promise.all(this.targets.map((t) => leaderOf(this.jsm, this.js, t)));
    return leaders.every((l) => l !== undefined);
  }

  /** How much of `[from, to]` the cluster has been without a leader so far (a span still open counts up to now). */
  leaderlessWithin(from: number, to: number): number {
    const open = this.leaderlessSince === undefined ? [] : [{ from: this.leaderlessSince, to: Date.now() }];
    return [...this.spans, ...open].reduce((ms, span) => ms + Math.max(0, Math.min(to, span.to) - Math.max(from, span.from)), 0);
  }

  /** Stops polling; the spans so far, one still open closed now, and their total. */
  async stop(): Promise<Leaderless> {
    this.running = false;
    await this.loop;
    if (this.leaderlessSince !== undefined) this.spans.push({ from: this.leaderlessSince, to: Date.now() });
    this.leaderlessSince = undefined;
    return { spans: [...this.spans], totalMs: this.spans.reduce((ms, s) => ms + s.to - s.from, 0) };
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const at = Date.now();
      const led = await this.allLed();
      if (!led) this.leaderlessSince ??= at;
      else if (this.leaderlessSince !== undefined) {
        this.spans.push({ from: this.leaderlessSince, to: at });
        this.leaderlessSince = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (Date.now() - at))));
    }
  }
}

/** What kept the cluster from settling: `blocking` (a leader missing, a stream replica behind, a replica offline) fails the fault; `lagging` is only noted. */
export interface Unsettled {
  blocking?: string;
  lagging?: string;
}

/**
 * Waits until every stream of the account has a leader and current replicas and every
 * durable consumer of `streams` has a leader and no replica offline (≤ `timeoutMs`), then
 * up to `laggingMs` more for the consumers' replicas to be current: the next fault starts
 * from a whole cluster, as an operator waits before the next node. nats-server 2.9.10 was
 * seen to report a restarted node's replica of a quiet durable consumer not current for
 * over a minute (and that node's /healthz never passing) while the stream and the other
 * replicas were whole, so that alone is noted, not failed.
 */
export async function clusterSettled(nc: NatsConnection, streams: readonly string[], timeoutMs: number, laggingMs: number): Promise<Unsettled> {
  const jsm = await nc.jetstreamManager({ timeout: 2000, checkAPI: false });
  const blocking = await settle(() => check(jsm, streams, false), timeoutMs);
  if (blocking) return { blocking };
  const lagging = await settle(() => check(jsm, streams, true), laggingMs);
  return lagging ? { lagging } : {};
}

/** Polls `probe` every 200 ms until it answers '' or `timeoutMs` passed; the last answer otherwise. */
async function settle(probe: () => Promise<string>, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not read yet';
  while (Date.now() < deadline) {
    last = await probe().catch((err: Error) => `cluster unreadable (${err.message})`);
    if (last === '') return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

/** '' when settled; else the first stream or consumer without a leader or with a replica behind (consumers' currency only when `consumersCurrent`). */
async function check(jsm: JetStreamManager, streams: readonly string[], consumersCurrent: boolean): Promise<string> {
  for (const info of await jsm.streams.list().next()) {
    const cluster = info.cluster;
    if (!cluster?.leader) return `${info.config.name}: no leader`;
    const behind = (cluster.replicas ?? []).find((r) => !r.current || r.offline);
    if (behind) return `${info.config.name}: replica ${behind.name} not current`;
  }
  for (const stream of streams) {
    for (const consumer of await jsm.consumers.list(stream).next()) {
      if (!consumer.config.durable_name) continue;
      if (!consumer.cluster?.leader) return `${stream} > ${consumer.name}: no leader`;
      const behind = (consumer.cluster.replicas ?? []).find((r) => r.offline || (consumersCurrent && !r.current));
      if (behind) return `${stream} > ${consumer.name}: replica ${behind.name} ${behind.offline ? 'offline' : 'not current'}`;
    }
  }
  return '';
}
