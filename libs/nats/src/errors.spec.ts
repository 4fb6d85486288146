import { ErrorCode, LivecastError } from '@livecast/contracts';
import { NatsError } from 'nats';
import { isTransientJetStreamError, jetStreamErrorKind, unavailableIfTransient } from './errors';

describe('nats: jetStreamErrorKind', () => {
  it.each<[string, unknown, string, boolean]>([
    ['request timeout', new NatsError('TIMEOUT', 'TIMEOUT'), 'timeout', true],
    ['503 no responders', new NatsError('503', '503'), 'no_responders', true],
    ['connection closed', new NatsError('CONNECTION_CLOSED', 'CONNECTION_CLOSED'), 'unavailable', true],
    ['consumer not found', Object.assign(new Error('consumer not found'), { api_error: { code: 404, err_code: 10014 } }), 'not_found', false],
    ['stream not found', Object.assign(new Error('stream not found'), { api_error: { code: 404, err_code: 10059 } }), 'not_found', false],
    ['kv revision moved', Object.assign(new Error('wrong last sequence: 7'), { api_error: { code: 400, err_code: 10071 } }), 'conflict', false],
    ['anything else', new Error('permissions violation'), 'other', false],
  ])('%s', (_name, err, kind, transient) => {
    expect(jetStreamErrorKind(err)).toBe(kind);
    expect(isTransientJetStreamError(err)).toBe(transient);
  });
});

describe('nats: unavailableIfTransient', () => {
  it('turns a transient bus failure into a retryable UNAVAILABLE that keeps the cause', () => {
    const cause = new NatsError('503', '503');
    const err = unavailableIfTransient(cause, 'room history');
    expect(err).toBeInstanceOf(LivecastError);
    expect(err).toMatchObject({ code: ErrorCode.Unavailable, message: 'room history is unavailable: retry', cause });
  });

  it('returns typed errors and permanent failures as they were', () => {
    const typed = new LivecastError(ErrorCode.Banned, 'banned');
    const permanent = new Error('permissions violation');
    expect(unavailableIfTransient(typed, 'x')).toBe(typed);
    expect(unavailableIfTransient(permanent, 'x')).toBe(permanent);
  });
});
