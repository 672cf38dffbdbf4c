/**
 * The root and the stable codes of `@cqlkit/testing`'s own errors. `TestingError` extends the
 * driver's `DriverError`, so one `instanceof DriverError` recognises every cqlkit error, the
 * launcher's included; each class has its own stable `code` (`CQLKIT_TESTING_…`, see
 * {@link TestingErrorCode}). The classes live beside the code that raises them (`handle.ts`,
 * `run-command.ts`, `jars/`, `docker/`, `cli/`); this file never holds one besides the root.
 *
 * ```
 * DriverError (@cqlkit/driver)
 * └── TestingError
 *     ├── CassandraStartError          startCassandra() failed (`reason`: NODE_FAILED, ENGINE_UNAVAILABLE…)
 *     ├── NodeStartupError             a jar-engine node did not start or become ready
 *     ├── ContainerStartupError        a Docker-engine node did not start
 *     ├── ClusterOptionsConflictError  the running jar cluster has other options
 *     ├── ClusterConflict              the running Docker cluster has other options
 *     ├── PortInUseError               a port a node needs is taken
 *     ├── NoSuitableJdkError           no JDK 17 or 11
 *     ├── CassandraResolutionError     the Cassandra jars cannot be resolved
 *     ├── ImageBuildError              the Docker image cannot be built
 *     ├── CommandNotFoundError         an executable cannot be started
 *     └── CliUsageError                invalid cqlkit-cassandra command line
 * ```
 *
 * @packageDocumentation
 */
import { DriverError } from '@cqlkit/driver';

/** The stable `code` of each `@cqlkit/testing` error class. */
export type TestingErrorCode =
  | 'CQLKIT_TESTING_ERROR'
  | 'CQLKIT_TESTING_CASSANDRA_START'
  | 'CQLKIT_TESTING_NODE_STARTUP'
  | 'CQLKIT_TESTING_CONTAINER_STARTUP'
  | 'CQLKIT_TESTING_CLUSTER_OPTIONS_CONFLICT'
  | 'CQLKIT_TESTING_DOCKER_CLUSTER_CONFLICT'
  | 'CQLKIT_TESTING_PORT_IN_USE'
  | 'CQLKIT_TESTING_NO_SUITABLE_JDK'
  | 'CQLKIT_TESTING_CASSANDRA_RESOLUTION'
  | 'CQLKIT_TESTING_IMAGE_BUILD'
  | 'CQLKIT_TESTING_COMMAND_NOT_FOUND'
  | 'CQLKIT_TESTING_CLI_USAGE';

/**
 * Base class of every error `@cqlkit/testing` raises itself. A `DriverError`, like every cqlkit
 * error.
 *
 * @example
 * ```ts
 * if (e instanceof TestingError) console.error(e.code, e.message);
 * ```
 */
export class TestingError extends DriverError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_ERROR';
}
