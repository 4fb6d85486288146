import { NatsError } from 'nats';
import { isTransientJetStreamError, jetStreamErrorKind } from './errors';

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
