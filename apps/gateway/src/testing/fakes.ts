import type { Channel, Principal, RoomControl, RoomFrame } from '@livecast/contracts';
import { newRefusalWindow } from '@livecast/limits';
import type { BusHandler, BusMessage, BusSubscription } from '@livecast/nats';
import type { DeliveryTarget, FrameWriter, SharedFrame, WriteOutcome } from '@livecast/socket-delivery';
import type { Connection } from '../connections/connection';

// Test doubles for the gateway's unit specs: no sockets, no NATS.

type Handler = (payload: never, json: string) => void;

/** A bus that records subscriptions by subject and delivers what a spec publishes to them. */
export class FakeBus {
  readonly handlers = new Map<string, Handler>();
  unsubscribed: string[] = [];

  subscribe<T>(channel: Channel<T>, handler: BusHandler<T>): BusSubscription {
    return this.add(channel.subject, (payload) => void handler(payload, {} as BusMessage));
  }

  subscribeWithJson<T>(channel: Channel<T>, handler: (payload: T, json: string) => void): BusSubscription {
    return this.add(channel.subject, handler as Handler);
  }

  deliver(subject: string, payload: RoomFrame | RoomControl): void {
    this.handlers.get(subject)?.(payload as never, JSON.stringify(payload));
  }

  private add(subject: string, handler: Handler): BusSubscription {
    this.handlers.set(subject, handler);
    return {
      unsubscribe: () => {
        this.handlers.delete(subject);
        this.unsubscribed.push(subject);
      },
      drain: async () => undefined,
    };
  }
}

/** A writer that records each write's connection id and event, answering a scripted outcome. */
export class FakeWriter implements Pick<FrameWriter, 'write' | 'writeControl'> {
  readonly writes: Array<{ id: string; event: string; json: string }> = [];
  outcomes = new Map<string, WriteOutcome>();

  write(target: DeliveryTarget, frame: SharedFrame): WriteOutcome {
    return this.record(target, frame, this.outcomes.get((target as Connection).id) ?? 'sent');
  }

  writeControl(target: DeliveryTarget, frame: SharedFrame): WriteOutcome {
    return this.record(target, frame, 'sent');
  }

  private record(target: DeliveryTarget, frame: SharedFrame, outcome: WriteOutcome): WriteOutcome {
    if (outcome === 'sent') this.writes.push({ id: (target as Connection).id, event: frame.event, json: frame.json });
    return outcome;
  }
}

/** A connection whose socket records emits and disconnects. */
export function fakeConnection(id: string, userId = `u-${id}`): Connection & { emitted: unknown[][]; disconnected: boolean } {
  const state = { emitted: [] as unknown[][], disconnected: false };
  const socket = {
    conn: {},
    connected: true,
    emit: (...args: unknown[]) => state.emitted.push(args),
    disconnect: () => {
      state.disconnected = true;
    },
  };
  const principal: Principal = { id: userId, name: userId, role: 'viewer', guest: false };
  return Object.assign(state, {
    id,
    socket: socket as unknown as Connection['socket'],
    principal,
    expiresAt: Number.POSITIVE_INFINITY,
    refusals: newRefusalWindow(),
    closing: false,
    skipped: 0,
    slowSince: 0,
  });
}
