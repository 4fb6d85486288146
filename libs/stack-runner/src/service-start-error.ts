/** A service that did not come up: which one, why, and the last lines it wrote. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';

  constructor(
    readonly service: string,
    readonly reason: string,
    readonly lastLines: readonly string[],
    /** The process that was spawned (gone by the time this is thrown). */
    readonly pid?: number,
  ) {
    super(`${service} ${reason}${lastLines.length > 0 ? `; its last output:\n${lastLines.map((l) => `  | ${l}`).join('\n')}` : ''}`);
  }
}
