import fc from 'fast-check';
import type { Host } from '../../src/cluster/host';
import { murmur3Token } from '../../src/routing/murmur3';
import { TokenMap } from '../../src/routing/token-map';
import { ids, ringHost } from './fake-hosts';

const simple = (rf: number) => ({ class: 'SimpleStrategy', replication_factor: String(rf) });

describe('TokenMap with SimpleStrategy', () => {
  // Ring: 1 owns -6000, 2 owns -2000, 3 owns 2000, 4 owns 6000.
  const hosts = [ringHost(1, [-6000]), ringHost(2, [-2000]), ringHost(3, [2000]), ringHost(4, [6000])];
  const map = TokenMap.build({
    hosts,
    keyspaces: { rf1: simple(1), rf2: simple(2), rf3: simple(3), rf9: simple(9) },
  });

  it('gives a token to the node owning the first ring token at or above it', () => {
    expect(ids(map.getReplicas('rf1', -2000n))).toEqual([2]);
    expect(ids(map.getReplicas('rf1', -1999n))).toEqual([3]);
    expect(ids(map.getReplicas('rf1', -6001n))).toEqual([1]);
  });

  it('wraps tokens above the last ring token around to the first node', () => {
    expect(ids(map.getReplicas('rf1', 6001n))).toEqual([1]);
    expect(ids(map.getReplicas('rf1', 2n ** 63n - 1n))).toEqual([1]);
  });

  it('places RF 2 on the owner and its successor', () => {
    expect(ids(map.getReplicas('rf2', 0n))).toEqual([3, 4]);
  });

  it('places RF 3 along the ring, wrapping around', () => {
    expect(ids(map.getReplicas('rf3', 5000n))).toEqual([4, 1, 2]);
    expect(ids(map.getReplicas('rf3', 7000n))).toEqual([1, 2, 3]);
  });

  it('says which keyspaces it can place replicas of (known strategy and a ring)', () => {
    expect(map.placesReplicas('rf1')).toBe(true);
    expect(map.placesReplicas('unknown')).toBe(false);
    expect(TokenMap.build({ hosts: [], keyspaces: { rf1: simple(1) } }).placesReplicas('rf1')).toBe(false);
  });

  it('caps the replicas at the number of nodes', () => {
    expect(ids(map.getReplicas('rf9', 0n))).toEqual([3, 4, 1, 2]);
  });

  it('hashes a routing key with Murmur3 when given bytes instead of a token', () => {
    const key = Buffer.from('123'); // token -7468325962851647638: below every ring token
    expect(murmur3Token(key)).toBeLessThan(-6000n);
    expect(map.getReplicas('rf2', key)).toBe(map.getReplicas('rf2', murmur3Token(key)));
    expect(ids(map.getReplicas('rf2', key))).toEqual([1, 2]);
  });

  it('skips the other tokens of a node already chosen (vnodes)', () => {
    const vnodes = TokenMap.build({
      hosts: [ringHost(1, [0, 100, 200]), ringHost(2, [50]), ringHost(3, [300])],
      keyspaces: { ks: simple(2) },
    });
    expect(ids(vnodes.getReplicas('ks', 60n))).toEqual([1, 3]);
    expect(ids(vnodes.getReplicas('ks', 10n))).toEqual([2, 1]);
  });
});

