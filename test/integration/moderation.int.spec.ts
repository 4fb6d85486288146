import { ErrorCode } from '@livecast/contracts';
import { admin, openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';

describe('moderation: kick, ban, mute and close reach every gateway within a second', () => {
  const viewers: TestViewer[] = [];
  afterEach(() => viewers.splice(0).forEach((v) => v.close()));

  async function roomWithTarget() {
    const roomId = await openRoom(uniqueId('room'), 'host-1');
    const target = uniqueId('troll');
    const onA = await connectViewer(0, target);
    const onB = await connectViewer(1, target);
    const bystander = await connectViewer(1, uniqueId('nice'));
    viewers.push(onA, onB, bystander);
    for (const v of [onA, onB, bystander]) expect((await v.join(roomId)).ok).toBe(true);
    return { roomId, target, onA, onB, bystander };
  }

  it('kick removes the user from every gateway; they may join again', async () => {
    const { roomId, target, onA, onB, bystander } = await roomWithTarget();
    const started = Date.now();
    expect((await admin('POST', `/rooms/${roomId}/kicks`, { userId: target, reason: 'cool down' })).status).toBe(204);
    expect(await eventually(() => [onA, onB].every((v) => v.controls.some((c) => c.action === 'kicked')), 1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await onA.send(roomId, 'still here?')).toMatchObject({ ok: false, error: { code: ErrorCode.NotInRoom } });
    expect(bystander.controls.filter((c) => c.action === 'kicked')).toEqual([]);
    expect((await onA.join(roomId)).ok).toBe(true);
  });

  it('ban removes the user everywhere and refuses re-joins and sends', async () => {
    const { roomId, target, onA, onB } = await roomWithTarget();
    const started = Date.now();
    expect((await admin('POST', `/rooms/${roomId}/bans`, { userId: target, reason: 'spam' })).status).toBe(201);
    expect(await eventually(() => [onA, onB].every((v) => v.controls.some((c) => c.action === 'banned')), 1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await eventually(async () => !(await onA.join(roomId)).ok, 1000)).toBe(true);
    expect(await onB.join(roomId)).toMatchObject({ ok: false, error: { code: ErrorCode.Banned } });
    const fresh = await connectViewer(0, target);
    viewers.push(fresh);
    expect(await fresh.join(roomId)).toMatchObject({ ok: false, error: { code: ErrorCode.Banned } });

    expect((await admin('DELETE', `/rooms/${roomId}/bans/${target}`)).status).toBe(204);
    expect(await eventually(async () => (await fresh.join(roomId)).ok, 2000)).toBe(true);
  });

  it('mute keeps the user watching but refuses their messages; unmute restores them', async () => {
    const { roomId, target, onA } = await roomWithTarget();
    expect((await admin('POST', `/rooms/${roomId}/mutes`, { userId: target, durationSec: 60 })).status).toBe(201);
    expect(await eventually(async () => {
      const ack = await onA.send(roomId, 'can I talk?');
      return !ack.ok && ack.error.code === ErrorCode.Muted;
    }, 2000)).toBe(true);
    expect(onA.controls.some((c) => c.action === 'muted')).toBe(true);
    expect((await admin('DELETE', `/rooms/${roomId}/mutes/${target}`)).status).toBe(204);
    expect(await eventually(async () => (await onA.send(roomId, 'thanks')).ok, 2000)).toBe(true);
  });

  it('closing a room empties it on every gateway and refuses new joins', async () => {
    const { roomId, onA, onB, bystander } = await roomWithTarget();
    const started = Date.now();
    expect((await admin('DELETE', `/rooms/${roomId}`)).status).toBe(200);
    expect(await eventually(() => [onA, onB, bystander].every((v) => v.controls.some((c) => c.action === 'closed')), 1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await bystander.send(roomId, 'hello?')).toMatchObject({ ok: false, error: { code: ErrorCode.NotInRoom } });
    // The gateway forgot the cached open status with the close: refused at once, no TTL wait.
    expect(await bystander.join(roomId)).toMatchObject({ ok: false, error: { code: ErrorCode.RoomClosed } });
  });
});

describe('admin API: validation and authorization', () => {
  it.each<[string, string, string, unknown, { id: string; role: 'viewer' | 'host' | 'moderator' | 'admin' }, number, string, string | null]>([
    ['viewer cannot open rooms', 'POST', '/rooms', { id: 'x1', title: 't' }, { id: 'v', role: 'viewer' }, 403, ErrorCode.Forbidden, null],
    ['bad room id', 'POST', '/rooms', { id: 'a b', title: 't' }, { id: 'a', role: 'admin' }, 400, ErrorCode.Invalid, 'id'],
    ['missing title', 'POST', '/rooms', { id: 'ok-id' }, { id: 'a', role: 'admin' }, 400, ErrorCode.Invalid, 'title'],
    ['unknown field', 'POST', '/rooms', { id: 'ok-id', title: 't', color: 'red' }, { id: 'a', role: 'admin' }, 400, ErrorCode.Invalid, 'color'],
    ['unknown room', 'GET', '/rooms/no-such-room-xyz', undefined, { id: 'a', role: 'admin' }, 404, ErrorCode.RoomNotFound, null],
    ['bad path id', 'GET', '/rooms/a.b', undefined, { id: 'a', role: 'admin' }, 400, ErrorCode.Invalid, 'id'],
    ['ban in unknown room', 'POST', '/rooms/no-such-room-xyz/bans', { userId: 'u' }, { id: 'a', role: 'admin' }, 404, ErrorCode.RoomNotFound, null],
    ['ban without userId', 'POST', '/rooms/no-such-room-xyz/bans', {}, { id: 'a', role: 'admin' }, 400, ErrorCode.Invalid, 'userId'],
  ])('%s → %i', async (_name, method, path, body, caller, status, code, field) => {
    const result = await admin(method, path, body, caller);
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    if (field !== null) expect(result.body.error.field).toBe(field);
  });

  it('answers a malformed JSON body with 400 INVALID', async () => {
    const { suiteEnv } = await import('../support/suite-env');
    const { tokenFor } = await import('../support/clients');
    const response = await fetch(`${suiteEnv().membership}/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor('a', 'admin')}`, 'content-type': 'application/json' },
      body: '{"id": "x",',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.Invalid);
  });

  it('refuses calls without a token', async () => {
    const { suiteEnv } = await import('../support/suite-env');
    const response = await fetch(`${suiteEnv().membership}/rooms/x`);
    expect(response.status).toBe(401);
  });

  it('lets only the room host (or staff) moderate it', async () => {
    const roomId = await openRoom(uniqueId('room'), 'host-a');
    const otherHost = { id: 'host-b', role: 'host' as const };
    expect((await admin('POST', `/rooms/${roomId}/kicks`, { userId: 'u' }, otherHost)).status).toBe(403);
    expect((await admin('POST', `/rooms/${roomId}/kicks`, { userId: 'u' }, { id: 'host-a', role: 'host' })).status).toBe(204);
    expect((await admin('POST', `/rooms/${roomId}/kicks`, { userId: 'u' }, { id: 'mod', role: 'moderator' })).status).toBe(204);
    expect(await admin('POST', `/rooms/${roomId}`, undefined)).toMatchObject({ status: 404, body: { error: { code: ErrorCode.NotFound } } });
  });

  it('serves its OpenAPI document', async () => {
    const { suiteEnv } = await import('../support/suite-env');
    const doc = await (await fetch(`${suiteEnv().membership}/docs-json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/rooms', '/rooms/{id}', '/rooms/{id}/bans']));
  });
});
