/** Stops the suite and the private nats-server the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const suite = globalThis.livecastSuite;
  if (!suite) return;
  await suite.stack.stop();
  await suite.nats.stop();
  for (const log of suite.logs.values()) log.end();
  globalThis.livecastSuite = undefined;
}
