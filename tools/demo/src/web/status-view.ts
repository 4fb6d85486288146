import type { ClientState, LivecastError, SessionState } from '@livecast/client-sdk';

const count = new Intl.NumberFormat('en-US');

/** The connection pill, the online count and the banner that says what the room session is doing. */
export class StatusView {
  private bannerTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly pill: HTMLElement,
    private readonly onlineLabel: HTMLElement,
    private readonly banner: HTMLElement,
  ) {}

  connection(state: ClientState): void {
    this.pill.dataset.state = state;
    this.pill.textContent = state;
  }

  online(online: number): void {
    this.onlineLabel.textContent = `${count.format(online)} online`;
  }

  session(state: SessionState, lastSeq: number): void {
    document.body.dataset.session = state;
    if (state === 'resuming') this.show('resuming', `Connection lost: reconnecting, then resuming after message #${lastSeq}…`);
    if (state === 'joining') this.show('resuming', 'Joining…');
  }

  resumed(missed: number, truncated: boolean): void {
    const what = truncated ? 'some messages were skipped' : missed === 0 ? 'nothing was missed' : `${missed} missed message${missed === 1 ? '' : 's'} caught up`;
    this.show('resumed', `Back in the room: ${what}.`, 4000);
  }

  ended(reason: LivecastError): void {
    document.body.dataset.session = 'ended';
    this.show('ended', `Not in the room: ${reason.message} (${reason.code}).`);
  }

  clear(): void {
    this.banner.hidden = true;
  }

  private show(kind: string, text: string, hideAfterMs?: number): void {
    clearTimeout(this.bannerTimer);
    this.banner.dataset.kind = kind;
    this.banner.textContent = text;
    this.banner.hidden = false;
    if (hideAfterMs !== undefined) this.bannerTimer = setTimeout(() => (this.banner.hidden = true), hideAfterMs);
  }
}
