import { Names, partitionOf } from '@livecast/contracts';
import { Bus, MessageStream, type BusSubscription } from '@livecast/nats';
import { LEASES_BUCKET, ReadinessRegistry, SERVICE_INFO, gauge, type LeasesBucket, type ReadinessCheck, type ServiceInfo } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { FANOUT_CONFIG, type FanoutConfig } from './config';
import { PartitionLeases } from './leases/partition-leases';
import { PartitionWorker, type PartitionWorkerDeps } from './partition/partition-worker';

const ownedGauge = gauge('fanout_partitions_owned', 'partitions this instance owns');

/** Runs the lease rounds and one worker per owned partition; feeds online counts to the shapers. */
@Injectable()
export class FanoutService implements OnApplicationBootstrap, BeforeApplicationShutdown, ReadinessCheck {
  readonly name = 'leases';
  private readonly logger = new Logger('Fanout');
  private readonly workers = new Map<number, PartitionWorker>();
  private leases?: PartitionLeases;
  private timer?: NodeJS.Timeout;
  private controlSubscription?: BusSubscription;
  private roundsOk = false;
  private readonly deps: PartitionWorkerDeps;

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
      shaping: {
        screenRate: config.SCREEN_RATE,
        priorityRate: config.PRIORITY_RATE,
        tickMs: config.TICK_MS,
        megaRoomThreshold: config.MEGA_ROOM_THRESHOLD,
        maxFrameIntervalMs: config.MAX_FRAME_INTERVAL_MS,
      },
    };
  }

  ready(): boolean {
    return this.roundsOk;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.leases = new PartitionLeases(this.leaseBucket, this.names, this.info.instanceId, this.config.PARTITIONS, this.config.LEASE_TTL_MS, {
      acquired: (p) => this.startWorker(p),
      lost: (p) => this.stopWorker(p),
    });
    this.controlSubscription = this.bus.subscribe(this.names.controlAll(), (control) => {
      if (control.action !== 'online' || control.online === undefined) return;
      this.workers.get(partitionOf(control.roomId, this.config.PARTITIONS))?.setOnline(control.roomId, control.online);
    });
    await this.round();
    this.timer = setInterval(() => void this.round(), this.config.LEASE_RENEW_MS);
  }

  /** Stops the workers and hands the partitions back, so another instance resumes without waiting for expiry. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.controlSubscription?.unsubscribe();
    await this.leases?.releaseAll();
  }

  private async round(): Promise<void> {
    try {
      await this.leases?.round();
      this.roundsOk = true;
    } catch (err) {
      this.roundsOk = false;
      this.logger.warn(`lease round failed: ${String(err)}`);
    }
    ownedGauge.set(this.workers.size);
  }

  private async startWorker(partition: number): Promise<void> {
    if (this.workers.has(partition)) return;
    const worker = new PartitionWorker(partition, this.deps);
    this.workers.set(partition, worker);
    try {
      await worker.start();
    } catch (err) {
      this.workers.delete(partition);
      throw err;
    }
  }

  private async stopWorker(partition: number): Promise<void> {
    const worker = this.workers.get(partition);
    this.workers.delete(partition);
    await worker?.stop();
    this.logger.log(`partition ${partition} released`);
  }
}
