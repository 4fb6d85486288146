import { Type } from '@sinclair/typebox';
import { createValidator } from '../validation';

/** A shared rate-limit key's whole state: its GCRA theoretical arrival time, ms since epoch. */
export const RateLimitStateSchema = Type.Number({ minimum: 0, maximum: 8.64e15 });
export const rateLimitState = createValidator(RateLimitStateSchema);
