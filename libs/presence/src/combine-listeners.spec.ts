import { combineListeners } from './combine-listeners';
import type { PresenceListener } from './types';

describe('combineListeners', () => {
  it('calls every listener that handles an event, in order, and skips the others', () => {
    const calls: string[] = [];
    const a: PresenceListener = {
      onRoomCreated: (r) => calls.push(`a created ${r}`),
      onCountChanged: (r, d) => calls.push(`a count ${r} ${d}`),
    };
    const b: PresenceListener = {
      onRoomDeleted: (r) => calls.push(`b deleted ${r}`),
      onCountChanged: (r, d) => calls.push(`b count ${r} ${d}`),
    };
    const both = combineListeners(a, b);
    both.onRoomCreated?.('r1');
    both.onCountChanged?.('r1', 1);
    both.onRoomDeleted?.('r1');
    expect(calls).toEqual(['a created r1', 'a count r1 1', 'b count r1 1', 'b deleted r1']);
  });

  it('accepts no listeners', () => {
    expect(() => combineListeners().onCountChanged?.('r1', 1)).not.toThrow();
  });
});
