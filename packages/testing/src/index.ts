/**
 * `@cqlkit/testing`: a real Apache Cassandra for tests — yours and cqlkit's own.
 *
 * - {@link startCassandra} starts 1 to 9 nodes on 127.0.0.1…N from Maven Central jars on a local
 *   JDK 17 (`engine: 'jars'`, no Docker) or in containers through testcontainers
 *   (`engine: 'docker'`, host networking), with optional auth and TLS, and returns a handle with
 *   the contact points, credentials and CA, `kill` / `pause` / `resume` / `restart` of a node,
 *   `stop()` and `await using` disposal.
 * - Jest helpers: `@cqlkit/testing/jest-global-setup` and `/jest-global-teardown`, or
 *   {@link cassandraGlobalSetup}; tests read the connection with {@link connectionOptions}.
 * - The CLI `cqlkit-cassandra` (start, stop, status, kill, pause, resume, restart, logs, nodetool,
 *   wipe, build-image).
 * - The lower-level launcher {@link LocalCassandraCluster} and the image builder
 *   {@link ensureLocalImage}.
 * - The fault-injecting proxy of `@cqlkit/driver/testing` (`CqlProxy`, `Condition`, `Reaction`…),
 *   re-exported.
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 * import { startCassandra } from '@cqlkit/testing';
 *
 * await using cassandra = await startCassandra({ nodes: 3, engine: 'jars' });
 * await using cluster = new Cluster({
 *   contactPoints: [...cassandra.contactPoints],
 *   localDataCenter: cassandra.localDataCenter,
 * });
 * const session = await cluster.connect();
 * await cassandra.kill(2); // the driver sees node 2 go DOWN…
 * await cassandra.restart(2); // …and come back UP
 * await session.execute('SELECT release_version FROM system.local');
 * ```
 * @module @cqlkit/testing
 * @packageDocumentation
 */

export { startCassandra, resolveEngine } from './start-cassandra';
export { TestingError, type TestingErrorCode } from './errors';
export {
  CassandraStartError,
  type CassandraStartReason,
  type CassandraEngine,
  type CassandraHandle,
  type CassandraTls,
  type StartCassandraOptions,
} from './handle';
export {
  cassandraGlobalSetup,
  JEST_HANDLE_KEY,
  type JestCassandraOptions,
  type JestProjectConfigLike,
} from './jest/global-setup';
export {
  authEnabled,
  connectionOptions,
  contactPoints,
  credentials,
  exportConnectionEnv,
  launcherCluster,
  localDataCenter,
  TEST_ENV,
  tlsCaPath,
  tlsClientPkcs12,
  tlsEnabled,
  tlsOtherCaPath,
  tlsServerPkcs12,
  uniqueKeyspaceName,
  type ConnectionFacts,
  type EnvConnectionOptions,
} from './test-env';
export {
  ClusterOptionsConflictError,
  DEFAULT_CREDENTIALS,
  LocalCassandraCluster,
  type ClusterStatus,
  type LocalCassandraClusterConfig,
  type NodeStatus,
  type StartResult,
  type StopResult,
} from './jars/cluster';
export { withClusterLock, lockPath, type ClusterLockOptions } from './jars/cluster-lock';
export { describeClusterOptions, sameClusterOptions, type ClusterOptions } from './jars/cluster-state';
export { addLease, otherLiveLeases, removeLease } from './jars/leases';
export { NoSuitableJdkError } from './jars/jdk';
export { CassandraResolutionError } from './jars/maven-resolver';
export { NodeStartupError } from './jars/readiness';
export { PortInUseError } from './jars/node-launcher';
export { probeCql, tcpConnects, type CqlProbeOptions } from './probe/cql-probe';
export {
  CommandNotFoundError,
  describeFailure,
  runCommand,
  type CommandResult,
  type RunCommandOptions,
} from './run-command';
export type { TlsMaterial } from './config/tls-material';
export { cacheRoot, defaultClusterDir, DEFAULT_CASSANDRA_VERSION } from './config/paths';
export { balancedMurmur3Tokens } from './config/tokens';
export {
  ensureLocalImage,
  ImageBuildError,
  type ImageBuildOptions,
  type LocalImage,
} from './docker/image-build';
export { dockerClient, OFFICIAL_IMAGE, removeDockerCluster } from './docker/docker-cluster';
export * from './faults';
