/** Something that holds bytes for one socket until the end of the event-loop turn. */
export interface Flushable {
  flushOutbox(): void;
}

const pending: Flushable[] = [];
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  // A flush may queue more (a write callback that writes): those wait for the next turn.
  const count = pending.length;
  for (let i = 0; i < count; i++) pending[i].flushOutbox();
  pending.splice(0, count);
}

/**
 * Flushes `target` once, after the I/O callbacks of this event-loop turn (setImmediate):
 * everything written to one socket in a turn — acks, control events, frames — leaves in
 * one write system call. One timer per turn for the whole process, none per socket.
 */
export function flushAtEndOfTurn(target: Flushable): void {
  pending.push(target);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}
