import { ErrorCode, LivecastError, Names, normalizeText, type ChatMessage, type MessageSendRequest, type MessageSendResult } from '@livecast/contracts';
import { Bus, jetStreamErrorKind } from '@livecast/nats';
import { SERVICE_INFO, latencyHistogram, type ServiceInfo } from '@livecast/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import type { Connection } from '../connections/connection';
import { RoomHub } from '../rooms/room-hub.service';

const sendLatency = latencyHistogram('gateway_send_seconds', 'message:send until ingest replied', ['outcome'] as const);
/** Copies of one ingest request at most, the first included (see INGEST_RESEND_MS). */
const MAX_INGEST_COPIES = 3;

/**
 * Forwards a viewer's message to ingest (request/reply on the room's ingest subject). A
 * request that gets neither ingest's receipt nor its reply within INGEST_RESEND_MS goes out
 * again: the NATS cluster may have routed it to an ingest on a paused node.
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
    const reply = await this.bus
      .requestWithReceipts(
        this.names.ingest(request.roomId),
        { ...request, from: principal, gatewayId: this.info.instanceId, expiresAt: Date.now() + this.config.INGEST_TIMEOUT_MS },
        { timeoutMs: this.config.INGEST_TIMEOUT_MS, resendAfterMs: this.config.INGEST_RESEND_MS, maxCopies: MAX_INGEST_COPIES },
      )
      .catch((err: unknown) => {
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
