/**
 * Jest global teardown of the `cluster` project: releases this run's lease and stops the 3-node
 * cluster if this run started it and no other live Jest run uses it (`CQLKIT_KEEP_CASSANDRA=1`
 * keeps it running).
 */
import { LocalCassandraCluster, otherLiveLeases, removeLease, withClusterLock } from '@cqlkit/testing';
import { CLUSTER_SETUP_KEY, type ClusterSetupRecord } from './three-node-cluster';

type SetupGlobal = typeof globalThis & { [CLUSTER_SETUP_KEY]?: ClusterSetupRecord };

function log(message: string): void {
  process.stderr.write(`[cassandra:cluster] ${message}\n`);
}

/** Jest entry point. */
export default async function globalTeardown(): Promise<void> {
  const record = (globalThis as SetupGlobal)[CLUSTER_SETUP_KEY];
  if (record === undefined) return;
  delete (globalThis as SetupGlobal)[CLUSTER_SETUP_KEY];
  await withClusterLock(record.clusterDir, async () => {
    await removeLease(record.clusterDir);
    if (!record.started) return;
    if (process.env.CQLKIT_KEEP_CASSANDRA === '1') {
      log(`leaving the 3-node cluster in ${record.clusterDir} running (CQLKIT_KEEP_CASSANDRA=1)`);
      return;
    }
    const others = await otherLiveLeases(record.clusterDir);
    if (others.length > 0) {
      log(`leaving the cluster running: Jest run(s) ${others.join(', ')} still use it`);
      return;
    }
    await new LocalCassandraCluster({ clusterDir: record.clusterDir, log }).stop();
  });
}
