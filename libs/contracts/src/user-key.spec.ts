import { createValidator } from './validation';
import { UserIdSchema } from './ids';
import { Names } from './subjects';
import { userIdOfKey, userKey } from './user-key';

const userId = createValidator(UserIdSchema);
const SUBJECT_AND_KV_SAFE = /^[=A-Za-z0-9_-]+$/;

const PROVIDER_SUBS = [
  'auth0|5f7c8ec7c33c6c004bbafe82',
  'google-oauth2|1122334455',
  'alice.smith@example.com',
  'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  'service-account:billing',
  'Zoë Ångström',
  '用户-42',
  '👩‍🚀 astronaut',
  'x'.repeat(255),
  '😀'.repeat(127),
];

describe('contracts: user ids', () => {
  it.each(PROVIDER_SUBS)('accepts the sub %s', (sub) => {
    expect(userId.is(sub)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(256)],
    ['a control character', 'a\u0007b'],
    ['a newline', 'a\nb'],
    ['a C1 control', 'a\u0085b'],
    ['a bidi override', 'a\u202Eb'],
    ['a line separator', 'a\u2028b'],
    ['an unpaired surrogate', 'a\uD800b'],
    ['not a string', 42],
  ])('refuses %s', (_name, value) => {
    expect(userId.is(value)).toBe(false);
  });
});

describe('contracts: userKey', () => {
  it('keeps ids of the safe alphabet as they are, so existing keys stay valid', () => {
    expect(userKey('alice')).toBe('alice');
    expect(userKey('host-1_A')).toBe('host-1_A');
  });

  it.each(PROVIDER_SUBS)('makes a subject- and KV-safe key of %s and reads it back', (sub) => {
    const key = userKey(sub);
    expect(key).toMatch(SUBJECT_AND_KV_SAFE);
    expect(userIdOfKey(key)).toBe(sub);
  });

  it('gives different ids different keys (collision-free on the tricky cases)', () => {
    const ids = [...PROVIDER_SUBS, 'a', 'A', 'a.b', 'a:b', 'a b', '=YQ', 'YQ', 'x'.repeat(64), 'x'.repeat(65), 'é', 'e\u0301'];
    expect(new Set(ids.map(userKey)).size).toBe(ids.length);
  });

  it('turns ids that look like encoded keys into other keys', () => {
    expect(userKey('=YQ')).not.toBe('=YQ');
    expect(userIdOfKey(userKey('=YQ'))).toBe('=YQ');
  });

  it.each([
    ['a key with a dot', 'a.b'],
    ['a marker alone', '='],
    ['non-canonical base64 (trailing bits)', '=YR'],
    ['an impossible length', '=YWJjZ'],
    ['invalid UTF-8', '=_w'],
    ['an encoding of a safe id', `=${'YWxpY2U'}`],
  ])('refuses to read %s', (_name, key) => {
    expect(userIdOfKey(key)).toBeNull();
  });

  it('moderation keys carry the key and parse back to the original id', () => {
    const names = new Names('lc');
    const key = names.moderationKey('room-1', 'ban', 'auth0|5f7c8ec7c33c6c004bbafe82');
    expect(key.split('.')).toHaveLength(3);
    expect(names.parseModerationKey(key)).toEqual({ roomId: 'room-1', action: 'ban', userId: 'auth0|5f7c8ec7c33c6c004bbafe82' });
    expect(names.parseModerationKey(names.moderationKey('room-1', 'mute', 'alice.smith@example.com'))?.userId).toBe('alice.smith@example.com');
    expect(names.parseModerationKey('room-1.ban.a=b')).toBeNull();
  });
});
