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

/** Causes looked through for a port in use (a cycle of causes must not loop). */
const MAX_CAUSE_DEPTH = 8;

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

/**
 * Whether the opening failed because the local port is taken: an `EADDRINUSE` code on the error or
 * a cause of it. Never tested with `instanceof Error`: Node's socket errors come from another realm
 * when the driver runs in a VM context (Jest), and a port in use must still step to the next port.
 */
function isPortInUse(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof e === 'object' && e !== null; depth++) {
    const { code, cause } = e as { code?: unknown; cause?: unknown };
    if (code === 'EADDRINUSE') return true;
    e = cause;
  }
  return false;
}
