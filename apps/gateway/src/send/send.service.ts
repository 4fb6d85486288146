import { ErrorCode, LivecastError, Names, normalizeText, type ChatMessage, type MessageSendRequest, type MessageSendResult } from '@livecast/contracts';
import { Bus, jetStreamErrorKind } from '@livecast/nats';
import { hedged } from '@livecast/resilience';
import { SERVICE_INFO, counter, latencyHistogram, type ServiceInfo } from '@livecast/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection } from '../connections/connection';
import { RoomHub } from '../rooms/room-hub.service';

const sendLatency = latencyHistogram('gateway_send_seconds', 'message:send until ingest replied', ['outcome'] as const);
const hedges = counter('gateway_ingest_hedges_total', 'ingest requests sent again after INGEST_HEDGE_MS without a reply');
/** Copies of one ingest request at most, the first included. */
const MAX_INGEST_COPIES = 3;

/**
 * Forwards a viewer's message to ingest (request/reply on the room's ingest subject),
 * hedged: a request the cluster routed to an ingest it cannot reach (on a paused NATS
 * node) is sent again after INGEST_HEDGE_MS instead of waiting out INGEST_TIMEOUT_MS.
 */
@Injectable()
export class SendService {
  constructor(
    private readonly bus: Bus,
    private readonly names: Names,
    private readonly hub: RoomHub,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async send(connection: Connection, request: MessageSendRequest): Promise<MessageSendResult> {
    const { principal } = connection;
    if (principal.guest) throw new LivecastError(ErrorCode.Unauthenticated, 'guests may watch but not send: sign in to chat');
    if (!this.hub.isMember(connection.id, request.roomId)) throw new LivecastError(ErrorCode.NotInRoom, `join room ${request.roomId} before sending`, 'roomId');
    // Checked here too so a bad message costs no bus round trip; ingest checks again.
    const text = normalizeText(request.text, request.kind);
    const started = performance.now();
    const subject = this.names.ingest(request.roomId);
    const payload = { ...request, from: principal, gatewayId: this.info.instanceId };
    const reply = await hedged((timeoutMs) => this.bus.request(subject, payload, timeoutMs), {
      timeoutMs: this.config.INGEST_TIMEOUT_MS,
      hedgeAfterMs: this.config.INGEST_HEDGE_MS,
      maxCopies: this.config.INGEST_HEDGE_MS > 0 ? MAX_INGEST_COPIES : 1,
      conclusive: (answer) => answer.ok,
      onHedge: () => hedges.inc(),
    }).catch((err: unknown) => {
      throw unanswered(err);
    });
    sendLatency.observe({ outcome: reply.ok ? 'accepted' : reply.error.code }, (performance.now() - started) / 1000);
    if (!reply.ok) throw LivecastError.fromWire(reply.error);
    const message: ChatMessage = { seq: reply.seq, roomId: request.roomId, kind: request.kind, text, clientMsgId: request.clientMsgId, from: principal, ts: reply.ts };
    return { seq: reply.seq, duplicate: reply.duplicate, message };
  }
}

/**
 * No ingest answered: with no ingest subscribed at all (503) nothing was stored; after a
 * timeout the request may have been handled and the message stored. Either way the same
 * clientMsgId may be sent again.
 */
function unanswered(err: unknown): LivecastError {
  const noIngest = jetStreamErrorKind(err) === 'no_responders';
  return new LivecastError(
    ErrorCode.Unavailable,
    noIngest ? 'message service is not running: the message was not stored, retry with the same clientMsgId' : 'message service did not answer in time: the message may have been stored, retry with the same clientMsgId',
    undefined,
    { cause: err, outcome: noIngest ? 'not_stored' : 'unknown', retryable: true },
  );
}
