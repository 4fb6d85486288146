export { FrameWriter, type DeliveryTarget, type FrameWriterLimits, type PreparedPacket, type WriteOutcome } from './frame-writer';
export { stopReading } from './stop-reading';
