import { ErrorCode, LivecastError, Names, errorAck, type IngestRequest } from '@livecast/contracts';
import { Bus, isTransientJetStreamError, type BusMessage, type BusSubscription } from '@livecast/nats';
import { gauge, jetStreamErrors } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { INGEST_CONFIG, type IngestConfig } from './config';
import { IngestService } from './ingest.service';

const inFlightGauge = gauge('ingest_in_flight', 'requests being handled');

/** Takes `ingest.<room>` requests in the ingest queue group: validates at the boundary, delegates, replies. */
@Injectable()
export class IngestHandler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IngestHandler');
  private subscription?: BusSubscription;
  private inFlight = 0;

  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly ingest: IngestService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribe(this.names.ingestAll(), (request, message) => this.handle(request, message), {
      queue: this.names.ingestQueue,
      onInvalid: (message) => this.reply(message, new LivecastError(ErrorCode.Invalid, 'ingest request does not match the contract')),
    });
  }

  /** Stops taking requests; the ones in flight finish while the connection drains. */
  async onModuleDestroy(): Promise<void> {
    await this.subscription?.drain();
  }

  private async handle(request: IngestRequest, msg: BusMessage): Promise<void> {
    if (this.inFlight >= this.config.MAX_IN_FLIGHT) {
      this.reply(msg, new LivecastError(ErrorCode.Unavailable, 'ingest is overloaded: retry shortly'));
      return;
    }
    this.inFlight++;
    inFlightGauge.set(this.inFlight);
    try {
      this.bus.reply(msg, this.names.ingestAll(), await this.ingest.accept(request));
    } catch (err) {
      this.reply(msg, err, request);
    } finally {
      this.inFlight--;
      inFlightGauge.set(this.inFlight);
    }
  }

  private reply(msg: BusMessage, err: unknown, request?: IngestRequest): void {
    const ack = errorAck(notStoredIfTransient(err));
    this.ingest.refused(ack.error.code);
    if (ack.error.code === ErrorCode.Internal) this.logger.error({ err, roomId: request?.roomId }, 'ingest failed');
    this.bus.reply(msg, this.names.ingestAll(), ack);
  }
}

/**
 * A JetStream failure before the append (room, moderation or rate-limit state during a
 * leader election) stored nothing: the client may retry as it is.
 */
function notStoredIfTransient(err: unknown): unknown {
  if (err instanceof LivecastError || !isTransientJetStreamError(err)) return err;
  jetStreamErrors.record('ingest.policy', err);
  return new LivecastError(ErrorCode.Unavailable, 'message service is failing over: the message was not stored, retry with the same clientMsgId', undefined, {
    cause: err,
    outcome: 'not_stored',
    retryable: true,
  });
}
