import type { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';

const connection = (id: string) => ({ id }) as Connection;

describe('gateway: ConnectionRegistry', () => {
  it('finds connections by id until they are removed', () => {
    const registry = new ConnectionRegistry();
    const a = connection('a');
    registry.add(a);
    registry.add(connection('b'));
    expect(registry.get('a')).toBe(a);
    expect(registry.size).toBe(2);
    registry.remove('a');
    expect(registry.get('a')).toBeUndefined();
    expect([...registry.all()].map((c) => c.id)).toEqual(['b']);
  });

  it('ignores the removal of an unknown id', () => {
    const registry = new ConnectionRegistry();
    registry.remove('nobody');
    expect(registry.size).toBe(0);
  });
});
