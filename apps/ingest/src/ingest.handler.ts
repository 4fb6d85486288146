import { ErrorCode, LivecastError, Names, errorAck, type IngestRequest } from '@livecast/contracts';
import { Bus, isTransientJetStreamError, type BusMessage, type BusSubscription } from '@livecast/nats';
import { counter, gauge, jetStreamErrors } from '@livecast/service-runtime';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { INGEST_CONFIG, type IngestConfig } from './config';
import { IngestService } from './ingest.service';

const inFlightGauge = gauge('ingest_in_flight', 'requests being handled');
/**
 * A request not answered this long gets a receipt, so the gateway does not send it again
 * (it does after INGEST_RESEND_MS of silence); the sweep looks every RECEIPT_SWEEP_MS.
 */
const RECEIPT_AFTER_MS = 100;
const RECEIPT_SWEEP_MS = 50;
/**
 * A request arriving this long after its gateway's deadline is not acted on: the gateway
 * answered UNAVAILABLE long ago and the client retries, so acting on it could only spend
 * the sender's and the room's limits (a NATS node paused for seconds hands on what it held
 * when it resumes). The grace covers clock skew between hosts.
 */
const EXPIRED_GRACE_MS = 1000;
const expiredRequests = counter('ingest_requests_expired_total', "requests that arrived more than 1 s after their gateway's deadline: answered UNAVAILABLE, nothing decided or stored");

/**
 * Takes `ingest.<room>` requests in the ingest queue group: validates at the boundary,
 * delegates, replies; a request still in flight after RECEIPT_AFTER_MS gets a receipt first.
 */
@Injectable()
export class IngestHandler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IngestHandler');
  private subscription?: BusSubscription;
  private inFlight = 0;
  /** Requests in flight that have not had a receipt, and when each arrived. */
  private readonly unreceipted = new Map<BusMessage, number>();
  private receiptTimer?: NodeJS.Timeout;

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
    clearInterval(this.receiptTimer);
  }

  private async handle(request: IngestRequest, msg: BusMessage): Promise<void> {
    if (request.expiresAt !== undefined && Date.now() > request.expiresAt + EXPIRED_GRACE_MS) {
      expiredRequests.inc();
      this.reply(
        msg,
        new LivecastError(ErrorCode.Unavailable, 'the request reached the message service after its gateway gave up: nothing was stored, retry with the same clientMsgId', undefined, {
          outcome: 'not_stored',
          retryable: true,
        }),
      );
      return;
    }
    if (this.inFlight >= this.config.MAX_IN_FLIGHT) {
      this.reply(msg, new LivecastError(ErrorCode.Unavailable, 'ingest is overloaded: retry shortly'));
      return;
    }
    this.inFlight++;
    inFlightGauge.set(this.inFlight);
    this.unreceipted.set(msg, Date.now());
    this.receiptTimer ??= setInterval(() => this.sendReceipts(), RECEIPT_SWEEP_MS);
    try {
      this.bus.reply(msg, this.names.ingestAll(), await this.ingest.accept(request));
    } catch (err) {
      this.reply(msg, err, request);
    } finally {
      this.unreceipted.delete(msg);
      this.inFlight--;
      inFlightGauge.set(this.inFlight);
    }
  }

  private sendReceipts(): void {
    const due = Date.now() - RECEIPT_AFTER_MS;
    // In arrival order: the first one not due ends the pass.
    for (const [msg, arrivedAt] of this.unreceipted) {
      if (arrivedAt > due) break;
      this.unreceipted.delete(msg);
      this.bus.receipt(msg);
    }
    if (this.unreceipted.size === 0) {
      clearInterval(this.receiptTimer);
      this.receiptTimer = undefined;
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
