import type { Names, RoomControl, RoomFrame } from '@livecast/contracts';
import type { Bus } from '@livecast/nats';
import { RoomInterest, type Scheduler } from '@livecast/presence';
import { counter, gauge } from '@livecast/service-runtime';
import { LocalRoom } from './local-room';

const subscribedRooms = gauge('gateway_subscribed_rooms', 'rooms this gateway is subscribed to');
const subscriptionsOpened = counter('gateway_room_subscriptions_total', 'room subscriptions opened (first local viewer after the linger)');

/** Where a subscribed room's bus messages go. */
export interface RoomFeedHandlers {
  onFrame(room: LocalRoom, frame: RoomFrame, json: string): void;
  onControl(room: LocalRoom, control: RoomControl): void;
}

/** How room subscriptions are made and how long they linger. */
export interface RoomSubscriptionsOptions {
  bus: Pick<Bus, 'subscribe' | 'subscribeWithJson'>;
  names: Pick<Names, 'deliver' | 'control'>;
  handlers: RoomFeedHandlers;
  scheduler: Scheduler;
  lingerMs: number;
  historyOnJoin: number;
}

/**
 * The rooms this gateway is subscribed to, each a LocalRoom with its frame and control
 * subscriptions: acquired when a room has a local member, released when its last one
 * left, dropped after the linger (RoomInterest).
 */
export class RoomSubscriptions {
  private readonly interest: RoomInterest<LocalRoom>;

  constructor(private readonly options: RoomSubscriptionsOptions) {
    this.interest = new RoomInterest<LocalRoom>({
      scheduler: options.scheduler,
      lingerMs: options.lingerMs,
      sink: { subscribe: (roomId) => this.open(roomId), unsubscribe: (_roomId, room) => this.close(room) },
    });
  }

  /** The room's LocalRoom, subscribing it now if it is not subscribed. */
  acquire(roomId: string): LocalRoom {
    return this.interest.acquire(roomId);
  }

  /** The room has no local member left: drop it after the linger. */
  release(roomId: string): void {
    this.interest.release(roomId);
  }

  /** The subscribed room, lingering ones included. */
  get(roomId: string): LocalRoom | undefined {
    return this.interest.held(roomId);
  }

  get size(): number {
    return this.interest.subscribedCount;
  }

  dispose(): void {
    this.interest.dispose();
  }

  private open(roomId: string): LocalRoom {
    const { bus, names, handlers } = this.options;
    const room = new LocalRoom(roomId, this.options.historyOnJoin);
    room.subscriptions.push(
      bus.subscribeWithJson(names.deliver(roomId), (frame, json) => handlers.onFrame(room, frame, json)),
      bus.subscribe(names.control(roomId), (control) => handlers.onControl(room, control)),
    );
    subscriptionsOpened.inc();
    subscribedRooms.set(this.interest.subscribedCount + 1);
    return room;
  }

  private close(room: LocalRoom): void {
    room.close();
    subscribedRooms.set(this.interest.subscribedCount);
  }
}
