export { Bus, type BusHandler } from './bus';
export { decodeJson, encodeJson } from './codec';
export { openBusConnection, type BusConnectionOptions } from './connection';
export { ensureMessageStream, openBucket, type BucketOptions, type MessageStreamOptions } from './jetstream';
export { TypedBucket, isRevisionConflict, type BucketChange, type Versioned } from './typed-bucket';
export { noopObserver, type BusLogger, type BusObserver } from './types';
