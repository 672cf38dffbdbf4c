/**
 * `startCassandra`: one entry point for both engines. It checks the options, picks the engine and
 * wraps what the engine started in a {@link CassandraHandle}. Holds no engine internals (those
 * live in jars/ and docker/).
 */
import { readFile } from 'node:fs/promises';

import { LOCAL_DATA_CENTER } from './config/cassandra-yaml';
import { MAX_NODES } from './config/node-layout';
import { defaultClusterDir } from './config/paths';
import {
  ClusterConflict,
  type DockerCluster,
  dockerClusterName,
  dockerNodeLogs,
  killDockerNode,
  pauseDockerNode,
  restartDockerNode,
  resumeDockerNode,
  startDockerCluster,
  stopDockerCluster,
} from './docker/docker-cluster';
import { ContainerStartupError } from './docker/container-logs';
import {
  type CassandraEngine,
  type CassandraHandle,
  CassandraStartError,
  type StartCassandraOptions,
} from './handle';
import type { ClusterOptions } from './jars/cluster-state';
import { startJarCluster } from './jars/jar-handle';
import { NoSuitableJdkError, selectJdk } from './jars/jdk';
import { PortInUseError } from './jars/node-launcher';

/** The values `CQLKIT_CASSANDRA_ENGINE` may take. */
const ENGINES: readonly string[] = ['jars', 'docker'];

/**
 * The engine `engine: 'auto'` means: `$CQLKIT_CASSANDRA_ENGINE` when set, else `jars` when a JDK
 * 17 or 11 is installed, else `docker`.
 */
export async function resolveEngine(
  engine: StartCassandraOptions['engine'],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CassandraEngine> {
  if (engine === 'jars' || engine === 'docker') return engine;
  if (engine !== undefined && engine !== 'auto') {
    throw new CassandraStartError(
      'INVALID_OPTIONS',
      `engine must be 'auto', 'jars' or 'docker', got '${String(engine)}'`,
    );
  }
  const fromEnv = env.CQLKIT_CASSANDRA_ENGINE?.trim();
  if (fromEnv) {
    if (!ENGINES.includes(fromEnv)) {
      throw new CassandraStartError(
        'INVALID_OPTIONS',
        `CQLKIT_CASSANDRA_ENGINE must be 'jars' or 'docker', got '${fromEnv}'`,
      );
    }
    return fromEnv as CassandraEngine;
  }
  try {
    await selectJdk(env);
    return 'jars';
  } catch (error) {
    if (error instanceof NoSuitableJdkError) return 'docker';
    throw error;
  }
}

function clusterOptionsOf(options: StartCassandraOptions): ClusterOptions {
  const nodes = options.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
    throw new CassandraStartError(
      'INVALID_OPTIONS',
      `nodes must be an integer from 1 to ${MAX_NODES}, got ${nodes}`,
    );
  }
  return { nodes, auth: options.auth ?? false, tls: options.tls ?? false };
}

function dockerHandle(
  cluster: DockerCluster,
  started: number,
  log: (m: string) => void,
): Promise<CassandraHandle> {
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopDockerCluster(cluster, log);
  };
  return (async () => {
    const tls = cluster.tls
      ? {
          ca: await readFile(cluster.tls.caPem, 'utf8'),
          caFile: cluster.tls.caPem,
          otherCaFile: cluster.tls.otherCaPem,
          clientPkcs12File: cluster.tls.clientPkcs12,
          clientPkcs12Password: cluster.tls.password,
        }
      : undefined;
    return {
      engine: 'docker' as const,
      contactPoints: cluster.nodes.map((n) => n.address),
      port: 9042,
      localDataCenter: LOCAL_DATA_CENTER,
      cassandraVersion: cluster.cassandraVersion,
      ...(cluster.probe.credentials ? { credentials: cluster.probe.credentials } : {}),
      ...(tls ? { tls } : {}),
      reused: cluster.reused,
      startupMs: Date.now() - started,
      kill: (node: number) => killDockerNode(cluster, node),
      pause: (node: number) => pauseDockerNode(cluster, node),
      resume: (node: number) => resumeDockerNode(cluster, node),
      restart: (node: number) => restartDockerNode(cluster, node),
      logs: (node: number, lines = 50) => dockerNodeLogs(cluster, node, lines),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  })();
}

/**
 * Starts a real Apache Cassandra for tests — 1 to 9 nodes on 127.0.0.1…N, port 9042 — from Maven
 * jars on a local JDK (`engine: 'jars'`) or in Docker containers through testcontainers
 * (`engine: 'docker'`), and waits until every node answers CQL and sees the others. A cluster that
 * already runs with the same options is reused (`handle.reused`); one running with other options
 * is refused with a {@link CassandraStartError} (`reason` `OPTIONS_CONFLICT`), as is a start whose
 * addresses are taken (`ADDRESS_IN_USE`). A node that fails to start raises `NODE_FAILED` with the
 * tail of its log.
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 * import { startCassandra } from '@cqlkit/testing';
 *
 * await using cassandra = await startCassandra({ nodes: 1, auth: true });
 * await using cluster = new Cluster({
 *   contactPoints: [...cassandra.contactPoints],
 *   localDataCenter: cassandra.localDataCenter,
 *   credentials: cassandra.credentials,
 * });
 * const session = await cluster.connect();
 * await session.execute('SELECT release_version FROM system.local');
 * ```
 */
export async function startCassandra(options: StartCassandraOptions = {}): Promise<CassandraHandle> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const clusterOptions = clusterOptionsOf(options);
  const engine = await resolveEngine(options.engine, env);
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const clusterDir = options.clusterDir ?? defaultClusterDir(env);
  if (engine === 'jars') {
    const jarEnv = {
      ...env,
      ...(options.heap ? { CQLKIT_CASSANDRA_HEAP: options.heap } : {}),
      ...(options.version ? { CQLKIT_CASSANDRA_VERSION: options.version } : {}),
    };
    return startJarCluster({ options: clusterOptions, clusterDir, env: jarEnv, log, startTimeoutMs });
  }
  try {
    const cluster = await startDockerCluster({
      options: clusterOptions,
      name: dockerClusterName(clusterDir),
      env,
      log,
      heap: options.heap,
      version: options.version,
      image: options.image,
      startTimeoutMs,
    });
    return await dockerHandle(cluster, started, log);
  } catch (error) {
    if (error instanceof ContainerStartupError) {
      throw new CassandraStartError('NODE_FAILED', error.message, { cause: error });
    }
    if (error instanceof ClusterConflict) {
      throw new CassandraStartError('OPTIONS_CONFLICT', error.message, { cause: error });
    }
    if (error instanceof PortInUseError) {
      throw new CassandraStartError('ADDRESS_IN_USE', error.message, { cause: error });
    }
    throw error;
  }
}
