import { ID_A, ID_B, tablet } from './tablet-fixtures';
import { Host } from '../../src/cluster/host';
import { TabletMap } from '../../src/routing/tablet-map';

const hostA = new Host({ address: '127.0.0.1', port: 9042, hostId: ID_A });
const hostB = new Host({ address: '127.0.0.2', port: 9042, hostId: ID_B });
const byId = new Map([
  [ID_A, hostA],
  [ID_B, hostB],
]);
const resolve = (id: string): Host | undefined => byId.get(id);

describe('TabletMap', () => {
  it('finds the tablet whose range (first, last] holds a token', () => {
    const map = new TabletMap();
    map.add('ks', 't', tablet(-100n, 0n, [ID_A, 1]), resolve);
    map.add('ks', 't', tablet(0n, 100n, [ID_B, 2]), resolve);
    expect(map.find('ks', 't', -100n)).toBeUndefined(); // first is exclusive
    expect(map.find('ks', 't', -99n)?.replicas[0]).toEqual({ hostId: ID_A, shard: 1, host: hostA });
    expect(map.find('ks', 't', 0n)?.replicas[0]?.host).toBe(hostA); // last is inclusive
    expect(map.find('ks', 't', 1n)?.replicas[0]?.host).toBe(hostB);
    expect(map.find('ks', 't', 101n)).toBeUndefined();
    expect(map.find('ks', 'other', 1n)).toBeUndefined();
    expect(map.size).toBe(2);
    expect(map.hasTablets('ks', 't')).toBe(true);
  });

  it('replaces the tablets a new one overlaps (a moved or merged tablet)', () => {
    const map = new TabletMap();
    map.add('ks', 't', tablet(-100n, 0n, [ID_A, 1]), resolve);
    map.add('ks', 't', tablet(0n, 100n, [ID_A, 1]), resolve);
    map.add('ks', 't', tablet(100n, 200n, [ID_A, 1]), resolve);
    map.add('ks', 't', tablet(-50n, 150n, [ID_B, 3]), resolve);
    expect(map.tabletsOf('ks', 't').map((t) => [t.firstToken, t.lastToken])).toEqual([[-50n, 150n]]);
    expect(map.size).toBe(1);
    map.add('ks', 't', tablet(-200n, -50n, [ID_A, 0]), resolve); // adjacent: kept both
    expect(map.tabletsOf('ks', 't').map((t) => t.firstToken)).toEqual([-200n, -50n]);
    expect(map.size).toBe(2);
  });

  it('drops tablets of dropped tables, of keyspaces without tablets and of removed hosts', () => {
    const map = new TabletMap();
    const ID_C = '33333333-3333-4333-8333-333333333333';
    map.add('ks', 't', tablet(0n, 10n, [ID_A, 0]), resolve);
    map.add('ks', 't', tablet(10n, 20n, [ID_B, 0]), resolve);
    map.add('ks', 't', tablet(20n, 30n, [ID_C, 0]), resolve); // host not known yet
    map.add('ks', 'gone', tablet(0n, 10n, [ID_A, 0]), resolve);
    map.add('vnodes', 't', tablet(0n, 10n, [ID_A, 0]), resolve);
    const hostC = new Host({ address: '127.0.0.3', port: 9042, hostId: ID_C });
    map.maintain({
      resolve: (id) => (id === ID_B ? undefined : id === ID_C ? hostC : byId.get(id)),
      tabletKeyspaces: new Set(['ks']),
      tableExists: (_ks, table) => table === 't',
    });
    expect(map.tabletsOf('ks', 't').map((t) => t.firstToken)).toEqual([0n, 20n]);
    expect(map.find('ks', 't', 25n)?.replicas[0]?.host).toBe(hostC);
    expect(map.hasTablets('ks', 'gone')).toBe(false);
    expect(map.hasTablets('vnodes', 't')).toBe(false);
    expect(map.size).toBe(2);
  });
});
