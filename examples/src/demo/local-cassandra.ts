import { addLease, LocalCassandraCluster, otherLiveLeases, removeLease } from '@cqlkit/testing';
import type { Log } from './console-log';
import { describeTarget, type ConnectionTarget } from './connection-target';

/** The Cassandra the demo runs against, and how to let go of it. */
export interface CassandraHandle {
  readonly target: ConnectionTarget;
  /** Stops the node if the demo started it and no one else (a Jest run) uses it meanwhile. */
  release(): Promise<void>;
}

/**
 * The repository's local Cassandra (test/harness, see docs/testing-local-cassandra.md): reuses the
 * running cluster, whatever its options, or starts a 1-node cluster with authentication and TLS
 * (the options the integration tests use, so switching between `npm test` and `npm run demo`
 * never wipes the node's data). While the demo runs it holds a lease on the cluster, as Jest runs
 * do, so that a test run that started the node does not stop it under the demo (and the other
 * way round).
 */
export async function acquireLocalCassandra(log: Log): Promise<CassandraHandle> {
  const launcher = new LocalCassandraCluster({ log: (message) => log(`  ${message}`) });
  let status = await launcher.status();
  let started = false;
  if (status.running) {
    log(`reusing the local Cassandra that is already running in ${status.clusterDir}`);
  } else {
    const degraded = status.nodes.some((n) => n.state !== 'stopped');
    log(
      degraded
        ? 'starting the nodes of the local Cassandra that are down…'
        : 'starting a local Cassandra 5.0 node with --auth --tls (the first run downloads its jars with Maven)…',
    );
    const result = await launcher.start(degraded ? status.options : { nodes: 1, auth: true, tls: true });
    started = !degraded && !result.alreadyRunning;
    status = result.status;
    log(`Cassandra ${status.cassandraVersion ?? ''} is up after ${(result.elapsedMs / 1000).toFixed(1)} s`);
  }
  await addLease(launcher.clusterDir);
  const tlsCaFile = status.tls?.caPem;
  const target: ConnectionTarget = {
    contactPoints: status.contactPoints,
    localDataCenter: status.localDataCenter,
    ...(status.credentials ? { credentials: status.credentials } : {}),
    ...(tlsCaFile ? { tlsCaFile } : {}),
    description: describeTarget(status.contactPoints, status.credentials, tlsCaFile),
  };
  return {
    target,
    release: async () => {
      await removeLease(launcher.clusterDir);
      if (!started) {
        log('leaving the local Cassandra running (the demo did not start it)');
        return;
      }
      const others = await otherLiveLeases(launcher.clusterDir);
      if (others.length > 0) {
        log(`leaving the Cassandra node the demo started running: in use by pid ${others.join(', ')}`);
        return;
      }
      log('stopping the Cassandra node the demo started…');
      await launcher.stop();
      log('stopped');
    },
  };
}
