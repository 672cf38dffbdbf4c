/**
 * What the simulated-ScyllaDB suites share: the real nodes of the suite's Cassandra as simulator
 * targets, the simulator's credentials, and driver options for a cluster behind the simulator.
 * Each test file simulates on its own loopback addresses so that files can run in parallel.
 */
import { PlainTextAuthProvider, type Cluster, type ClusterOptions } from '@cqlkit/driver';
import { ScyllaSimulator, type ScyllaSimulatorOptions } from '@cqlkit/driver/testing';
import { contactPoints, credentials, localDataCenter } from '@cqlkit/testing';

/** The real nodes (`host`, `port`) of the server under test. */
export function realNodes(): { host: string; port: number }[] {
  return contactPoints().map((point) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(point)!;
    return { host: match[1]!, port: match[2] ? Number(match[2]) : 9042 };
  });
}

/** Options of the simulator's own connections to the real nodes (credentials when needed). */
export function realConnectionOptions(): { authProvider?: PlainTextAuthProvider } {
  const creds = credentials();
  return creds ? { authProvider: new PlainTextAuthProvider(creds.username, creds.password) } : {};
}

/**
 * Starts a simulator in front of every real node, on `127.0.<subnet>.1…n`.
 *
 * @param subnet - third byte of the simulated addresses, distinct per test file
 */
export function startSimulator(
  subnet: number,
  extra: Partial<ScyllaSimulatorOptions> = {},
): Promise<ScyllaSimulator> {
  return ScyllaSimulator.start({
    nodes: realNodes().map((target, i) => ({ target, address: `127.0.${subnet}.${i + 1}` })),
    ...realConnectionOptions(),
    ...extra,
  });
}

/** ClusterOptions for a cqlkit cluster behind `simulator`. */
export function simulatedClusterOptions(
  simulator: ScyllaSimulator,
  extra: Partial<ClusterOptions> = {},
): ClusterOptions {
  const creds = credentials();
  return {
    contactPoints: simulator.contactPoints(),
    localDataCenter: localDataCenter(),
    ...(creds ? { credentials: creds } : {}),
    ...extra,
  };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Waits until `check()` holds (polling), or fails after `timeoutMs` with `what`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every shard of every simulated node has at least one connection of the cluster's pools. */
export function allShardsCovered(cluster: Cluster): boolean {
  const hosts = cluster.getClusterState().hosts;
  return (
    hosts.length > 0 &&
    hosts.every((h) => h.connectionsPerShard !== undefined && h.connectionsPerShard.every((n) => n > 0))
  );
}
