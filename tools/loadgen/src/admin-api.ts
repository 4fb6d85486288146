import { mintToken } from '@livecast/auth';
import { ErrorCode } from '@livecast/contracts';

/** What opening the rooms of a run did. */
export interface OpenRoomsResult {
  opened: number;
  existed: number;
  failed: { roomId: string; status: number; body: string }[];
}

/**
 * Opens rooms through membership's admin API (`POST /rooms`) with an admin token, a few
 * at a time; a room that is already open counts as ready. `hostId` makes one user the
 * host of every room.
 */
export async function openRooms(membershipUrl: string, jwtSecret: string, roomIds: readonly string[], concurrency = 16): Promise<OpenRoomsResult> {
  const token = mintToken(jwtSecret, { sub: 'loadgen-admin', role: 'admin' }, 3600);
  const result: OpenRoomsResult = { opened: 0, existed: 0, failed: [] };
  let nextRoom = 0;
  const openNext = async (): Promise<void> => {
    while (nextRoom < roomIds.length) {
      const roomId = roomIds[nextRoom++];
      await openOne(membershipUrl, token, roomId, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, roomIds.length) }, openNext));
  return result;
}

async function openOne(membershipUrl: string, token: string, roomId: string, result: OpenRoomsResult): Promise<void> {
  let status = 0;
  let body = '';
  try {
    const response = await fetch(`${membershipUrl.replace(/\/$/, '')}/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: roomId, title: `loadgen ${roomId}` }),
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    body = await response.text();
    if (response.ok) {
      result.opened++;
      return;
    }
    if (body.includes(`"${ErrorCode.RoomExists}"`)) {
      result.existed++;
      return;
    }
  } catch (err) {
    body = err instanceof Error ? err.message : String(err);
  }
  result.failed.push({ roomId, status, body: body.slice(0, 300) });
}
