import { mintToken } from '@livecast/auth';
import { ErrorCode } from '@livecast/contracts';
import { DEMO_HOST_ID } from './dev-tokens';

/** The room the demo page joins unless `?room=` names another. */
export const LOBBY_ROOM = 'lobby';

/**
 * Opens room `lobby` with the demo host as its host, so the host panel can moderate it.
 * An already open lobby (ROOM_EXISTS) is fine; any other refusal throws.
 */
export async function openLobby(membershipUrl: string, jwtSecret: string): Promise<void> {
  const token = mintToken(jwtSecret, { sub: DEMO_HOST_ID, name: 'Demo host', role: 'host' }, 60);
  const response = await fetch(`${membershipUrl}/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: LOBBY_ROOM, title: 'Lobby' }),
    signal: AbortSignal.timeout(5000),
  });
  if (response.status === 201) return;
  const text = await response.text();
  if (!text.includes(ErrorCode.RoomExists)) throw new Error(`opening room ${LOBBY_ROOM} failed: ${response.status} ${text}`);
}
