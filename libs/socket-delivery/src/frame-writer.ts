import type { ServerEvent } from '@livecast/contracts';
import { WebSocket } from 'ws';

/** A socket frames are written to, with its backpressure state (kept by the writer). */
export interface DeliveryTarget {
  /** The socket.io socket; only its engine.io connection and state are used. */
  readonly socket: { readonly conn: unknown; readonly connected: boolean };
  /** Frames not written because the socket was too slow, told to the client in the next frame. */
  skipped: number;
  /** When the socket became too slow to take frames; 0 while it keeps up. */
  slowSince: number;
}

/** A server event encoded once for every connection that gets the same bytes. */
export interface PreparedPacket {
  /** The socket.io packet (`2["event",{...}]`), for engine.io's own write path. */
  readonly packet: string;
  /** The complete WebSocket frame of the engine.io message, for the direct path. */
  readonly wsFrame: Buffer[];
  /** The payload's JSON, to re-encode for a connection that needs its own copy. */
  readonly json: string;
  readonly event: ServerEvent;
}

/** What happened to one write; `too-slow` is a skip by a socket slow for longer than allowed. */
export type WriteOutcome = 'sent' | 'skipped' | 'too-slow' | 'closed';

interface EngineSocket {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; socket?: WebSocket & { _sender?: { sendFrame(frame: Buffer[], cb?: () => void): void } } };
  write(data: string): void;
}

interface WebSocketSenderStatic {
  frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[];
}

const Sender = (WebSocket as unknown as { Sender: WebSocketSenderStatic }).Sender;
const noop = () => undefined;

/** Limits of the per-connection backpressure. */
export interface FrameWriterLimits {
  slowBufferBytes: number;
  /** A socket that has been skipping frames this long should be disconnected. */
  slowMaxMs: number;
  /** Polling has no byte count: the engine.io packet queue length stands in. */
  slowQueuedPackets: number;
}

/**
 * Writes one encoded event to many sockets. The event is encoded once per gateway
 * (socket.io packet and the WebSocket frame around it); for a WebSocket connection with
 * nothing queued in engine.io the frame goes straight to the socket's sender, skipping
 * socket.io's and engine.io's per-socket packet work. Anything queued in engine.io is
 * written first, so order is kept. A socket whose buffer is over the limit gets nothing
 * (counted in `skipped`) instead of an ever-growing buffer.
 */
export class FrameWriter {
  constructor(private readonly limits: FrameWriterLimits) {}

  prepare(event: ServerEvent, json: string): PreparedPacket {
    const packet = `2["${event}",${json}]`;
    const wsFrame = Sender.frame(Buffer.from(`4${packet}`), { readOnly: true, mask: false, rsv1: false, opcode: 1, fin: true });
    return { packet, wsFrame, json, event };
  }

  write(connection: DeliveryTarget, prepared: PreparedPacket, now: number): WriteOutcome {
    const engine = connection.socket.conn as unknown as EngineSocket;
    if (engine.readyState !== 'open' || !connection.socket.connected) return 'closed';
    const ws = engine.transport.name === 'websocket' ? engine.transport.socket : undefined;
    const congested = ws ? ws.bufferedAmount > this.limits.slowBufferBytes : engine.writeBuffer.length > this.limits.slowQueuedPackets;
    if (congested) {
      connection.skipped++;
      if (connection.slowSince === 0) connection.slowSince = now;
      return now - connection.slowSince > this.limits.slowMaxMs ? 'too-slow' : 'skipped';
    }
    connection.slowSince = 0;
    if (connection.skipped > 0) {
      // This connection's copy tells it how many frames it missed: encoded for it alone.
      engine.write(`2["${prepared.event}",{"skipped":${connection.skipped},${prepared.json.slice(1)}]`);
      connection.skipped = 0;
      return 'sent';
    }
    this.send(engine, ws, prepared);
    return 'sent';
  }

  /** Writes a control event: small and rare, so never skipped; queued behind what is buffered. */
  writeControl(connection: DeliveryTarget, prepared: PreparedPacket): WriteOutcome {
    const engine = connection.socket.conn as unknown as EngineSocket;
    if (engine.readyState !== 'open' || !connection.socket.connected) return 'closed';
    this.send(engine, engine.transport.name === 'websocket' ? engine.transport.socket : undefined, prepared);
    return 'sent';
  }

  private send(engine: EngineSocket, ws: EngineSocket['transport']['socket'], prepared: PreparedPacket): void {
    if (ws?._sender && engine.writeBuffer.length === 0 && ws.readyState === WebSocket.OPEN) ws._sender.sendFrame(prepared.wsFrame, noop);
    else engine.write(prepared.packet);
  }
}
