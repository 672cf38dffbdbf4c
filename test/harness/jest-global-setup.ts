/**
 * Jest global setup of the `integration` project: finds or starts the Cassandra the tests use and
 * exports how to reach it (see {@link TEST_ENV}) to the test workers.
 *
 * 1. `CQLKIT_CONTACT_POINTS` already set → use that cluster, start nothing.
 * 2. A launcher cluster is running (`npm run cassandra -- start`) → reuse it.
 * 3. Something answers CQL on 127.0.0.1:9042 → use it.
 * 4. Otherwise start a 1-node launcher cluster; teardown stops it (unless another Jest run still
 *    uses it, or `CQLKIT_KEEP_CASSANDRA=1`).
 *
 * Any failure throws, so the run fails loudly instead of skipping tests.
 */
import {
  addLease,
  type ClusterStatus,
  exportConnectionEnv,
  LocalCassandraCluster,
  probeCql,
  TEST_ENV,
  withClusterLock,
} from '@cqlkit/testing';

/** What the setup did, for the teardown (same process): which cluster it leased/started. */
export interface SetupRecord {
  readonly clusterDir: string;
  /** True when this setup started the cluster (then the teardown may stop it). */
  readonly started: boolean;
}

/** globalThis key of the {@link SetupRecord}. */
export const SETUP_RECORD_KEY = Symbol.for('cqlkit.harness.setupRecord');

type HarnessGlobal = typeof globalThis & { [SETUP_RECORD_KEY]?: SetupRecord };

function log(message: string): void {
  process.stderr.write(`[cassandra] ${message}\n`);
}

function exportLauncherEnv(status: ClusterStatus): void {
  exportConnectionEnv({
    contactPoints: status.contactPoints,
    localDataCenter: status.localDataCenter,
    clusterDir: status.clusterDir,
    credentials: status.credentials,
    tls: status.tls && {
      caFile: status.tls.caPem,
      otherCaFile: status.tls.otherCaPem,
      clientPkcs12File: status.tls.clientPkcs12,
      clientPkcs12Password: status.tls.password,
    },
  });
}

async function useLauncherCluster(
  cluster: LocalCassandraCluster,
  status: ClusterStatus,
  started: boolean,
): Promise<void> {
  await addLease(cluster.clusterDir);
  exportLauncherEnv(status);
  (globalThis as HarnessGlobal)[SETUP_RECORD_KEY] = { clusterDir: cluster.clusterDir, started };
}

/** Jest entry point. */
export default async function globalSetup(): Promise<void> {
  const env = process.env;
  if (env[TEST_ENV.contactPoints]?.trim()) {
    env[TEST_ENV.localDataCenter] ||= 'datacenter1';
    log(`using the cluster at ${TEST_ENV.contactPoints}=${env[TEST_ENV.contactPoints]} (nothing started)`);
    return;
  }
  const cluster = new LocalCassandraCluster({ log });
  await withClusterLock(
    cluster.clusterDir,
    async () => {
      const status = await cluster.status();
      if (status.running) {
        log(`reusing the running local cluster in ${status.clusterDir} (${status.contactPoints.join(',')})`);
        await useLauncherCluster(cluster, status, false);
        return;
      }
      if (status.nodes.some((n) => n.state !== 'stopped')) {
        log(`the local cluster in ${status.clusterDir} is degraded; starting its missing nodes`);
        await useLauncherCluster(cluster, (await cluster.start(status.options)).status, false);
        return;
      }
      const foreign = await probeCql('127.0.0.1');
      if (foreign !== undefined) {
        log(`using the Cassandra ${foreign} that answers on 127.0.0.1:9042 (not managed by the launcher)`);
        env[TEST_ENV.contactPoints] = '127.0.0.1';
        env[TEST_ENV.localDataCenter] = 'datacenter1';
        return;
      }
      // Auth and TLS are on so that every test logs in and the TLS tests have certificates; TLS is
      // optional on the port, so plaintext clients work too.
      log(
        'no Cassandra found; starting a 1-node local cluster with --auth --tls ' +
          '(npm run cassandra -- start --auth --tls keeps one running between test runs)',
      );
      const result = await cluster.start({ nodes: 1, auth: true, tls: true });
      log(`started in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      await useLauncherCluster(cluster, result.status, true);
    },
    { log },
  );
}
