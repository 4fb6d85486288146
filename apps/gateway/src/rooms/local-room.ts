import type { ChatMessage } from '@livecast/contracts';
import { RecentMessages } from '@livecast/presence';
import type { BusSubscription } from '@livecast/nats';

/** What a gateway keeps for a room while it is subscribed to it. */
export class LocalRoom {
  readonly recent: RecentMessages;
  online = 0;
  /** Newest stream seq this gateway knows the room reached (from history and frames). */
  lastSeq = 0;
  /** When the last frame was delivered (ms since epoch); frames carry the online count too. */
  lastFrameAt = 0;
  /** The one history read that seeds `recent`; shared by every join that needs it. */
  seeding?: Promise<void>;
  subscriptions: BusSubscription[] = [];

  constructor(
    readonly roomId: string,
    capacity: number,
  ) {
    this.recent = new RecentMessages(capacity);
  }

  remember(messages: readonly ChatMessage[]): void {
    this.recent.addAll(messages);
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }
}
