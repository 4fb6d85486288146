import { Type } from '@sinclair/typebox';

// Plausible ceilings of the numbers that cross the bus or sit in KV: a value beyond them is
// refused at the boundary like any other malformed field, so no report, record or frame
// can push a count, sequence or deadline somewhere it never comes back from.

/** Stream sequences: JSON numbers stay exact up to 2^53. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;
/** Wall-clock times in ms since the epoch, up to 2100-01-01. */
export const MAX_TIMESTAMP_MS = 4_102_444_800_000;
/** Counts of viewers or messages: a billion is beyond any room. */
export const MAX_COUNT = 1_000_000_000;
/** A retry hint: a day is the longest rate-limit period the config allows. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

export const SeqSchema = (minimum = 0, description?: string) => Type.Integer({ minimum, maximum: MAX_SEQ, description });
export const TimestampSchema = (description?: string) => Type.Integer({ minimum: 0, maximum: MAX_TIMESTAMP_MS, description });
export const CountSchema = (description?: string) => Type.Integer({ minimum: 0, maximum: MAX_COUNT, description });
