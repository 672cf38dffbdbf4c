/**
 * Jest global teardown of the `integration` project: releases this run's lease on the launcher
 * cluster and stops the cluster only if this run's setup started it and no other live Jest run
 * uses it. `CQLKIT_KEEP_CASSANDRA=1` keeps it running for the next run.
 */
import { LocalCassandraCluster, otherLiveLeases, removeLease, withClusterLock } from '@cqlkit/testing';

import { SETUP_RECORD_KEY, type SetupRecord } from './jest-global-setup';

type HarnessGlobal = typeof globalThis & { [SETUP_RECORD_KEY]?: SetupRecord };

function log(message: string): void {
  process.stderr.write(`[cassandra] ${message}\n`);
}

/** Jest entry point. */
export default async function globalTeardown(): Promise<void> {
  const record = (globalThis as HarnessGlobal)[SETUP_RECORD_KEY];
  if (record === undefined) return;
  delete (globalThis as HarnessGlobal)[SETUP_RECORD_KEY];
  await withClusterLock(record.clusterDir, async () => {
    await removeLease(record.clusterDir);
    if (!record.started) return;
    if (process.env.CQLKIT_KEEP_CASSANDRA === '1') {
      log(`leaving the cluster in ${record.clusterDir} running (CQLKIT_KEEP_CASSANDRA=1)`);
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
