import type { Static, TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { explainFormat } from './formats';

/** Raised at start-up when the environment does not fit an app's config schema. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads an app's config from environment variables: each schema property is the
 * variable's name, strings are converted to the declared type, defaults fill gaps,
 * and every problem is reported at once so an operator fixes them in one go.
 */
export function loadConfig<S extends TObject>(schema: S, env: Record<string, string | undefined> = process.env): Static<S> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(schema, raw);
  const converted = Value.Convert(schema, withDefaults);
  if (Value.Check(schema, converted)) return converted as Static<S>;
  const problems = [...Value.Errors(schema, converted)].map((e) => {
    const name = e.path.replace(/^\//, '') || '(root)';
    const shown = !(name in raw) ? '' : isSecret(schema, name) ? ' (value not shown)' : ` (got ${JSON.stringify(raw[name])})`;
    const format = typeof e.schema.format === 'string' ? explainFormat(e.schema.format, e.value) : undefined;
    return format === undefined ? `${name}: ${e.message}${shown}` : `${name}: ${format}`;
  });
  throw new ConfigError([...new Set(problems)]);
}

/** Properties marked `secret: true` are never echoed in a problem. */
function isSecret(schema: TObject, name: string): boolean {
  return (schema.properties[name] as { secret?: unknown } | undefined)?.secret === true;
}
