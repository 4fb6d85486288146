import type { Role } from '@livecast/contracts';
import { suiteEnv } from './suite-env';
import { tokenFor } from './clients';

/** A response body of the admin API, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs assert on arbitrary shapes
export type AdminBody = any;

/** Calls the membership admin API as `caller` (a host by default). */
export function admin(method: string, path: string, body?: unknown, caller: { id: string; role: Role } = { id: 'admin-1', role: 'admin' }): Promise<{ status: number; body: AdminBody }> {
  return adminAt(suiteEnv().membership, method, path, body, caller);
}

/** The same against another membership (a private stack's). */
export async function adminAt(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  caller: { id: string; role: Role } = { id: 'admin-1', role: 'admin' },
): Promise<{ status: number; body: AdminBody }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokenFor(caller.id, caller.role)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Opens a room with the given host and returns its id. */
export async function openRoom(roomId: string, hostId = 'host-1', membershipUrl = suiteEnv().membership): Promise<string> {
  const result = await adminAt(membershipUrl, 'POST', '/rooms', { id: roomId, title: `Room ${roomId}`, hostId });
  if (result.status !== 201) throw new Error(`open room failed: ${result.status} ${JSON.stringify(result.body)}`);
  return roomId;
}
