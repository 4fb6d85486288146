import { Names, partitionOf } from '@livecast/contracts';
import { Bus, MessageStream, type BusSubscription } from '@livecast/nats';
import { SerialTimer, Supervisor } from '@livecast/resilience';
import { ShaperSet, type ShapingConfig } from '@livecast/shaping';
import { LEASES_BUCKET, ReadinessRegistry, SERVICE_INFO, counter, gauge, jetStreamErrors, type LeasesBucket, type ReadinessCheck, type ServiceInfo } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { FANOUT_CONFIG, type FanoutConfig } from './config';
import { PartitionLeases, type Ownership } from './leases/partition-leases';
import { PartitionWorker, type PartitionWorkerDeps } from './partition/partition-worker';

const ownedGauge = gauge('fanout_partitions_owned', 'partitions this instance owns');
const servingGauge = gauge('fanout_partitions_serving', 'owned partitions whose consumer is up (not between an end and its re-creation)');
const recreations = counter('fanout_consumer_recreations_total', 'partition consumers re-created after their feed ended by itself');

/**
 * Healing of a partition whose feed ended: 250 ms doubling to 2 s between failing attempts
 * (an attempt during an election costs one refused request; a longer wait delays the room).
 */
const HEAL_BACKOFF = { initialMs: 250, maxMs: 2000, jitter: 0.3 };
const HEALTHY_AFTER_MS = 30_000;
const PROGRESS_CHECK_MS = 2000;

/** One owned partition: its current worker, kept alive by a supervisor, and its rooms' shapers for as long as it is owned. */
interface Served {
  supervisor: Supervisor;
  shapers: ShaperSet;
  /** The ownership's consumer slot, for every worker of it. */
  consumerSlot: number;
  worker?: PartitionWorker;
  /** Where the last worker got to, for a successor whose consumer is gone. */
  resumeAt?: number;
  /** Set once the first worker opened: a later open is a re-creation, made only while the lease is still this ownership's. */
  opened: boolean;
}

/** Runs the lease rounds and one supervised worker per owned partition; feeds online counts to the shapers. */
@Injectable()
export class FanoutService implements OnApplicationBootstrap, BeforeApplicationShutdown, ReadinessCheck {
  readonly name = 'partitions';
  private readonly logger = new Logger('Fanout');
  private readonly served = new Map<number, Served>();
  private leases?: PartitionLeases;
  private rounds?: SerialTimer;
  private controlSubscription?: BusSubscription;
  private roundsOk = false;
  private readonly deps: PartitionWorkerDeps;
  /** Every owned partition's shapers take this config. */
  private readonly shaping: Partial<ShapingConfig>;

  constructor(
    private readonly bus: Bus,
    stream: MessageStream,
    @Inject(LEASES_BUCKET) private readonly leaseBucket: LeasesBucket,
    private readonly names: Names,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(FANOUT_CONFIG) private readonly config: FanoutConfig,
    readiness: ReadinessRegistry,
  ) {
    readiness.add(this);
    this.deps = {
      bus,
      stream,
      names,
      maxAckPending: config.MAX_ACK_PENDING,
      progressCheckMs: PROGRESS_CHECK_MS,
    };
    this.shaping = {
      screenRate: config.SCREEN_RATE,
      priorityRate: config.PRIORITY_RATE,
      priorityMaxWaitMs: config.PRIORITY_MAX_WAIT_MS,
      tickMs: config.TICK_MS,
      megaRoomThreshold: config.MEGA_ROOM_THRESHOLD,
      maxFrameIntervalMs: config.MAX_FRAME_INTERVAL_MS,
    };
  }

