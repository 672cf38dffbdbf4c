/**
 * What a session reports about its pools: the protocol version spoken, open connections and the
 * load of each host's pool, and the totals for the metrics. Read-only: never opens, closes or
 * borrows a connection (that is `pool/`).
 *
 * @packageDocumentation
 */

import type { HostPool, HostPoolState } from '../pool/host-pool';
import type { ProtocolVersion } from '../protocol/opcodes';

/** The protocol version of the first open connection of the pools, if any. @internal */
export function protocolVersionOf(pools: Iterable<HostPool>): ProtocolVersion | undefined {
  for (const pool of pools) {
    const c = pool.openConnections[0];
    if (c) return c.protocolVersion;
  }
  return undefined;
}

/** Open connections of each pool, by host endpoint. @internal */
export function connectionCountsOf(pools: Iterable<HostPool>): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const pool of pools) counts.set(pool.host.endpoint, pool.size);
  return counts;
}

/** The state of each pool (connections, busy ones, in flight, capacity), by host endpoint. @internal */
export function poolStatesOf(pools: Iterable<HostPool>): ReadonlyMap<string, HostPoolState> {
  const states = new Map<string, HostPoolState>();
  for (const pool of pools) states.set(pool.host.endpoint, pool.state());
  return states;
}

/** Open connections and requests in flight over the pools (for metrics). @internal */
export function loadOf(pools: Iterable<HostPool>): { openConnections: number; inFlight: number } {
  let openConnections = 0;
  let inFlight = 0;
  for (const pool of pools) {
    openConnections += pool.size;
    inFlight += pool.inFlight;
  }
  return { openConnections, inFlight };
}
