import { FormatRegistry } from '@sinclair/typebox';

type Explain = (value: string) => string | undefined;

const explanations = new Map<string, Explain>();

/**
 * Registers a string format for config schemas. `explain` returns why a value is refused
 * (or undefined when it is fine), so a refusal names what is wrong, not just the format.
 */
export function defineFormat(name: string, explain: Explain): string {
  explanations.set(name, explain);
  FormatRegistry.Set(name, (value) => explain(value) === undefined);
  return name;
}

/** Why `value` does not have format `name`; undefined for formats not defined here. */
export function explainFormat(name: string, value: unknown): string | undefined {
  return typeof value === 'string' ? explanations.get(name)?.(value) : undefined;
}
