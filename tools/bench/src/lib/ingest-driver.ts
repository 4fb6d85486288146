import type { IngestReply, IngestRequest, Names } from '@livecast/contracts';
import { connect, type NatsConnection } from 'nats';

/** The load a driver offers: `rate` requests per second from `users` viewers spread over `rooms`. */
export interface IngestLoad {
  rate: number;
  users: number;
  rooms: readonly string[];
  runId: string;
}

/** What the driver saw over one phase. */
export interface DriverTally {
  sent: number;
  accepted: number;
  duplicates: number;
  refused: Record<string, number>;
  /** Requests with no reply when the phase ended (after its drain). */
  unanswered: number;
  /** Request → reply, ms, of every reply. */
  latenciesMs: number[];
  /** Requests the pacer could not send on time (its backlog is capped at 100 ms of work). */
  missed: number;
}

const TICK_MS = 5;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends `ingest.<room>` requests as gateways do, paced at a steady rate, and matches each
 * reply to its request through one inbox subscription (no timer or subscription per
 * request), so the driver's own cost stays far below what it measures.
 */
export class IngestDriver {
  private readonly pending = new Map<number, number>();
  private readonly inbox: string;
  private next = 0;
  private tally: DriverTally = emptyTally();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly names: Names,
  ) {
    this.inbox = `_INBOX.bench.${process.pid}`;
    nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => (err ? undefined : this.onReply(msg.subject, msg.data)) });
  }

  static async connect(url: string, names: Names): Promise<IngestDriver> {
    return new IngestDriver(await connect({ servers: url, name: 'bench-driver' }), names);
  }

  /** Sends for `seconds` at the load's rate, waits up to `drainMs` for the last replies, and returns the phase's tally. */
  async run(load: IngestLoad, seconds: number, drainMs: number): Promise<DriverTally> {
    this.tally = emptyTally();
    this.pending.clear();
    const started = performance.now();
    const total = Math.round(load.rate * seconds);
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * load.rate));
        const backlogCap = Math.ceil(load.rate / 10);
        if (due - sent > backlogCap) {
          this.tally.missed += due - sent - backlogCap;
          sent = due - backlogCap;
        }
        for (; sent < due; sent++) this.send(load, sent);
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    const deadline = performance.now() + drainMs;
    while (this.pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.tally.unanswered = this.pending.size;
    return this.tally;
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }

  private send(load: IngestLoad, i: number): void {
    const user = i % load.users;
    const roomId = load.rooms[user % load.rooms.length];
    const id = this.next++;
    const request: IngestRequest = {
      roomId,
      clientMsgId: `${load.runId}-${id}`,
      kind: 'chat',
      text: `message ${i} from viewer ${user}: some chat text of a usual length`,
      from: { id: `${load.runId}-u${user}`, name: `viewer ${user}`, role: 'viewer', guest: false },
      gatewayId: 'bench-gw',
    };
    this.pending.set(id, performance.now());
    this.tally.sent++;
    this.nc.publish(this.names.ingest(roomId).subject, encoder.encode(JSON.stringify(request)), { reply: `${this.inbox}.${id}` });
  }

  private onReply(subject: string, data: Uint8Array): void {
    const id = Number(subject.slice(this.inbox.length + 1));
    const sentAt = this.pending.get(id);
    if (sentAt === undefined) return;
    this.pending.delete(id);
    this.tally.latenciesMs.push(performance.now() - sentAt);
    const reply = JSON.parse(decoder.decode(data)) as IngestReply;
    if (!reply.ok) this.tally.refused[reply.error.code] = (this.tally.refused[reply.error.code] ?? 0) + 1;
    else if (reply.duplicate) this.tally.duplicates++;
    else this.tally.accepted++;
  }
}

function emptyTally(): DriverTally {
  return { sent: 0, accepted: 0, duplicates: 0, refused: {}, unanswered: 0, latenciesMs: [], missed: 0 };
}

/** The q-quantile (0..1) of `values`, ms; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
