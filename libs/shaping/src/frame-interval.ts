import type { ShapingConfig } from './config';

/**
 * Frame interval in ms for a room of `online` viewers: `tickMs` up to `megaRoomThreshold`,
 * then one more tick per further threshold's worth of viewers, capped at `maxFrameIntervalMs`.
 * Always a multiple of `tickMs`, so a driver ticking every `tickMs` lands on it.
 */
export function frameIntervalFor(online: number, config: ShapingConfig): number {
  const { tickMs, megaRoomThreshold, maxFrameIntervalMs } = config;
  if (!(online > megaRoomThreshold)) return tickMs;
  const ticks = Math.floor(online / megaRoomThreshold);
  const maxTicks = Math.max(1, Math.floor(maxFrameIntervalMs / tickMs));
  return Math.min(ticks, maxTicks) * tickMs;
}

/**
 * Normal messages one frame of `intervalMs` may show: the interval's share of `screenRate`,
 * rounded up so a fractional share still shows something (the shaper's sliding window keeps
 * the per-second cap exact).
 */
export function normalPerFrame(intervalMs: number, config: ShapingConfig): number {
  return Math.max(1, Math.ceil((config.screenRate * intervalMs) / 1000));
}
