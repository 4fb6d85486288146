import { ErrorCode, LivecastError, type MessageKind } from '@livecast/client-sdk';
import { demoApi } from './api';
import { ChatView } from './chat-view';
import { byId } from './dom';
import { HostPanel } from './host-panel';
import { RoomConnection } from './room-connection';
import { StatusView } from './status-view';

/** The gateway this page uses: `?gw=<index>`, else one picked at random (the demo spreads viewers over both). */
function gatewayUrl(ports: number[], params: URLSearchParams): string {
  const asked = Number(params.get('gw'));
  const index = params.has('gw') && Number.isInteger(asked) && asked >= 0 ? asked % ports.length : Math.floor(Math.random() * ports.length);
  return `${location.protocol}//${location.hostname}:${ports[index]}`;
}

function sendFailure(err: unknown, button: HTMLButtonElement): string {
  if (!(err instanceof LivecastError)) return err instanceof Error ? err.message : String(err);
  if (err.code === ErrorCode.RateLimited && err.retryAfterMs !== undefined) {
    button.disabled = true;
    setTimeout(() => (button.disabled = false), err.retryAfterMs);
  }
  return `${err.code}: ${err.message}`;
}

function wireComposer(connection: RoomConnection): void {
  const text = byId<HTMLInputElement>('text');
  const kind = byId<HTMLSelectElement>('kind');
  const button = byId<HTMLFormElement>('composer').querySelector('button') as HTMLButtonElement;
  const error = byId('send-error');
  byId<HTMLFormElement>('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = text.value;
    if (value.trim() === '' && kind.value !== 'like') return;
    text.value = '';
    error.textContent = '';
    // The SDK shows the accepted message at once (its echo); only a failure needs handling here.
    connection.send(value, kind.value as MessageKind).catch((err: unknown) => (error.textContent = sendFailure(err, button)));
  });
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const config = await demoApi.config();
  const roomId = params.get('room') || config.defaultRoom;
  const url = gatewayUrl(config.gatewayPorts, params);
  let me: string | undefined;
  byId('room-title').textContent = roomId;
  byId('gateway').textContent = `via ${new URL(url).host}`;
  const chat = new ChatView(byId<HTMLOListElement>('messages'), byId('more'), byId('likes'), () => me);
  const connection = new RoomConnection(url, roomId, chat, new StatusView(byId('conn'), byId('online'), byId('banner')));
  const signedIn = (token: string, userId: string) => {
    me = userId;
    byId('signin').hidden = true;
    byId('composer').hidden = false;
    void connection.connect(token);
  };
  const host = new HostPanel(roomId, (token, userId) => {
    byId('kind').append(new Option('host message', 'system'));
    signedIn(token, userId);
  });
  host.wire();
  wireComposer(connection);
  byId('messages').addEventListener('click', (event) => {
    const user = (event.target as HTMLElement).closest<HTMLElement>('.who')?.dataset.user;
    if (user) host.pick(user);
  });
  byId<HTMLFormElement>('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    demoApi.token(byId<HTMLInputElement>('name').value).then(
      (issued) => signedIn(issued.token, issued.userId),
      (err: unknown) => (byId('send-error').textContent = err instanceof Error ? err.message : String(err)),
    );
  });
  // Watch as a guest until a name is picked.
  await connection.connect();
}

void main();
