import type { ChatMessage, ShapedCounters } from '@livecast/client-sdk';

/** Lines kept on screen; older ones go (history is the server's, not the page's). */
const MAX_LINES = 120;
const STAFF = new Set(['host', 'moderator', 'admin']);
const count = new Intl.NumberFormat('en-US');

/**
 * The message list and the shaped-away counters. Messages are queued as they arrive and
 * drawn once per animation frame, so the page renders at screen rate whatever the socket
 * delivers; what shaping kept away shows as "+N more" and likes as one counter.
 */
export class ChatView {
  private pending: (ChatMessage | string)[] = [];
  private scheduled = false;
  private dropped = 0;
  private likes = 0;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly more: HTMLElement,
    private readonly likesChip: HTMLElement,
    private readonly me: () => string | undefined,
  ) {}

  /** Starts over with a join's history. */
  reset(history: readonly ChatMessage[]): void {
    this.list.replaceChildren();
    this.pending = [];
    this.add(history);
  }

  /** Messages to show: likes only count, everything else gets a line. */
  add(messages: readonly ChatMessage[]): void {
    for (const message of messages) {
      if (message.kind === 'like') this.likes++;
      else this.pending.push(message);
    }
    this.schedule();
  }

  /** What shaping kept off this screen. */
  shaped(counters: ShapedCounters): void {
    this.dropped += counters.dropped;
    this.likes += counters.likes;
    this.schedule();
  }

  /** A line about the room itself (resumed, gap, ...). */
  marker(text: string): void {
    this.pending.push(text);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.scheduled = false;
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 40;
    const fragment = document.createDocumentFragment();
    for (const item of this.pending.splice(0)) fragment.append(typeof item === 'string' ? this.markerLine(item) : this.line(item));
    this.list.append(fragment);
    while (this.list.childElementCount > MAX_LINES) this.list.firstElementChild?.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    this.more.hidden = this.dropped === 0;
    this.more.dataset.count = String(this.dropped);
    this.more.textContent = `+${count.format(this.dropped)} more`;
    this.likesChip.dataset.count = String(this.likes);
    this.likesChip.textContent = `♥ ${count.format(this.likes)}`;
  }

  private line(message: ChatMessage): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'msg';
    li.dataset.seq = String(message.seq);
    // A gift shows as a gift, whoever sent it; other messages of the room's staff show as the host's.
    if (message.kind === 'gift') li.classList.add('gift');
    else if (message.kind === 'system' || STAFF.has(message.from.role)) li.classList.add('staff');
    if (message.from.id === this.me()) li.classList.add('own');
    const who = document.createElement('span');
    who.className = 'who';
    who.dataset.user = message.from.id;
    who.title = message.from.id;
    who.textContent = message.from.name || message.from.id;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text;
    li.append(who, text);
    return li;
  }

  private markerLine(text: string): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'msg marker';
    li.textContent = text;
    return li;
  }
}
