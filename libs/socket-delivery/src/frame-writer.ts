import { WebSocket } from 'ws';
import { OutboxWebSocket } from './outbox-websocket';
import type { SharedFrame } from './shared-frame';

/** A socket frames are written to, with its backpressure state (kept by the writer). */
export interface DeliveryTarget {
  /** The socket.io socket; only its engine.io connection and state are used. */
  readonly socket: { readonly conn: unknown; readonly connected: boolean };
  /** Frames not written because the socket was too slow, told to the client in the next frame. */
  skipped: number;
  /** When the socket became too slow to take frames; 0 while it keeps up. */
  slowSince: number;
  /** The socket's WebSocket once its transport is one, cached by the writer (transports only move to WebSocket). */
  wire?: OutboxWebSocket;
}

/** What happened to one write; `too-slow` is a skip by a socket slow for longer than allowed. */
export type WriteOutcome = 'sent' | 'skipped' | 'too-slow' | 'closed';

interface EngineSocket {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; socket?: unknown };
  write(data: string): void;
}

/** Limits of the per-connection backpressure. */
export interface FrameWriterLimits {
  slowBufferBytes: number;
  /** A socket that has been skipping frames this long should be disconnected. */
  slowMaxMs: number;
  /** Polling has no byte count: the engine.io packet queue length stands in. */
  slowQueuedPackets: number;
}

/**
 * Writes one shared frame to many sockets. For a WebSocket connection the frame's bytes —
 * built once per gateway, plain or compressed once — go into the socket's outbox as they
 * are: no per-socket encoding, closure or allocation. engine.io hands its own packets to
 * the same outbox synchronously, so order is kept. A socket whose buffer is over the limit
 * gets nothing (counted in `skipped`) instead of an ever-growing buffer; polling
 * connections go through engine.io's queue.
 */
export class FrameWriter {
  constructor(private readonly limits: FrameWriterLimits) {}

  write(target: DeliveryTarget, frame: SharedFrame, now: number): WriteOutcome {
    const wire = target.wire ?? this.resolveWire(target);
    if (wire === undefined) return this.writePolling(target, frame, now);
    if (wire.readyState !== WebSocket.OPEN || !target.socket.connected) return 'closed';
    if (wire.queuedBytes > this.limits.slowBufferBytes) return this.skip(target, now);
    target.slowSince = 0;
    if (target.skipped > 0) this.writeOwnCopy(target, frame);
    else wire.enqueueFrame(wire.takesSharedDeflate ? frame.deflated() : frame.plain);
    return 'sent';
  }

  /** Writes a control event: small and rare, so never skipped; queued behind what is buffered. */
  writeControl(target: DeliveryTarget, frame: SharedFrame): WriteOutcome {
    const wire = target.wire ?? this.resolveWire(target);
    if (wire === undefined) {
      const engine = target.socket.conn as EngineSocket;
      if (engine.readyState !== 'open' || !target.socket.connected) return 'closed';
      engine.write(frame.packet);
      return 'sent';
    }
    if (wire.readyState !== WebSocket.OPEN || !target.socket.connected) return 'closed';
    wire.enqueueFrame(wire.takesSharedDeflate ? frame.deflated() : frame.plain);
    return 'sent';
  }

  private writePolling(target: DeliveryTarget, frame: SharedFrame, now: number): WriteOutcome {
    const engine = target.socket.conn as EngineSocket;
    if (engine.readyState !== 'open' || !target.socket.connected) return 'closed';
    if (engine.writeBuffer.length > this.limits.slowQueuedPackets) return this.skip(target, now);
    target.slowSince = 0;
    if (target.skipped > 0) this.writeOwnCopy(target, frame);
    else engine.write(frame.packet);
    return 'sent';
  }

  private skip(target: DeliveryTarget, now: number): WriteOutcome {
    target.skipped++;
    if (target.slowSince === 0) target.slowSince = now;
    return now - target.slowSince > this.limits.slowMaxMs ? 'too-slow' : 'skipped';
  }

  /** This connection's copy tells it how many frames it missed: encoded for it alone. */
  private writeOwnCopy(target: DeliveryTarget, frame: SharedFrame): void {
    (target.socket.conn as EngineSocket).write(`2["${frame.event}",{"skipped":${target.skipped},${frame.json.slice(1)}]`);
    target.skipped = 0;
  }

  private resolveWire(target: DeliveryTarget): OutboxWebSocket | undefined {
    const transport = (target.socket.conn as EngineSocket).transport;
    if (transport.name !== 'websocket' || !(transport.socket instanceof OutboxWebSocket)) return undefined;
    target.wire = transport.socket;
    return target.wire;
  }
}
