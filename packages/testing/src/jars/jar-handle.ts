/**
 * The jar engine behind `startCassandra`: a {@link LocalCassandraCluster} in a cluster directory,
 * reused when it already runs with the same options, refused clearly when it runs with others.
 * Every handle holds a lease on the cluster (leases.ts), so a handle that started the cluster
 * stops it only when no other live process still uses it.
 */
import { readFile } from 'node:fs/promises';

import { type CassandraHandle, CassandraStartError, type CassandraTls } from '../handle';
import { ClusterOptionsConflictError, type ClusterStatus, LocalCassandraCluster } from './cluster';
import { withClusterLock } from './cluster-lock';
import type { ClusterOptions } from './cluster-state';
import { addLease, otherLiveLeases, removeLease } from './leases';
import { PortInUseError } from './node-launcher';
import { NodeStartupError } from './readiness';
import type { LauncherEnv } from '../config/paths';

/** Inputs of {@link startJarCluster}. */
export interface JarClusterConfig {
  readonly options: ClusterOptions;
  readonly clusterDir?: string;
  readonly env: LauncherEnv;
  readonly log: (message: string) => void;
  readonly startTimeoutMs: number;
}

async function tlsOf(status: ClusterStatus): Promise<CassandraTls | undefined> {
  if (!status.tls) return undefined;
  return {
    ca: await readFile(status.tls.caPem, 'utf8'),
    caFile: status.tls.caPem,
    otherCaFile: status.tls.otherCaPem,
    clientPkcs12File: status.tls.clientPkcs12,
    clientPkcs12Password: status.tls.password,
  };
}

function translate(error: unknown): unknown {
  if (error instanceof ClusterOptionsConflictError) {
    return new CassandraStartError('OPTIONS_CONFLICT', error.message, { cause: error });
  }
  if (error instanceof NodeStartupError)
    return new CassandraStartError('NODE_FAILED', error.message, { cause: error });
  if (error instanceof PortInUseError) {
    return new CassandraStartError('ADDRESS_IN_USE', error.message, { cause: error });
  }
  return error;
}

/** Starts (or reuses) the jar-engine cluster and returns its handle. */
export async function startJarCluster(config: JarClusterConfig): Promise<CassandraHandle> {
  const started = Date.now();
  const cluster = new LocalCassandraCluster({
    clusterDir: config.clusterDir,
    env: config.env,
    log: config.log,
    startTimeoutMs: config.startTimeoutMs,
  });
  let reused = false;
  const status = await withClusterLock(cluster.clusterDir, async () => {
    try {
      const before = await cluster.status();
      const result = await cluster.start(config.options);
      reused = result.alreadyRunning || before.nodes.some((n) => n.state !== 'stopped');
      await addLease(cluster.clusterDir);
      return result.status;
    } catch (error) {
      throw translate(error);
    }
  });
  if (reused) config.log(`reusing the running cluster in ${cluster.clusterDir}`);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await withClusterLock(cluster.clusterDir, async () => {
      await removeLease(cluster.clusterDir);
      if (reused) return;
      const others = await otherLiveLeases(cluster.clusterDir);
      if (others.length > 0) {
        config.log(`leaving the cluster running: process(es) ${others.join(', ')} still use it`);
        return;
      }
      await cluster.stop();
    });
  };
  const tls = await tlsOf(status);
  return {
    engine: 'jars',
    contactPoints: status.contactPoints,
    port: 9042,
    localDataCenter: status.localDataCenter,
    cassandraVersion: status.cassandraVersion ?? '',
    ...(status.credentials ? { credentials: status.credentials } : {}),
    ...(tls ? { tls } : {}),
    reused,
    startupMs: Date.now() - started,
    kill: (node) => cluster.killNode(node),
    pause: (node) => cluster.pauseNode(node),
    resume: (node) => cluster.resumeNode(node),
    restart: (node) => cluster.restartNode(node),
    logs: (node, lines = 50) => cluster.nodeLogTail(node, lines),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
