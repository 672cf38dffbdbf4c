import type { Connection } from '../../src/connection/connection';
import { leastBusy, ShardConnections } from '../../src/pool/shard-connections';

/** A stand-in with what the shard index reads. */
function connection(shard: number | undefined, inFlight = 0, closed = false): Connection {
  return { shard, inFlight, closed } as unknown as Connection;
}

const SHARDING = {
  shard: 0,
  nrShards: 4,
  ignoreMsb: 12,
  shardAwarePort: 19042,
  shardAwarePortSsl: undefined,
};

describe('ShardConnections', () => {
  it('files connections by shard up to the per-shard quota and lists what is missing', () => {
    const shards = new ShardConnections(SHARDING, 2);
    expect(shards.target).toBe(8);
    expect(shards.missing()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const a = connection(1);
    expect(shards.add(a)).toBe(true);
    expect(shards.add(connection(1))).toBe(true);
    expect(shards.add(connection(1))).toBe(false); // shard 1 is full: surplus
    expect(shards.add(connection(undefined))).toBe(false);
    expect(shards.counts()).toEqual([0, 2, 0, 0]);
    shards.remove(a);
    expect(shards.missing()).toEqual([0, 0, 1, 2, 2, 3, 3]);
  });

  it('lends the least busy open connection of a shard, below the request limit', () => {
    const shards = new ShardConnections(SHARDING, 3);
    const busy = connection(2, 5);
    const idle = connection(2, 0);
    const closed = connection(2, 0, true);
    for (const c of [busy, closed, idle]) shards.add(c);
    expect(shards.leastBusy(2, 100)).toBe(idle);
    expect(shards.leastBusy(3, 100)).toBeUndefined();
    expect(leastBusy([busy], 5)).toBeUndefined(); // at the limit
  });

  it('routes a token with the node sharding', () => {
    const shards = new ShardConnections(SHARDING, 1);
    expect(shards.sharder.shardOf(-9219783007514621794n)).toBe(3);
    expect(shards.sameSharding({ ...SHARDING, shard: 2 })).toBe(true);
    expect(shards.sameSharding({ ...SHARDING, nrShards: 8 })).toBe(false);
  });
});
