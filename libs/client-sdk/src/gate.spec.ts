import { ErrorCode, LivecastError } from '@livecast/contracts/client';
import { Gate } from './gate';

describe('client-sdk: Gate', () => {
  it('resolves at once when open and releases waiters on open', async () => {
    await expect(new Gate(true).wait(10, 'x')).resolves.toBeUndefined();
    const gate = new Gate();
    const waiting = gate.wait(1000, 'x');
    gate.open();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('times out with UNAVAILABLE', async () => {
    await expect(new Gate().wait(5, 'room r1')).rejects.toMatchObject({ code: ErrorCode.Unavailable, message: expect.stringContaining('room r1') });
  });

  it('fails current and later waits until opened again', async () => {
    const gate = new Gate();
    const waiting = gate.wait(1000, 'x');
    const err = new LivecastError(ErrorCode.Unauthenticated, 'no');
    gate.fail(err);
    await expect(waiting).rejects.toBe(err);
    await expect(gate.wait(1000, 'x')).rejects.toBe(err);
    gate.open();
    await expect(gate.wait(1000, 'x')).resolves.toBeUndefined();
  });
});