describe('TokenMap with NetworkTopologyStrategy', () => {
  // Ring order: 1(dc1,r1)=0 5(dc2,r1)=50 2(dc1,r1)=100 6(dc2,r1)=150 3(dc1,r2)=200 7(dc2,r2)=250 4(dc1,r2)=300
  const hosts = [
    ringHost(1, [0], 'dc1', 'r1'),
    ringHost(2, [100], 'dc1', 'r1'),
    ringHost(3, [200], 'dc1', 'r2'),
    ringHost(4, [300], 'dc1', 'r2'),
    ringHost(5, [50], 'dc2', 'r1'),
    ringHost(6, [150], 'dc2', 'r1'),
    ringHost(7, [250], 'dc2', 'r2'),
  ];
  const nts = (factors: Record<string, string>) => ({
    class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
    ...factors,
  });
  const map = TokenMap.build({
    hosts,
    keyspaces: {
      twoOne: nts({ dc1: '2', dc2: '1' }),
      threeTwo: nts({ dc1: '3', dc2: '2' }),
      dc2Only: nts({ dc2: '5' }),
      ghostDc: nts({ dc1: '1', dc9: '3' }),
    },
  });

  it('takes each DC its factor of nodes, on distinct racks first', () => {
    // dc1 skips node 2 (rack r1 already used) for node 3 (r2).
    expect(ids(map.getReplicas('twoOne', 0n))).toEqual([1, 5, 3]);
  });

  it('fills a factor larger than the rack count with the first nodes met on used racks', () => {
    // dc1: 1(r1), 2(r1, the one allowed repeat), 3(r2). dc2: 5(r1), 6 skipped (r1, no repeat left), 7(r2).
    expect(ids(map.getReplicas('threeTwo', 0n))).toEqual([1, 5, 2, 3, 7]);
  });

  it('walks from the token position and wraps around', () => {
    expect(ids(map.getReplicas('twoOne', 260n))).toEqual([4, 1, 5]);
  });

  it('gives a DC with fewer nodes than its factor all its nodes', () => {
    expect(ids(map.getReplicas('dc2Only', 0n))).toEqual([5, 6, 7]);
  });

  it('ignores data centers that have no node', () => {
    expect(ids(map.getReplicas('ghostDc', 120n))).toEqual([3]);
  });

  it('treats nodes without a rack as sharing one rack', () => {
    const rackless = TokenMap.build({
      hosts: [ringHost(1, [0], 'dc1'), ringHost(2, [10], 'dc1'), ringHost(3, [20], 'dc1')],
      keyspaces: { ks: nts({ dc1: '2' }) },
    });
    expect(ids(rackless.getReplicas('ks', 5n))).toEqual([2, 3]);
  });

  it('places min(factor, nodes) replicas per DC, on min(factor, racks) distinct racks (random topologies)', () => {
    const topology = fc.array(
      fc.record({ dc: fc.constantFrom('dc1', 'dc2', 'dc3'), rack: fc.constantFrom('a', 'b', 'c', 'd') }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        topology,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        (nodes, rf1, rf2, token) => {
          const ring = nodes.map((n, i) =>
            ringHost(
              i + 1,
              [BigInt(i) * 1_000_000_007n - 5_000_000_000n, BigInt(i) * 77n + 3n],
              n.dc,
              n.rack,
            ),
          );
          const tokenMap = TokenMap.build({
            hosts: ring,
            keyspaces: { ks: nts({ dc1: String(rf1), dc2: String(rf2) }) },
          });
          const replicas = tokenMap.getReplicas('ks', token);
          expect(new Set(replicas).size).toBe(replicas.length);
          for (const [dc, rf] of [
            ['dc1', rf1],
            ['dc2', rf2],
          ] as const) {
            const inDc = ring.filter((h) => h.datacenter === dc);
            const chosen = replicas.filter((h) => h.datacenter === dc);
            const racks = new Set(inDc.map((h) => h.rack));
            expect(chosen).toHaveLength(Math.min(rf, inDc.length));
            expect(new Set(chosen.map((h) => h.rack)).size).toBe(Math.min(chosen.length, racks.size));
          }
          expect(replicas.every((h) => h.datacenter !== 'dc3')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TokenMap with other strategies and edge cases', () => {
  const hosts = [ringHost(1, [-10]), ringHost(2, [0]), ringHost(3, [10])];

  it('puts every node in the replicas of EverywhereStrategy, from the token position', () => {
    const map = TokenMap.build({
      hosts,
      keyspaces: { everywhere: { class: 'org.apache.cassandra.locator.EverywhereStrategy' } },
    });
    expect(ids(map.getReplicas('everywhere', 1n))).toEqual([3, 1, 2]);
  });

  it('has no replicas for LocalStrategy (any node serves node-local data)', () => {
    const map = TokenMap.build({ hosts, keyspaces: { system: { class: 'LocalStrategy' } } });
    expect(map.getReplicas('system', 0n)).toEqual([]);
    expect(map.strategyOf('system')).toEqual({ kind: 'local' });
  });

  it('has no replicas for an unknown strategy or an unknown keyspace', () => {
    const map = TokenMap.build({ hosts, keyspaces: { odd: { class: 'com.example.CustomStrategy' } } });
    expect(map.getReplicas('odd', 0n)).toEqual([]);
    expect(map.getReplicas('nope', 0n)).toEqual([]);
  });

  it('knows no replicas when the partitioner is not Murmur3', () => {
    const map = TokenMap.build({
      hosts,
      keyspaces: { ks: simple(1) },
      partitioner: 'org.apache.cassandra.dht.RandomPartitioner',
    });
    expect(map.tokenCount).toBe(0);
    expect(map.getReplicas('ks', 0n)).toEqual([]);
  });

  it('accepts the Murmur3 partitioner by its full class name', () => {
    const map = TokenMap.build({
      hosts,
      keyspaces: { ks: simple(1) },
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    });
    expect(ids(map.getReplicas('ks', 0n))).toEqual([2]);
  });

  it('ignores tokens that are not signed 64-bit integers, and nodes without tokens', () => {
    const map = TokenMap.build({
      hosts: [ringHost(1, ['abc', '9223372036854775808', '5']), ringHost(2, []), ringHost(3, ['-5'])],
      keyspaces: { ks: simple(3) },
    });
    expect(map.tokenCount).toBe(2);
    expect(ids(map.hosts)).toEqual([3, 1]);
    expect(ids(map.getReplicas('ks', 0n))).toEqual([1, 3]);
  });

  it('has no replicas when no node has tokens', () => {
    const map = TokenMap.build({ hosts: [ringHost(1, [])], keyspaces: { ks: simple(1) } });
    expect(map.getReplicas('ks', 0n)).toEqual([]);
    expect(TokenMap.EMPTY.getReplicas('ks', Buffer.from('k'))).toEqual([]);
  });

  it('accepts the keyspaces as a Map', () => {
    const map = TokenMap.build({ hosts, keyspaces: new Map([['ks', simple(2)]]) });
    expect(ids(map.getReplicas('ks', 0n))).toEqual([2, 3]);
    expect([...map.keyspaceNames()]).toEqual(['ks']);
  });
});

describe('TokenMap caching and immutability', () => {
  const hosts = [ringHost(1, [-10]), ringHost(2, [0]), ringHost(3, [10])];

  it('computes a replica list once and returns the same frozen array afterwards', () => {
    const map = TokenMap.build({ hosts, keyspaces: { ks: simple(2) } });
    const first = map.getReplicas('ks', -3n);
    expect(Object.isFrozen(first)).toBe(true);
    expect(map.getReplicas('ks', -1n)).toBe(first); // same ring range
    expect(map.getReplicas('ks', 5n)).not.toBe(first);
  });

  it('shares replica lists between keyspaces with the same replication settings', () => {
    const map = TokenMap.build({
      hosts,
      keyspaces: {
        a: simple(2),
        b: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '2' },
      },
    });
    expect(map.getReplicas('a', 0n)).toBe(map.getReplicas('b', 0n));
  });

  it('derives maps with a keyspace added, replaced or removed, leaving the original unchanged', () => {
    const base = TokenMap.build({ hosts, keyspaces: { ks: simple(1) } });
    const cached = base.getReplicas('ks', 0n);
    const added = base.withKeyspace('other', simple(1));
    expect(added.getReplicas('other', 0n)).toBe(cached);
    const replaced = base.withKeyspace('ks', simple(3));
    expect(ids(replaced.getReplicas('ks', 0n))).toEqual([2, 3, 1]);
    expect(ids(base.getReplicas('ks', 0n))).toEqual([2]);
    const removed = base.withoutKeyspace('ks');
    expect(removed.getReplicas('ks', 0n)).toEqual([]);
    expect(base.withoutKeyspace('absent')).toBe(base);
  });

  it('keeps the data center and rack each node had when the map was built', () => {
    const moving: Host = ringHost(1, [0], 'dc1', 'r1');
    const map = TokenMap.build({
      hosts: [moving, ringHost(2, [10], 'dc2', 'r1')],
      keyspaces: { ks: { class: 'NetworkTopologyStrategy', dc1: '1' } },
    });
    moving.update({ datacenter: 'dc2' });
    expect(ids(map.getReplicas('ks', 5n))).toEqual([1]);
  });
});
