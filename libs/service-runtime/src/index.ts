export { exitOnStartFailure, runService, type RunServiceOptions } from './bootstrap';
export { serviceInfoOf } from './service-info';
export { BusModule } from './bus.module';
export { counter, gauge, latencyHistogram, metricsRegistry } from './metrics';
export { ServiceRuntimeModule } from './runtime.module';
export { ReadinessRegistry } from './readiness';
export { NATS_CONNECTION, SERVICE_INFO, type CommonConfig, type ReadinessCheck, type ServiceInfo } from './tokens';
export {
  MODERATION_BUCKET,
  ROOMS_BUCKET,
  moderationBucketProvider,
  roomPolicyProviders,
  roomsBucketProvider,
  type ModerationBucket,
  type RoomsBucket,
} from './buckets';
export { ModerationWatch } from './moderation-watch';
export { RoomDirectory } from './room-directory';
