import { ErrorCode } from '../errors';
import { CLIENT_EVENT_ERRORS, ClientEvent } from './events';
import { SESSION_CLOSING_CODES, SessionClosingSchema } from './session-closing';
import { createValidator } from '../validation';

describe('contracts: client event map', () => {
  it('lists the error codes of every client event, INVALID, RATE_LIMITED, SESSION_EXPIRED and INTERNAL included', () => {
    for (const event of Object.values(ClientEvent)) {
      expect(CLIENT_EVENT_ERRORS[event]).toEqual(expect.arrayContaining([ErrorCode.Invalid, ErrorCode.RateLimited, ErrorCode.SessionExpired, ErrorCode.Internal]));
    }
  });

  it('closing codes are error codes, and session:closing accepts only them', () => {
    const closing = createValidator(SessionClosingSchema);
    for (const code of SESSION_CLOSING_CODES) expect(closing.is({ code, message: 'bye' })).toBe(true);
    expect(closing.is({ code: ErrorCode.Muted, message: 'bye' })).toBe(false);
    expect(closing.is({ code: ErrorCode.ShuttingDown, message: 'bye', extra: 1 })).toBe(false);
  });
});
