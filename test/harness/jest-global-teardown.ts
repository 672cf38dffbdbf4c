/**
 * Jest global teardown of the `integration` project: stops the cluster only if the global setup
 * started it (a cluster that was already running is left alone). `CQLKIT_KEEP_CASSANDRA=1` keeps
 * it running for the next run.
 */
import { LocalCassandraCluster } from './cluster';
import { STARTED_CLUSTER_KEY } from './jest-global-setup';

type HarnessGlobal = typeof globalThis & { [STARTED_CLUSTER_KEY]?: string };

/** Jest entry point. */
export default async function globalTeardown(): Promise<void> {
  const clusterDir = (globalThis as HarnessGlobal)[STARTED_CLUSTER_KEY];
  if (clusterDir === undefined) return;
  delete (globalThis as HarnessGlobal)[STARTED_CLUSTER_KEY];
  if (process.env.CQLKIT_KEEP_CASSANDRA === '1') {
    process.stderr.write(
      `[cassandra] leaving the cluster in ${clusterDir} running (CQLKIT_KEEP_CASSANDRA=1)\n`,
    );
    return;
  }
  const cluster = new LocalCassandraCluster({
    clusterDir,
    log: (message) => process.stderr.write(`[cassandra] ${message}\n`),
  });
  await cluster.stop();
}
