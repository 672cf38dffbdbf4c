/**
 * Opening a connection to a chosen shard of a ScyllaDB node through its shard-aware port: the
 * node gives the connection the shard `source port % shards`, so the connection is opened from a
 * local port of that residue, trying the next one while ports are in use. Never keeps the
 * connection (the host pool files it) and never chooses the shard.
 *
 * @packageDocumentation
 */

import { Connection } from '../connection/connection';
import type { ResolvedConnectionOptions } from '../connection/connection-options';
import type { Sharder } from '../routing/sharder';

/** Local ports tried before giving up on one opening (each attempt that fails with EADDRINUSE). */
const MAX_PORT_ATTEMPTS = 16;

/**
 * Opens a connection to `address:shardAwarePort` from a local port mapped to `shard`. The
 * connection's actual shard is `connection.shard` (a NAT rewriting source ports lands it
 * elsewhere: the caller checks).
 *
 * @throws the opening error (a port in use is retried with the next port, up to 16 ports)
 * @internal
 */
export async function openToShard(
  address: string,
  shardAwarePort: number,
  shard: number,
  sharder: Sharder,
  options: ResolvedConnectionOptions,
): Promise<Connection> {
  let attempts = 0;
  let lastError: unknown;
  for (const localPort of sharder.sourcePortsFor(shard)) {
    if (attempts++ >= MAX_PORT_ATTEMPTS) break;
    try {
      return await Connection.openResolved(address, shardAwarePort, { ...options, localPort });
    } catch (error) {
      if (!isPortInUse(error)) throw error;
      lastError = error;
    }
  }
  throw lastError ?? new Error(`no local port maps to shard ${shard} of ${sharder.nrShards}`);
}

/** Whether the opening failed because the local port is taken. */
function isPortInUse(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') return true;
  }
  return false;
}
