export { exitOnStartFailure, runService, type RunServiceOptions } from './bootstrap';
export { serviceInfoOf } from './service-info';
export { BusModule } from './bus.module';
export { counter, gauge, jetStreamErrors, latencyHistogram, metricsRegistry } from './metrics';
export { ServiceRuntimeModule } from './runtime.module';
export { ReadinessRegistry } from './readiness';
export { SERVICE_INFO, type CommonConfig, type ReadinessCheck, type ServiceInfo } from './tokens';
export {
  LEASES_BUCKET,
  MODERATION_BUCKET,
  RATE_LIMITS_BUCKET,
  ROOMS_BUCKET,
  leasesBucketProvider,
  moderationBucketProvider,
  rateLimitsBucketProvider,
  roomsBucketProvider,
  type LeasesBucket,
  type ModerationBucket,
  type RateLimitsBucket,
  type RoomsBucket,
} from './buckets';
export { messageStreamProvider } from './message-stream.provider';
export { roomPolicyProviders } from './room-policy';
export { ModerationWatch } from './moderation-watch';
export { START_UP_PATIENCE_MS, whenClusterServes } from './start-up';
export { RoomDirectory } from './room-directory';
export { tokenVerifierProvider } from './token-verifier.provider';
