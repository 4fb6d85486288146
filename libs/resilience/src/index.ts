export { backoffDelay, type BackoffPolicy } from './backoff';
export { systemClock, type Clock } from './clock';
export { FeedProgress, type FeedSample } from './feed-progress';
export { retry, type RetryOptions } from './retry';
export { SerialTimer } from './serial-timer';
export { SharedFlight } from './shared-flight';
export { Supervisor, type Run, type SupervisorOptions } from './supervisor';
