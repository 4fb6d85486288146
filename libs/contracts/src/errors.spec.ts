import { ErrorCode, LivecastError } from './errors';
import { ingestReply } from './bus/ingest';

describe('contracts: LivecastError outcome', () => {
  it('an UNAVAILABLE send carries its outcome and retryability over the wire and back', () => {
    const err = new LivecastError(ErrorCode.Unavailable, 'append timed out', undefined, { outcome: 'unknown', retryable: true });
    const wire = err.toWire();
    expect(wire).toEqual({ code: 'UNAVAILABLE', message: 'append timed out', outcome: 'unknown', retryable: true });
    expect(ingestReply.is({ ok: false, error: wire })).toBe(true);
    const back = LivecastError.fromWire(wire);
    expect([back.outcome, back.retryable]).toEqual(['unknown', true]);
  });

  it('drops an outcome it does not know', () => {
    const back = LivecastError.fromWire({ code: ErrorCode.Unavailable, message: 'x', outcome: 'maybe' as never });
    expect(back.outcome).toBeUndefined();
    expect(ingestReply.is({ ok: false, error: { code: 'UNAVAILABLE', message: 'x', outcome: 'maybe' } })).toBe(false);
  });
});
