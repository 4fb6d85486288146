import type { MessageKind } from '@livecast/contracts';
import { classify, isUrgent, type MessageClass } from './classify';
import { message, type Role } from './spec-kit';

describe('classify', () => {
  const cases: [MessageKind, Role, MessageClass, boolean][] = [
    ['chat', 'viewer', 'normal', false],
    ['chat', 'host', 'priority', true],
    ['chat', 'moderator', 'priority', true],
    ['chat', 'admin', 'priority', true],
    ['gift', 'viewer', 'priority', false],
    ['gift', 'host', 'priority', true],
    ['system', 'viewer', 'priority', true],
    ['system', 'admin', 'priority', true],
    ['like', 'viewer', 'like', false],
    ['like', 'host', 'like', true],
  ];

  it.each(cases)('classify: %s from %s is %s (urgent: %s)', (kind, role, cls, urgent) => {
    const msg = message(1, kind, role);
    expect(classify(msg)).toBe(cls);
    expect(isUrgent(msg)).toBe(urgent);
  });
});
