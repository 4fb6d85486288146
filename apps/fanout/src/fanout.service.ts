import { Names, partitionOf } from '@livecast/contracts';
import { Bus, openBucket } from '@livecast/nats';
import { NATS_CONNECTION, ReadinessRegistry, SERVICE_INFO, gauge, type ReadinessCheck, type ServiceInfo } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
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
  private controlSubscription?: Subscription;
  private roundsOk = false;
  private deps?: PartitionWorkerDeps;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly bus: Bus,
    private readonly names: Names,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(FANOUT_CONFIG) private readonly config: FanoutConfig,
    readiness: ReadinessRegistry,
  ) {
    readiness.add(this);
  }

  ready(): boolean {
    return this.roundsOk;
  }

  async onApplicationBootstrap(): Promise<void> {
    const js = this.nc.jetstream();
    this.deps = {
      bus: this.bus,
      js,
      jsm: await this.nc.jetstreamManager(),
      names: this.names,
      maxAckPending: this.config.MAX_ACK_PENDING,
      shaping: {
        screenRate: this.config.SCREEN_RATE,
        priorityRate: this.config.PRIORITY_RATE,
        tickMs: this.config.TICK_MS,
        megaRoomThreshold: this.config.MEGA_ROOM_THRESHOLD,
        maxFrameIntervalMs: this.config.MAX_FRAME_INTERVAL_MS,
      },
    };
    const kv = await openBucket(js, this.names.bucketLeases, { replicas: this.info.kvReplicas });
    this.leases = new PartitionLeases(kv, this.names, this.info.instanceId, this.config.PARTITIONS, this.config.LEASE_TTL_MS, {
      acquired: (p) => this.startWorker(p),
      lost: (p) => this.stopWorker(p),
    });
    this.controlSubscription = this.bus.subscribe('control', this.names.controlAll(), (control) => {
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
    if (!this.deps || this.workers.has(partition)) return;
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
