/**
 * What the `engines` Jest project checks about each engine of `@cqlkit/testing`: a driver session
 * against a handle, waiting for host events, and "nothing left running" (no Cassandra JVM of the
 * test's cluster dirs, no container of its Docker clusters).
 */
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { Cluster, Consistency, ConstantReconnectionPolicy, type ClusterOptions } from '@cqlkit/driver';
import { type CassandraHandle, dockerClient } from '@cqlkit/testing';

/** Driver options for a handle (credentials and CA included when the handle has them). */
export function driverOptions(handle: CassandraHandle, extra: Partial<ClusterOptions> = {}): ClusterOptions {
  return {
    contactPoints: [...handle.contactPoints],
    localDataCenter: handle.localDataCenter,
    reconnectionPolicy: new ConstantReconnectionPolicy(1000),
    ...(handle.credentials ? { credentials: { ...handle.credentials } } : {}),
    ...(handle.tls ? { tls: { ca: handle.tls.ca } } : {}),
    ...extra,
  };
}

/** Creates a keyspace and a table, writes and reads a row back: a real CQL round trip. */
export async function roundTrip(cluster: Cluster, keyspace: string, replication = 1): Promise<string> {
  const session = await cluster.connect();
  await session.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replication}}`,
  );
  await session.execute(`CREATE TABLE IF NOT EXISTS ${keyspace}.kv (k text PRIMARY KEY, v int)`);
  // QUORUM both ways: with replication 3, a write acknowledged by one replica may not be on the
  // replica a LOCAL_ONE read asks next (a flake seen on the 3-node Docker cluster).
  const quorum = { prepare: true, consistency: Consistency.QUORUM };
  await session.execute(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`, ['answer', 42], quorum);
  const rs = await session.execute<{ v: number }>(
    `SELECT v FROM ${keyspace}.kv WHERE k = ?`,
    ['answer'],
    quorum,
  );
  expect(rs.first()?.v).toBe(42);
  const version = await session.execute<{ release_version: string }>(
    'SELECT release_version FROM system.local',
  );
  await session.execute(`DROP KEYSPACE ${keyspace}`);
  return version.first()?.release_version ?? '';
}

/** Polls `condition` every 200 ms until it holds. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await sleep(200);
  }
}

/** Pids of CassandraDaemon JVMs whose storage dir lies under `dir` (host processes and containers). */
export async function cassandraJvmsUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (
      args.includes('org.apache.cassandra.service.CassandraDaemon') &&
      args.some((a) => a.startsWith(`-Dcassandra.storagedir=${dir}`))
    ) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** Names of containers (any state) labelled as nodes of a cqlkit Docker cluster. */
export async function cqlkitContainers(): Promise<string[]> {
  const client = await dockerClient();
  const list = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: ['dev.cqlkit.cluster'] },
  });
  return list.map((c) => `${c.Names.join(',')} (${c.State})`);
}
