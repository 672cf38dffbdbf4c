/**
 * Jest global setup of the `cluster` project: a 3-node launcher cluster without auth, with client
 * TLS optional on the port and client certificates required for TLS clients (see `THREE_NODES`), in
 * the launcher's cluster dir (`CQLKIT_CLUSTER_DIR`, default `<cache>/clusters/default`).
 *
 * - That cluster already runs with those options → reuse it (the teardown leaves it running).
 * - Nothing runs → start it (~30 s on 2 cores); the teardown stops it again.
 * - Another cluster runs (e.g. the 1-node auth+TLS one of the `integration` project), or something
 *   foreign answers on 127.0.0.1:9042 → fail with a message saying what to do: the launcher runs
 *   one cluster at a time (fixed addresses 127.0.0.1…N), which is why `npm test` runs this
 *   project after the others.
 */
import {
  addLease,
  describeClusterOptions,
  sameClusterOptions,
  LocalCassandraCluster,
  tcpConnects,
  TEST_ENV,
  withClusterLock,
} from '@cqlkit/testing';
import { CLUSTER_SETUP_KEY, THREE_NODES, type ClusterSetupRecord } from './three-node-cluster';

type SetupGlobal = typeof globalThis & { [CLUSTER_SETUP_KEY]?: ClusterSetupRecord };

function log(message: string): void {
  process.stderr.write(`[cassandra:cluster] ${message}\n`);
}

/** Jest entry point. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const cluster = new LocalCassandraCluster({ log });
  await withClusterLock(
    cluster.clusterDir,
    async () => {
      let status = await cluster.status();
      const alive = status.nodes.filter((n) => n.state !== 'stopped');
      let startedHere = false;
      if (alive.length > 0) {
        const o = status.options;
        const same = o !== undefined && sameClusterOptions(o, THREE_NODES);
        if (!same || !status.running) {
          throw new Error(
            `the cluster project needs a ${describeClusterOptions(THREE_NODES)} cluster, but the cluster in ${status.clusterDir} ` +
              `is running with (${o ? describeClusterOptions(o) : 'unknown options'}; nodes ` +
              `${status.nodes.map((n) => `${n.index}:${n.state}`).join(' ')}). The launcher runs one cluster at a ` +
              'time: stop it first (npm run cassandra -- stop), or run the projects in sequence with npm test.',
          );
        }
        log(`reusing the running 3-node cluster in ${status.clusterDir}`);
      } else if (await tcpConnects('127.0.0.1', 9042, 1000)) {
        throw new Error(
          'something not managed by the launcher answers on 127.0.0.1:9042; the cluster project needs ' +
            '127.0.0.1-3 for its own 3-node cluster. Stop that server first.',
        );
      } else {
        log(`starting a ${describeClusterOptions(THREE_NODES)} cluster in ${status.clusterDir}`);
        status = (await cluster.start(THREE_NODES)).status;
        startedHere = true;
        log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      await addLease(cluster.clusterDir);
      process.env[TEST_ENV.contactPoints] = status.contactPoints.join(',');
      process.env[TEST_ENV.localDataCenter] = status.localDataCenter;
      process.env[TEST_ENV.clusterDir] = status.clusterDir;
      delete process.env[TEST_ENV.username];
      delete process.env[TEST_ENV.password];
      (globalThis as SetupGlobal)[CLUSTER_SETUP_KEY] = {
        clusterDir: cluster.clusterDir,
        started: startedHere,
      };
    },
    { log },
  );
}
