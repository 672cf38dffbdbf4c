/**
 * The connections of one ScyllaDB host, by shard: which shards still miss connections, and the
 * least busy connection of a shard for a request. Never opens or closes connections (the host
 * pool does) and never decides routing (the request carries its token or tablet).
 *
 * @packageDocumentation
 */

import type { Connection } from '../connection/connection';
import type { ShardingInfo } from '../protocol/scylla-extensions';
import { Sharder } from '../routing/sharder';

/**
 * Per-shard slots of a host's pool: `perShard` connections for each of the node's shards.
 *
 * @example
 * ```ts
 * const shards = new ShardConnections(connection.scyllaExtensions!.sharding!, 1);
 * shards.add(connection);
 * shards.missing(); // the shards still without a connection
 * shards.leastBusy(shards.sharder.shardOf(token), 2048);
 * ```
 * @internal
 */
export class ShardConnections {
  readonly sharder: Sharder;
  private readonly slots: Connection[][];

  constructor(
    /** The node's sharding, as its first connection learned it. */
    readonly info: ShardingInfo,
    /** Connections wanted per shard. */
    readonly perShard: number,
  ) {
    this.sharder = new Sharder(info.nrShards, info.ignoreMsb);
    this.slots = Array.from({ length: info.nrShards }, () => []);
  }

  /** Connections wanted in all. */
  get target(): number {
    return this.slots.length * this.perShard;
  }

  /** Whether `info` describes the same sharding (a restarted node may come back with another). */
  sameSharding(info: ShardingInfo): boolean {
    return info.nrShards === this.info.nrShards && info.ignoreMsb === this.info.ignoreMsb;
  }

  /** Files a connection under its shard; false when that shard already has its connections. */
  add(connection: Connection): boolean {
    const slot = this.slots[connection.shard ?? -1];
    if (slot === undefined || slot.length >= this.perShard) return false;
    slot.push(connection);
    return true;
  }

  /** Removes a connection (closed or drained). */
  remove(connection: Connection): void {
    const slot = this.slots[connection.shard ?? -1];
    const index = slot?.indexOf(connection) ?? -1;
    if (index >= 0) slot!.splice(index, 1);
  }

  /** One entry per missing connection: the shard it is missing from. */
  missing(): number[] {
    const out: number[] = [];
    this.slots.forEach((slot, shard) => {
      for (let i = slot.length; i < this.perShard; i++) out.push(shard);
    });
    return out;
  }

  /** Open connections per shard. */
  counts(): number[] {
    return this.slots.map((slot) => slot.length);
  }

  /**
   * The least busy open connection of `shard` with fewer than `maxRequests` requests in flight,
   * or `undefined` (the caller then takes any connection of the host).
   */
  leastBusy(shard: number, maxRequests: number): Connection | undefined {
    const slot = this.slots[shard];
    return slot === undefined ? undefined : leastBusy(slot, maxRequests);
  }
}

/**
 * The open connection of `list` with the fewest requests in flight, below `maxRequests`
 * (`undefined` when every one is closed or at the limit). Stops at the first idle one.
 *
 * @internal
 */
export function leastBusy(list: readonly Connection[], maxRequests: number): Connection | undefined {
  let best: Connection | undefined;
  let bestLoad = maxRequests;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as Connection;
    const load = c.inFlight;
    if (load < bestLoad && !c.closed) {
      best = c;
      bestLoad = load;
      if (load === 0) break;
    }
  }
  return best;
}
