import { ErrorCode, type MessageKind, type Principal, type RoomRecord } from '@livecast/contracts';
import { isRoomStaff, sendRefusal } from './send-policy';

const room: RoomRecord = { id: 'r1', title: 'R', hostId: 'host1', status: 'open', createdAt: 0 };
const who = (id: string, role: Principal['role'], guest = false): Principal => ({ id, name: id, role, guest });

describe('admission: sendRefusal', () => {
  it.each<[string, Principal, RoomRecord | null, MessageKind, string | null]>([
    ['viewer chat', who('u1', 'viewer'), room, 'chat', null],
    ['viewer gift', who('u1', 'viewer'), room, 'gift', null],
    ['guest chat', who('g', 'viewer', true), room, 'chat', ErrorCode.Unauthenticated],
    ['unknown room', who('u1', 'viewer'), null, 'chat', ErrorCode.RoomNotFound],
    ['closed room', who('u1', 'viewer'), { ...room, status: 'closed' }, 'chat', ErrorCode.RoomClosed],
    ['viewer system', who('u1', 'viewer'), room, 'system', ErrorCode.ForbiddenKind],
    ['other host system', who('host2', 'host'), room, 'system', ErrorCode.ForbiddenKind],
    ['own host system', who('host1', 'host'), room, 'system', null],
    ['moderator system', who('m', 'moderator'), room, 'system', null],
    ['admin system', who('a', 'admin'), room, 'system', null],
  ])('%s', (_name, sender, target, kind, expected) => {
    expect(sendRefusal(sender, target, kind)?.code ?? null).toBe(expected);
  });

  it('treats only the own host and staff as room staff', () => {
    expect(isRoomStaff(who('host1', 'host'), room)).toBe(true);
    expect(isRoomStaff(who('host2', 'host'), room)).toBe(false);
    expect(isRoomStaff(who('u', 'viewer'), room)).toBe(false);
  });
});
