import { Names, type ChatMessage } from '@livecast/contracts';
import { encodeJson } from '@livecast/nats';
import { NATS_CONNECTION } from '@livecast/service-runtime';
import { Inject, Injectable } from '@nestjs/common';
import type { JetStreamClient, NatsConnection } from 'nats';

/** The durable append: resolves only when JetStream has stored the message. */
@Injectable()
export class MessageAppender {
  private readonly js: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    private readonly names: Names,
  ) {
    this.js = nc.jetstream();
  }

  /**
   * `dedupKey` becomes the Nats-Msg-Id: within the stream's duplicate window, a second
   * append with the same key (from any replica) stores nothing and returns the first seq.
   */
  async append(subject: string, message: ChatMessage, dedupKey: string): Promise<{ seq: number; duplicate: boolean }> {
    const ack = await this.js.publish(subject, encodeJson(message), { msgID: dedupKey, expect: { streamName: this.names.streamMessages }, timeout: 5000 });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }
}
