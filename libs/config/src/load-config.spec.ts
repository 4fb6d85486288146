import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from './load-config';

const schema = Type.Object({
  PORT: Type.Integer({ default: 3000, minimum: 1, maximum: 65535 }),
  GUESTS: Type.Boolean({ default: true }),
  SECRET: Type.String({ minLength: 8 }),
});

describe('config: loadConfig', () => {
  it('converts strings and fills defaults', () => {
    expect(loadConfig(schema, { PORT: '3001', SECRET: 'abcdefgh' })).toEqual({ PORT: 3001, GUESTS: true, SECRET: 'abcdefgh' });
    expect(loadConfig(schema, { GUESTS: 'false', SECRET: 'abcdefgh' }).GUESTS).toBe(false);
  });

  it.each([
    [{ PORT: 'abc', SECRET: 'abcdefgh' }, 'PORT'],
    [{ PORT: '70000', SECRET: 'abcdefgh' }, 'PORT'],
    [{}, 'SECRET'],
    [{ SECRET: 'short' }, 'SECRET'],
  ])('names the bad variable: %j', (env, name) => {
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    try {
      loadConfig(schema, env);
    } catch (err) {
      expect((err as ConfigError).problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('never echoes a value marked secret', () => {
    const withSecret = Type.Object({ TOKEN: Type.String({ minLength: 8, secret: true }), NAME: Type.String({ minLength: 8 }) });
    try {
      loadConfig(withSecret, { TOKEN: 'short-1', NAME: 'short-2' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).message).toContain('TOKEN');
      expect((err as ConfigError).message).toContain('(value not shown)');
      expect((err as ConfigError).message).not.toContain('short-1');
      expect((err as ConfigError).message).toContain('short-2');
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { PORT: '', SECRET: 'abcdefgh' }).PORT).toBe(3000);
  });
});
