export { defaultShapingConfig, shapingConfig, assertShapingConfig, type ShapingConfig } from './config';
export { classify, isUrgent, type MessageClass } from './classify';
export { frameIntervalFor, normalPerFrame } from './frame-interval';
export { RoomShaper, type ShapingMode } from './room-shaper';
export { ShaperSet } from './shaper-set';
export { type ShaperStats, type KindCounts } from './stats';
