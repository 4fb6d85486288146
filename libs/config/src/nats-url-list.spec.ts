import { loadConfig, ConfigError } from './load-config';
import { CommonConfigSchema } from './common';
import { MAX_NATS_URLS, NatsUrlListError, parseNatsUrlList } from './nats-url-list';
import { Type } from '@sinclair/typebox';

describe('config: parseNatsUrlList', () => {
  it.each([
    ['nats://127.0.0.1:4222', [{ url: 'nats://127.0.0.1:4222', host: '127.0.0.1', port: 4222 }]],
    [
      'nats://127.0.0.1:43001, nats://127.0.0.1:43002 ,nats://127.0.0.1:43003',
      [
        { url: 'nats://127.0.0.1:43001', host: '127.0.0.1', port: 43001 },
        { url: 'nats://127.0.0.1:43002', host: '127.0.0.1', port: 43002 },
        { url: 'nats://127.0.0.1:43003', host: '127.0.0.1', port: 43003 },
      ],
    ],
    ['nats-1:4222', [{ url: 'nats-1:4222', host: 'nats-1', port: 4222 }]],
    ['nats://nats.livecast.svc.cluster.local', [{ url: 'nats://nats.livecast.svc.cluster.local', host: 'nats.livecast.svc.cluster.local', port: 4222 }]],
    ['tls://user:secret@nats-2:4443', [{ url: 'tls://user:secret@nats-2:4443', host: 'nats-2', port: 4443 }]],
    ['NATS://[::1]:4222', [{ url: 'NATS://[::1]:4222', host: '::1', port: 4222 }]],
  ])('accepts %s', (list, expected) => {
    expect(parseNatsUrlList(list)).toEqual(expected);
  });

  it.each([
    ['nats://a:4222,,nats://b:4222', 2, ''],
    ['nats://a:4222,', 2, ''],
    ['nats://a:4222,http://b:4222', 2, 'http://b:4222'],
    ['nats://a:4222 nats://b:4222', 1, 'nats://a:4222 nats://b:4222'],
    ['nats://a:70000', 1, 'nats://a:70000'],
    ['nats://a:0', 1, 'nats://a:0'],
    ['nats://a:4222/path', 1, 'nats://a:4222/path'],
    ['nats://a:4222,nats://b:42x', 2, 'nats://b:42x'],
    ['nats://-a:4222', 1, 'nats://-a:4222'],
  ])('refuses %j naming entry %d', (list, position, entry) => {
    let error: unknown;
    try {
      parseNatsUrlList(list);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NatsUrlListError);
    expect(error).toMatchObject({ position, entry });
    expect((error as Error).message).toContain(`entry ${position} ${JSON.stringify(entry)}`);
  });

  it('bounds the number of servers and the length of an entry', () => {
    const many = Array.from({ length: MAX_NATS_URLS + 1 }, (_, i) => `nats://n${i}:4222`).join(',');
    expect(() => parseNatsUrlList(many)).toThrow(`lists ${MAX_NATS_URLS + 1} servers`);
    expect(() => parseNatsUrlList(`nats://${'a'.repeat(600)}:4222`)).toThrow('longer than 512 characters');
  });
});

describe('config: NATS_URL', () => {
  const schema = Type.Object(CommonConfigSchema);

  it('takes a list', () => {
    expect(loadConfig(schema, { NATS_URL: 'nats://a:4222,nats://b:4222' }).NATS_URL).toBe('nats://a:4222,nats://b:4222');
  });

  it('names the bad entry in the configuration error', () => {
    expect(() => loadConfig(schema, { NATS_URL: 'nats://a:4222,ws://b:443' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { NATS_URL: 'nats://a:4222,ws://b:443' });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(['NATS_URL: entry 2 "ws://b:443" has scheme ws://; use nats:// or tls://']);
    }
  });
});
