import { LivecastError, createLivecastClient, type LivecastClient, type MessageKind, type RoomSession } from '@livecast/client-sdk';
import type { ChatView } from './chat-view';
import type { StatusView } from './status-view';

/**
 * The page's one client and its session of the room. Signing in (or acting as host)
 * replaces the client: a guest connection becomes one with the new token.
 */
export class RoomConnection {
  private client?: LivecastClient;
  private session?: RoomSession;

  constructor(
    private readonly url: string,
    private readonly roomId: string,
    private readonly chat: ChatView,
    private readonly status: StatusView,
  ) {}

  /** (Re)connects with `token` (a guest without one) and joins the room. */
  async connect(token?: string): Promise<void> {
    this.client?.close();
    const client = createLivecastClient({ url: this.url, token });
    this.client = client;
    this.status.connection(client.state);
    client.on('state', (state) => this.status.connection(state));
    this.status.session('joining', 0);
    try {
      this.attach(await client.join(this.roomId));
    } catch (err) {
      if (client === this.client) this.status.ended(LivecastError.from(err));
    }
  }

  /** Sends as the signed-in user; rejects with the SDK's LivecastError. */
  send(text: string, kind: MessageKind): Promise<unknown> {
    if (!this.session) return Promise.reject(new Error('not in the room yet'));
    return this.session.send(text, kind);
  }

  private attach(session: RoomSession): void {
    this.session = session;
    this.status.clear();
    document.body.dataset.session = session.state;
    this.status.online(session.snapshot.online);
    this.chat.reset(session.history);
    session.on('messages', (messages) => this.chat.add(messages));
    session.on('shaped', (counters) => this.chat.shaped(counters));
    session.on('online', (online) => this.status.online(online));
    session.on('state', (state) => this.status.session(state, session.lastSeq));
    session.on('resumed', ({ missed, truncated }) => this.status.resumed(missed, truncated));
    session.on('gap', () => this.chat.marker('some messages were lost on the way'));
    session.on('skipped', (frames) => this.chat.marker(`catching up: ${frames} frame${frames === 1 ? '' : 's'} skipped`));
    session.on('ended', (reason) => this.status.ended(reason));
  }
}
