import { demoApi } from './api';
import { byId } from './dom';

type Moderation = 'mutes' | 'kicks' | 'bans';

/**
 * The host panel: acts as the demo host (the host of `lobby`, and of every room it opens)
 * and opens and closes rooms, mutes, kicks and bans through the admin API.
 */
export class HostPanel {
  private token?: string;

  constructor(
    private readonly roomId: string,
    /** Told the host token, so the chat reconnects as the host too. */
    private readonly onHost: (token: string, userId: string) => void,
  ) {}

  wire(): void {
    byId<HTMLButtonElement>('become-host').addEventListener('click', () => void this.becomeHost());
    byId<HTMLFormElement>('open-room').addEventListener('submit', (event) => {
      event.preventDefault();
      const id = byId<HTMLInputElement>('new-room-id').value.trim();
      void this.call('POST', '/rooms', { id, title: byId<HTMLInputElement>('new-room-title').value.trim() }, `open room ${id}`, `?room=${encodeURIComponent(id)}`);
    });
    byId<HTMLButtonElement>('close-room').addEventListener('click', () => void this.call('DELETE', `/rooms/${this.roomId}`, undefined, `close room ${this.roomId}`));
    byId<HTMLFormElement>('moderate').addEventListener('submit', (event) => {
      event.preventDefault();
      const action = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.dataset.action as Moderation | undefined;
      const userId = byId<HTMLInputElement>('target-user').value.trim();
      const reason = byId<HTMLInputElement>('reason').value.trim();
      if (action) void this.call('POST', `/rooms/${this.roomId}/${action}`, reason ? { userId, reason } : { userId }, `${action.slice(0, -1)} ${userId}`);
    });
  }

  /** Puts a user id in the moderation form (a click on a name in the chat). */
  pick(userId: string): void {
    byId<HTMLInputElement>('target-user').value = userId;
  }

  private async becomeHost(): Promise<void> {
    const name = byId<HTMLInputElement>('name').value.trim() || 'Host';
    try {
      const issued = await demoApi.token(name, 'host');
      this.token = issued.token;
      byId('host-tools').hidden = false;
      byId('become-host').hidden = true;
      this.onHost(issued.token, issued.userId);
      this.log(true, `acting as ${issued.name} (${issued.userId}, host)`);
    } catch (err) {
      this.log(false, err instanceof Error ? err.message : String(err));
    }
  }

  private async call(method: 'POST' | 'DELETE', path: string, body: object | undefined, what: string, link?: string): Promise<void> {
    if (!this.token) return;
    try {
      const answer = await demoApi.admin(method, path, this.token, body);
      const ok = answer.status < 300;
      this.log(ok, ok ? `${what}: done` : `${what}: ${answer.body.error?.code ?? answer.status} ${answer.body.error?.message ?? ''}`, ok ? link : undefined);
    } catch (err) {
      this.log(false, `${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private log(ok: boolean, text: string, link?: string): void {
    const li = document.createElement('li');
    li.className = ok ? 'ok' : 'fail';
    li.textContent = text;
    if (link) {
      const a = document.createElement('a');
      a.href = link;
      a.textContent = ' → open it';
      li.append(a);
    }
    byId('host-log').prepend(li);
  }
}
