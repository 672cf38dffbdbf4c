/**
 * The ScyllaDB sharder: which shard (CPU core) of a ScyllaDB node owns a token, and which client
 * source ports the node's shard-aware port maps to a shard. Pure arithmetic, no I/O: the
 * connection pools and the simulated cluster of `@cqlkit/driver/testing` both use it.
 *
 * Never holds connections or sharding negotiation (see `protocol/scylla-extensions.ts`).
 *
 * @packageDocumentation
 */

/** The first port of the range drivers bind when connecting to a shard-aware port (IANA ephemeral range). */
export const SHARD_AWARE_PORT_MIN = 49152;

/** The last port of that range. */
export const SHARD_AWARE_PORT_MAX = 65535;

/** Largest shard count accepted (ScyllaDB runs one shard per core). */
export const MAX_SHARDS = 65536;

const TWO_POW_32 = 4294967296;

// A token goes through this scratch space to be read as two 32-bit words without allocating.
const scratch = new DataView(new ArrayBuffer(8));

/**
 * ScyllaDB's `biased-token-round-robin` sharding: the token is biased to an unsigned 64-bit
 * number, shifted left by `ignoreMsb` bits (mod 2^64), and the shard is the high 64 bits of its
 * product with the shard count.
 *
 * `shardOf` allocates nothing: it reads the token's two words and computes with exact doubles.
 *
 * @example
 * ```ts
 * const sharder = new Sharder(4, 12);
 * sharder.shardOf(-9219783007514621794n); // 3
 * sharder.shardOfSourcePort(49155); // 3: the shard-aware port assigns shards by source port
 * ```
 */
export class Sharder {
  /**
   * @param nrShards - number of shards of the node (1 to 65536)
   * @param ignoreMsb - most significant bits of the biased token the node ignores (0 to 63)
   * @throws RangeError when a value is out of range
   */
  constructor(
    readonly nrShards: number,
    readonly ignoreMsb: number,
  ) {
    if (!Number.isInteger(nrShards) || nrShards < 1 || nrShards > MAX_SHARDS) {
      throw new RangeError(`a shard count must be an integer from 1 to ${MAX_SHARDS}, got ${nrShards}`);
    }
    if (!Number.isInteger(ignoreMsb) || ignoreMsb < 0 || ignoreMsb > 63) {
      throw new RangeError(`ignore_msb must be an integer from 0 to 63, got ${ignoreMsb}`);
    }
  }

  /** The shard owning `token` (a signed 64-bit Murmur3 token), in `[0, nrShards)`. */
  shardOf(token: bigint): number {
    scratch.setBigInt64(0, token);
    // biased = token + 2^63: flipping the sign bit of the two's complement value
    const hi = (scratch.getUint32(0) ^ 0x80000000) >>> 0;
    const lo = scratch.getUint32(4);
    const msb = this.ignoreMsb;
    let h: number;
    let l: number;
    if (msb === 0) {
      h = hi;
      l = lo;
    } else if (msb < 32) {
      h = ((hi << msb) | (lo >>> (32 - msb))) >>> 0;
      l = (lo << msb) >>> 0;
    } else {
      h = (lo << (msb - 32)) >>> 0;
      l = 0;
    }
    // floor((h·2^32 + l)·n / 2^64) = floor((h·n + floor(l·n / 2^32)) / 2^32), every term exact
    const n = this.nrShards;
    return Math.floor((h * n + Math.floor((l * n) / TWO_POW_32)) / TWO_POW_32);
  }

  /** The shard a shard-aware port gives a connection from local port `port`. */
  shardOfSourcePort(port: number): number {
    return port % this.nrShards;
  }

  /**
   * Local ports that land on `shard` through the shard-aware port, each once: from a random port
   * of the range `[SHARD_AWARE_PORT_MIN, SHARD_AWARE_PORT_MAX]`, stepping by the shard count and
   * wrapping around (as ScyllaDB's drivers do). Callers skip ports found in use.
   *
   * @param random - a source in [0, 1) (default `Math.random`)
   */
  *sourcePortsFor(shard: number, random: () => number = Math.random): Generator<number, void, undefined> {
    const n = this.nrShards;
    if (!Number.isInteger(shard) || shard < 0 || shard >= n) {
      throw new RangeError(`shard ${shard} is not one of the ${n} shards`);
    }
    const first = firstPortOf(shard, n);
    if (first > SHARD_AWARE_PORT_MAX) return;
    const count = Math.floor((SHARD_AWARE_PORT_MAX - first) / n) + 1;
    const start = Math.min(count - 1, Math.floor(random() * count));
    for (let i = 0; i < count; i++) yield first + ((start + i) % count) * n;
  }
}

/** The smallest port of the range that maps to `shard`. */
function firstPortOf(shard: number, n: number): number {
  const offset = (shard - (SHARD_AWARE_PORT_MIN % n) + n) % n;
  return SHARD_AWARE_PORT_MIN + offset;
}
