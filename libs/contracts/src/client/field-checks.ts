import { ErrorCode, LivecastError } from '../errors';

/** The check of one property, generated ahead of time from its TypeBox schema (`wire.generated.ts`). */
export interface FieldCheck {
  readonly required: boolean;
  /** What a valid value looks like, for the error message. */
  readonly expected: string;
  readonly check: (value: unknown) => boolean;
}

/** A payload check that needs no `eval`: what the SDK validates its own requests with. */
export interface PayloadCheck<T> {
  /** Returns the value typed, or throws LivecastError(INVALID) naming the first bad field. */
  parse(input: unknown): T;
  is(input: unknown): input is T;
}

function firstProblem(fields: Readonly<Record<string, FieldCheck>>, input: unknown): [field: string | undefined, detail: string] | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [undefined, 'expected an object'];
  const record = input as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) {
    const value = record[name];
    if (value === undefined) {
      if (field.required) return [name, 'required'];
    } else if (!field.check(value)) return [name, `expected ${field.expected}`];
  }
  // Same rule as the schemas' additionalProperties: false.
  const unknown = Object.getOwnPropertyNames(record).find((name) => !Object.prototype.hasOwnProperty.call(fields, name));
  return unknown === undefined ? undefined : [unknown, 'unknown field'];
}

/**
 * A check of a flat object payload from per-property checks. It accepts exactly what the
 * schema's compiled check accepts (`wire-codegen.spec.ts` holds them to it).
 */
export function objectCheck<T>(fields: Readonly<Record<string, FieldCheck>>): PayloadCheck<T> {
  return {
    is: (input: unknown): input is T => firstProblem(fields, input) === undefined,
    parse(input: unknown): T {
      const problem = firstProblem(fields, input);
      if (problem === undefined) return input as T;
      const [field, detail] = problem;
      throw new LivecastError(ErrorCode.Invalid, field === undefined ? detail : `${field}: ${detail}`, field);
    },
  };
}
