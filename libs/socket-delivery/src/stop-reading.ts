/** What of an engine.io connection stopping reads touches: the WebSocket under its transport. */
interface ReadableTransport {
  transport?: { name?: string; socket?: { pause?(): void; terminate?(): void } };
}

/**
 * Stops reading from a connection the gateway is closing because its client would not stop
 * sending: frames still arriving are left in the kernel (TCP backpressure slows the sender)
 * instead of being parsed, which a client that ignores the close handshake could keep up
 * for the 30 s of ws's close timeout. After `graceMs`, time for what was written last (the
 * closing notice) to reach the client, the TCP connection is dropped. Polling connections
 * read nothing between requests and are left to their normal close.
 */
export function stopReading(conn: unknown, graceMs: number): void {
  const transport = (conn as ReadableTransport | undefined)?.transport;
  if (transport?.name !== 'websocket') return;
  const ws = transport.socket;
  ws?.pause?.();
  setTimeout(() => ws?.terminate?.(), graceMs).unref();
}
