export { FrameWriter, type DeliveryTarget, type FrameWriterLimits, type WriteOutcome } from './frame-writer';
export { SharedFrame, type DeflateLevel } from './shared-frame';
export { OutboxWebSocket } from './outbox-websocket';
export { OutboxWebSocketServer } from './outbox-server';
export { stopReading } from './stop-reading';
export { releaseUpgradeRequest } from './release-upgrade-request';
