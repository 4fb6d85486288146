import { ErrorCode } from '@livecast/contracts';
import { admin } from '../support/admin';
import { uniqueId } from '../support/clients';

describe('rooms: ownership survives a close; only admins assign hosts', () => {
  const alice = { id: uniqueId('host-alice'), role: 'host' as const };
  const bob = { id: uniqueId('host-bob'), role: 'host' as const };
  const platformAdmin = { id: uniqueId('admin'), role: 'admin' as const };

  it('a host cannot open a room naming another host', async () => {
    const roomId = uniqueId('named');
    expect(await admin('POST', '/rooms', { id: roomId, title: 'for bob', hostId: bob.id }, alice)).toMatchObject({
      status: 403,
      body: { error: { code: ErrorCode.Forbidden, field: 'hostId' } },
    });
    expect((await admin('GET', `/rooms/${roomId}`)).status).toBe(404);
    expect(await admin('POST', '/rooms', { id: roomId, title: 'mine', hostId: alice.id }, alice)).toMatchObject({ status: 201, body: { hostId: alice.id } });
  });

  it('another host cannot re-open a closed room; its own host can, and keeps it', async () => {
    const roomId = uniqueId('closed');
    expect(await admin('POST', '/rooms', { id: roomId, title: 'first' }, alice)).toMatchObject({ status: 201, body: { hostId: alice.id } });
    expect((await admin('DELETE', `/rooms/${roomId}`, undefined, alice)).status).toBe(200);
    expect(await admin('POST', '/rooms', { id: roomId, title: 'hijacked' }, bob)).toMatchObject({ status: 403, body: { error: { code: ErrorCode.Forbidden } } });
    expect(await admin('GET', `/rooms/${roomId}`)).toMatchObject({ status: 200, body: { hostId: alice.id, status: 'closed', title: 'first' } });
    // The original host still moderates it and re-opens it.
    expect(await admin('POST', '/rooms', { id: roomId, title: 'second' }, alice)).toMatchObject({ status: 201, body: { hostId: alice.id, status: 'open' } });
    expect((await admin('DELETE', `/rooms/${roomId}`, undefined, bob)).status).toBe(403);
  });

  it('an admin re-opens a closed room for its host, or assigns another host', async () => {
    const roomId = uniqueId('admin');
    await admin('POST', '/rooms', { id: roomId, title: 'first' }, alice);
    await admin('DELETE', `/rooms/${roomId}`, undefined, alice);
    expect(await admin('POST', '/rooms', { id: roomId, title: 'back' }, platformAdmin)).toMatchObject({ status: 201, body: { hostId: alice.id } });
    await admin('DELETE', `/rooms/${roomId}`, undefined, platformAdmin);
    expect(await admin('POST', '/rooms', { id: roomId, title: 'handed over', hostId: bob.id }, platformAdmin)).toMatchObject({ status: 201, body: { hostId: bob.id } });
    expect((await admin('DELETE', `/rooms/${roomId}`, undefined, bob)).status).toBe(200);
  });

  it('a moderator or viewer opens no rooms', async () => {
    for (const role of ['moderator', 'viewer'] as const) {
      expect(await admin('POST', '/rooms', { id: uniqueId('r'), title: 'x' }, { id: uniqueId(role), role })).toMatchObject({ status: 403 });
    }
  });
});
