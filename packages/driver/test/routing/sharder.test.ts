import fc from 'fast-check';
import { murmur3Token } from '../../src/routing/murmur3';
import { SHARD_AWARE_PORT_MAX, SHARD_AWARE_PORT_MIN, Sharder } from '../../src/routing/sharder';

/** The formula as ScyllaDB states it, in BigInt arithmetic (the reference for the fast path). */
function referenceShard(token: bigint, nrShards: number, ignoreMsb: number): number {
  const mask = (1n << 64n) - 1n;
  let biased = (token + (1n << 63n)) & mask;
  biased = (biased << BigInt(ignoreMsb)) & mask;
  return Number((biased * BigInt(nrShards)) >> 64n);
}

describe('Sharder', () => {
  // Vectors from ScyllaDB's drivers (test data only): the Rust driver's sharding tests
  // (nr_shards 4, ignore_msb 12) and the Python driver's tests/unit/test_shard_aware.py
  // (nr_shards 12, ignore_msb 12, tokens of murmur3 of the keys).
  it.each([
    [-9219783007514621794n, 3],
    [9222582454147032830n, 3],
  ])('nr_shards 4, ignore_msb 12: token %s → shard %i', (token, shard) => {
    expect(new Sharder(4, 12).shardOf(token)).toBe(shard);
  });

  it.each([
    ['a', 4],
    ['b', 6],
    ['c', 6],
    ['e', 4],
    ['100000', 2],
  ])('nr_shards 12, ignore_msb 12: murmur3(%j) → shard %i', (key, shard) => {
    expect(new Sharder(12, 12).shardOf(murmur3Token(Buffer.from(key)))).toBe(shard);
  });

  it('agrees with the BigInt formula for any token, shard count and ignore_msb', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.integer({ min: 1, max: 1024 }),
        fc.integer({ min: 0, max: 63 }),
        (token, nr, msb) => new Sharder(nr, msb).shardOf(token) === referenceShard(token, nr, msb),
      ),
      { numRuns: 5000 },
    );
  });

  it('handles the extreme tokens and a single shard', () => {
    const sharder = new Sharder(7, 12);
    for (const token of [-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n]) {
      expect(sharder.shardOf(token)).toBe(referenceShard(token, 7, 12));
    }
    expect(new Sharder(1, 12).shardOf(123n)).toBe(0);
  });

  it('rejects shard counts and ignore_msb values out of range', () => {
    expect(() => new Sharder(0, 12)).toThrow(RangeError);
    expect(() => new Sharder(1.5, 12)).toThrow(/shard count/);
    expect(() => new Sharder(4, 64)).toThrow(/ignore_msb/);
    expect(() => new Sharder(4, -1)).toThrow(RangeError);
  });

  describe('shard-aware source ports', () => {
    it('maps a source port to port % nr_shards', () => {
      const sharder = new Sharder(4, 12);
      expect(sharder.shardOfSourcePort(49152)).toBe(0);
      expect(sharder.shardOfSourcePort(49155)).toBe(3);
    });

    it('yields every port of the range that lands on the shard, once, from a random start', () => {
      const sharder = new Sharder(12, 12);
      const ports = [...sharder.sourcePortsFor(5, () => 0.5)];
      expect(ports.every((p) => p % 12 === 5)).toBe(true);
      expect(ports.every((p) => p >= SHARD_AWARE_PORT_MIN && p <= SHARD_AWARE_PORT_MAX)).toBe(true);
      expect(new Set(ports).size).toBe(ports.length);
      const expected = Math.floor((SHARD_AWARE_PORT_MAX - 49157) / 12) + 1; // 49157 = first port ≡ 5 (mod 12)
      expect(ports.length).toBe(expected);
      expect(ports[0]).not.toBe(Math.min(...ports)); // started in the middle, then wrapped
    });

    it('starts at the first port of the shard when random gives 0', () => {
      const [first] = new Sharder(4, 12).sourcePortsFor(2, () => 0);
      expect(first).toBe(49154);
    });

    it('rejects a shard the node does not have', () => {
      expect(() => new Sharder(4, 12).sourcePortsFor(4).next()).toThrow(/not one of the 4 shards/);
    });
  });
});
