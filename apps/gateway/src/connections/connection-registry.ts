import { gauge } from '@livecast/service-runtime';
import type { Connection } from './connection';

const connectionsGauge = gauge('gateway_connections', 'open socket connections');

/** This gateway's open connections by id: what a presence-table entry stands for. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();

  add(connection: Connection): void {
    this.connections.set(connection.id, connection);
    connectionsGauge.set(this.connections.size);
  }

  remove(connectionId: string): void {
    this.connections.delete(connectionId);
    connectionsGauge.set(this.connections.size);
  }

  get(connectionId: string): Connection | undefined {
    return this.connections.get(connectionId);
  }

  /** Every open connection (for the closing notice at shutdown). */
  all(): IterableIterator<Connection> {
    return this.connections.values();
  }

  get size(): number {
    return this.connections.size;
  }
}
