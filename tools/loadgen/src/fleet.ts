import { ClientEvent, ServerEvent, type Ack, type Role, type RoomJoinResult } from '@livecast/contracts';
import { clientFactory } from './client-factory';
import { runRamp, type RampProgress } from './connect-ramp';
import { record } from './histogram';
import { emitWithTimeout, type ClientFactory, type LoadClient } from './load-client';
import { gatewayIndexOf, sourceIndexOf, type WorkerPlan } from './plan';
import { minterFor } from './tokens';
import { countCode, type WorkerStats } from './worker-stats';

/** What a connection is for. */
export type ConnectionKind = 'viewer' | 'sender' | 'system';

/** One connection to open: who, for what, and its global index (which picks gateway and source address). */
export interface ConnectionSpec {
  kind: ConnectionKind;
  /** Index within its kind's array in this worker. */
  slot: number;
  index: number;
  userId: string;
  role: Role;
}

/** Hooks the scenario gives the fleet while connecting. */
export interface FleetHooks {
  /** Before the handshake: attach listeners (so nothing sent after a join is missed). */
  opened?(spec: ConnectionSpec, client: LoadClient): void;
  /** After a successful join. */
  joined?(spec: ConnectionSpec, result: RoomJoinResult): void;
}

/** Every connection a worker plan asks for, viewers first. */
export function connectionSpecs(plan: WorkerPlan): ConnectionSpec[] {
  const specs: ConnectionSpec[] = [];
  const { viewers, senders, systemSenders, runId, totalViewers, totalSenders } = plan;
  for (let i = viewers.from; i < viewers.to; i++) specs.push({ kind: 'viewer', slot: i - viewers.from, index: i, userId: `${runId}-v${i}`, role: 'viewer' });
  for (let s = senders.from; s < senders.to; s++) specs.push({ kind: 'sender', slot: s - senders.from, index: totalViewers + s, userId: `${runId}-s${s}`, role: 'viewer' });
  for (let a = systemSenders.from; a < systemSenders.to; a++) {
    specs.push({ kind: 'system', slot: a - systemSenders.from, index: totalViewers + totalSenders + a, userId: `${runId}-a${a}`, role: 'admin' });
  }
  return specs;
}

/**
 * A worker's connections: opened through a rate- and concurrency-bounded ramp, each to
 * its gateway from its source address, optionally joined to the scenario's room;
 * unexpected disconnects are counted by reason.
 */
export class Fleet {
  readonly viewers: LoadClient[];
  readonly senders: LoadClient[];
  readonly systemSenders: LoadClient[];
  /** Gateway index of each viewer slot. */
  readonly viewerGateway: Uint8Array;
  readonly progress: RampProgress = { started: 0, done: 0 };
  private readonly specs: ConnectionSpec[];
  private readonly open: ClientFactory;
  private closing = false;

  constructor(
    private readonly plan: WorkerPlan,
    private readonly stats: WorkerStats,
  ) {
    this.specs = connectionSpecs(plan);
    this.open = clientFactory(plan.client);
    this.viewers = new Array<LoadClient>(plan.viewers.to - plan.viewers.from);
    this.senders = new Array<LoadClient>(plan.senders.to - plan.senders.from);
    this.systemSenders = new Array<LoadClient>(plan.systemSenders.to - plan.systemSenders.from);
    this.viewerGateway = new Uint8Array(this.viewers.length);
  }

  get size(): number {
    return this.specs.length;
  }

  /** Opens (and joins) every connection; resolves when each has succeeded or failed. */
  connectAll(hooks: FleetHooks): Promise<void> {
    return runRamp(this.specs.length, this.plan.connectRate, this.plan.connectConcurrency, (k) => this.connectOne(this.specs[k], hooks), this.progress);
  }

  /** Closes every connection; disconnects from now on are not counted. */
  closeAll(): void {
    this.closing = true;
    for (const group of [this.viewers, this.senders, this.systemSenders]) for (const client of group) client?.close();
  }

  private async connectOne(spec: ConnectionSpec, hooks: FleetHooks): Promise<void> {
    const { gateways, sourceAddresses, jwtSecret, ackTimeoutMs } = this.plan;
    const gateway = gatewayIndexOf(spec.index, gateways.length);
    const source = sourceIndexOf(spec.index, gateways.length, sourceAddresses.length);
    const token = minterFor(jwtSecret).mint(spec.userId, spec.role);
    const client = this.open({ url: gateways[gateway], userId: spec.userId, role: spec.role, token, localAddress: sourceAddresses[source], timeoutMs: ackTimeoutMs });
    const group = spec.kind === 'viewer' ? this.viewers : spec.kind === 'sender' ? this.senders : this.systemSenders;
    group[spec.slot] = client;
    if (spec.kind === 'viewer') this.viewerGateway[spec.slot] = gateway;
    hooks.opened?.(spec, client);
    const started = performance.now();
    try {
      await client.whenConnected();
    } catch (err) {
      this.stats.connections.failed++;
      countCode(this.stats.errors, (err as Error).message);
      return;
    }
    record(this.stats.handshake, (performance.now() - started) * 1000);
    this.stats.connections.opened++;
    client.on('disconnect', (reason: never) => {
      if (this.closing) return;
      this.stats.connections.disconnected++;
      countCode(this.stats.disconnectReasons, String(reason).replace(/ /g, '_'));
    });
    client.on(ServerEvent.Disconnecting, (closing: { code?: string } | undefined) => countCode(this.stats.disconnectReasons, `server:${closing?.code ?? 'unknown'}`));
    const roomId = this.roomFor(spec);
    if (roomId !== undefined) await this.join(spec, client, roomId, hooks);
  }

  /** idle, storm: viewer i joins rooms[i % n]; flood: everyone joins the room; churn: nobody joins here. */
  private roomFor(spec: ConnectionSpec): string | undefined {
    const { scenario, rooms } = this.plan;
    if (rooms.length === 0 || scenario === 'churn') return undefined;
    if (scenario === 'idle' || scenario === 'storm') return spec.kind === 'viewer' ? rooms[spec.index % rooms.length] : undefined;
    return rooms[0];
  }

  private async join(spec: ConnectionSpec, client: LoadClient, roomId: string, hooks: FleetHooks): Promise<void> {
    let ack: Ack<RoomJoinResult>;
    const started = performance.now();
    try {
      ack = await emitWithTimeout<Ack<RoomJoinResult>>(client, ClientEvent.RoomJoin, { roomId }, this.plan.ackTimeoutMs);
      record(this.stats.joinAck, (performance.now() - started) * 1000);
    } catch {
      countCode(this.stats.errors, 'join:TIMEOUT');
      return;
    }
    if (!ack.ok) {
      countCode(this.stats.errors, `join:${ack.error.code}`);
      return;
    }
    this.stats.connections.joined++;
    if (spec.kind === 'viewer') this.stats.connections.viewersJoined++;
    hooks.joined?.(spec, ack);
  }
}
