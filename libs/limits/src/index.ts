export { assertRateLimit, gcraDecide, type GcraDecision, type RateLimit } from './gcra';
export { LocalRateLimiter, type LocalRateLimiterOptions } from './local-rate-limiter';
export { DedupWindow, type DedupWindowOptions } from './dedup-window';
export { DEFAULT_RATE_LIMITS, RateLimitPolicy, type LimitScope, type RateLimitOverrides } from './limit-policy';
export { rateLimitedAck, rateLimitedError, type RateLimitedSubject } from './rate-limited-error';
export { RefusalBudget, newRefusalWindow, type RefusalWindow } from './refusal-budget';
export { ReportThrottle, type ReportThrottleOptions } from './report-throttle';
export { priorityLane, type PriorityLane } from './priority-lane';
