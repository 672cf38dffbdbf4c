/**
 * The real Cassandra node: reuse the running launcher cluster (or `CQLKIT_CONTACT_POINTS`), or
 * start a 1-node cluster through the launcher and stop it at the end. While the benchmark runs it
 * holds a lease on the launcher cluster, so a Jest run that started it does not stop it mid-run.
 */
import { addLease, LocalCassandraCluster, removeLease } from '@cqlkit/testing';
import type { TargetSpec } from './job';

/** A Cassandra target and how to release it. */
export interface CassandraHandle {
  readonly target: TargetSpec;
  readonly version: string | undefined;
  /** Removes the lease; stops the node when this run started it. */
  release(): Promise<void>;
}

/** Finds or starts Cassandra. */
export async function acquireCassandra(log: (message: string) => void): Promise<CassandraHandle> {
  const external = process.env.CQLKIT_CONTACT_POINTS?.trim();
  if (external) {
    const [first] = external.split(',');
    const [host, port] = (first ?? '127.0.0.1').split(':');
    const username = process.env.CQLKIT_USERNAME;
    const password = process.env.CQLKIT_PASSWORD;
    log(`using the cluster at CQLKIT_CONTACT_POINTS=${external} (server CPU not measured)`);
    return {
      target: {
        kind: 'cassandra',
        host: host ?? '127.0.0.1',
        port: Number(port ?? 9042),
        localDataCenter: process.env.CQLKIT_LOCAL_DC ?? 'datacenter1',
        ...(username && password ? { credentials: { username, password } } : {}),
      },
      version: undefined,
      release: async () => undefined,
    };
  }
  const launcher = new LocalCassandraCluster({ log });
  let started = false;
  let status = await launcher.status();
  if (!status.running) {
    log('no local Cassandra is running: starting a 1-node cluster (first run downloads the jars)…');
    await launcher.start({ nodes: 1, auth: false, tls: false });
    started = true;
    status = await launcher.status();
  } else {
    log(`reusing the running local Cassandra (${status.contactPoints.join(',')})`);
  }
  await addLease(launcher.clusterDir);
  const node = status.nodes[0];
  return {
    target: {
      kind: 'cassandra',
      host: node?.address ?? '127.0.0.1',
      port: node?.nativePort ?? 9042,
      localDataCenter: status.localDataCenter,
      ...(status.credentials ? { credentials: status.credentials } : {}),
      ...(node?.pid !== undefined ? { serverPid: node.pid } : {}),
    },
    version: status.cassandraVersion,
    release: async () => {
      await removeLease(launcher.clusterDir);
      if (started) {
        log('stopping the Cassandra node this run started');
        await launcher.stop();
      }
    },
  };
}