  /** Ready while lease rounds succeed and every owned partition's consumer is up. */
  ready(): boolean {
    return this.roundsOk && this.servingCount() === this.served.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.leases = new PartitionLeases(this.leaseBucket, this.names, this.info.instanceId, this.config.PARTITIONS, this.config.LEASE_TTL_MS, {
      acquired: (p, ownership) => this.serve(p, ownership),
      lost: (p) => this.release(p),
      positionOf: (p) => this.positionOf(p),
    });
    this.controlSubscription = this.bus.subscribe(this.names.controlAll(), (control) => {
      if (control.action !== 'online' || control.online === undefined) return;
      this.served.get(partitionOf(control.roomId, this.config.PARTITIONS))?.worker?.setOnline(control.roomId, control.online);
    });
    await this.round();
    this.rounds = new SerialTimer(() => this.round(), this.config.LEASE_RENEW_MS);
    this.rounds.start();
  }

  /** Stops the workers and hands the partitions back, so another instance resumes without waiting for expiry. */
  async beforeApplicationShutdown(): Promise<void> {
    this.roundsOk = false;
    await this.rounds?.stop();
    this.controlSubscription?.unsubscribe();
    await this.leases?.releaseAll();
  }

  private async round(): Promise<void> {
    try {
      await this.leases?.round();
      this.roundsOk = true;
    } catch (err) {
      this.roundsOk = false;
      jetStreamErrors.record('lease.round', err);
      this.logger.warn(`lease round failed: ${String(err)}`);
    }
    ownedGauge.set(this.served.size);
    servingGauge.set(this.servingCount());
  }

  private servingCount(): number {
    let serving = 0;
    for (const served of this.served.values()) if (served.supervisor.running) serving++;
    return serving;
  }

  /** Where a successor would resume the partition: its worker's position, else the last one known. */
  private positionOf(partition: number): number | undefined {
    const served = this.served.get(partition);
    return served?.worker?.resumeAt ?? served?.resumeAt;
  }

  /**
   * Starts serving a partition; a feed that later ends is re-opened at its ack floor by the
   * supervisor. `ownership.resumeAt` (from the lease) is where to start if the partition has no consumer.
   */
  private async serve(partition: number, ownership: Ownership): Promise<void> {
    if (this.served.has(partition)) return;
    const served: Served = {
      resumeAt: ownership.resumeAt,
      consumerSlot: ownership.consumerSlot,
      opened: false,
      shapers: new ShaperSet(this.shaping),
      supervisor: new Supervisor({
        start: async () => {
          // An owner cut off from the bus may find its consumer deleted by a successor: re-creating it would make two owners.
          if (served.opened && !(await this.leases?.stillHolds(partition))) throw new Error('the lease is another ownership’s now');
          const worker = await PartitionWorker.open(partition, this.deps, served.shapers, { consumerSlot: served.consumerSlot, resumeAt: served.resumeAt });
          served.opened = true;
          served.worker = worker;
          return worker;
        },
        backoff: HEAL_BACKOFF,
        healthyAfterMs: HEALTHY_AFTER_MS,
        onEnded: (reason, restartInMs) => {
          served.resumeAt = served.worker?.resumeAt;
          served.worker = undefined;
          this.logger.warn(`partition ${partition}: feed ended (${String(reason)}): re-creating its consumer in ${restartInMs} ms`);
        },
        onStartFailed: (err, retryInMs) => {
          jetStreamErrors.record('partition.open', err);
          this.logger.warn(`partition ${partition}: re-creating its consumer failed (${String(err)}): next attempt in ${retryInMs} ms`);
        },
        onRestarted: () => {
          recreations.inc();
          this.logger.log(`partition ${partition}: consumer re-created`);
        },
      }),
    };
    this.served.set(partition, served);
    try {
      await served.supervisor.start();
    } catch (err) {
      if (this.served.get(partition) === served) this.served.delete(partition);
      jetStreamErrors.record('partition.open', err);
      this.logger.warn(`partition ${partition}: opening failed (${String(err)}): lease handed back`);
      throw err;
    }
  }

  private async release(partition: number): Promise<void> {
    const served = this.served.get(partition);
    this.served.delete(partition);
    await served?.supervisor.stop();
    this.logger.log(`partition ${partition} released`);
  }
}
