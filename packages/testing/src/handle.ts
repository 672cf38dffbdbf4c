/**
 * What `startCassandra` takes and returns, whichever engine runs the nodes: the options, the
 * handle (contact points, credentials, TLS files, node control, disposal) and the typed error it
 * throws. Holds no engine code.
 */

import { TestingError, type TestingErrorCode } from './errors';

/** Which engine runs the nodes. */
export type CassandraEngine = 'jars' | 'docker';

/** Options of `startCassandra`. */
export interface StartCassandraOptions {
  /** Number of nodes, 1–9; node i listens on 127.0.0.i:9042 (default 1). */
  readonly nodes?: number;
  /** Cassandra version of the jar engine and of the locally built image (default 5.0.9). */
  readonly version?: string;
  /** PasswordAuthenticator; the handle's `credentials` then hold cassandra / cassandra. */
  readonly auth?: boolean;
  /**
   * Client TLS on port 9042 (optional on the port: plaintext clients are accepted too); the handle's
   * `tls` then holds the CA to trust. Needs a JDK's keytool on the host (the material is made once).
   */
  readonly tls?: boolean;
  /**
   * `jars` runs Cassandra from Maven Central jars on a local JDK 17 (no Docker); `docker` runs each
   * node in a container through testcontainers (host networking); `auto` (default) takes
   * `$CQLKIT_CASSANDRA_ENGINE` when set, else `jars` when a JDK 17/11 is installed, else `docker`.
   */
  readonly engine?: 'auto' | CassandraEngine;
  /** Heap of each node, e.g. `512M` (default `$CQLKIT_CASSANDRA_HEAP` or 512M). */
  readonly heap?: string;
  /**
   * Where the cluster lives: the jar engine's cluster directory (default
   * `$CQLKIT_CLUSTER_DIR` or `~/.cache/cqlkit/clusters/default`); the Docker engine names its
   * containers after the directory's last segment.
   */
  readonly clusterDir?: string;
  /**
   * Docker engine only: the image. Default `$CQLKIT_CASSANDRA_IMAGE`, else the image built by
   * `cqlkit-cassandra build-image` (built on first use, offline). `cassandra:5.0` selects the
   * official image (pulled when missing: needs a reachable registry).
   */
  readonly image?: string;
  /** Per-node readiness timeout in ms (default 180 000). */
  readonly startTimeoutMs?: number;
  /** Progress messages (default: none). */
  readonly log?: (message: string) => void;
  /** Environment to read `CQLKIT_*` settings from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** TLS facts of a cluster started with `tls: true`. */
export interface CassandraTls {
  /** The test CA certificate (PEM text) that signed the nodes' certificates. */
  readonly ca: string;
  /** The same CA as a file. */
  readonly caFile: string;
  /** An unrelated CA (PEM file): trusting only it must make the handshake fail. */
  readonly otherCaFile: string;
  /** A client key and certificate signed by the test CA (PKCS12 file), and its password. */
  readonly clientPkcs12File: string;
  readonly clientPkcs12Password: string;
}

/** A running cluster started (or reused) by `startCassandra`. */
export interface CassandraHandle extends AsyncDisposable {
  readonly engine: CassandraEngine;
  /** `127.0.0.1`, …, one per node (port 9042). */
  readonly contactPoints: readonly string[];
  /** The CQL port of every node. */
  readonly port: number;
  readonly localDataCenter: string;
  /** The release version the nodes report. */
  readonly cassandraVersion: string;
  /** Set when the cluster requires authentication. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Set when the cluster offers TLS. */
  readonly tls?: CassandraTls;
  /**
   * True when a running cluster with the same options was reused; then `stop()` leaves it running
   * for whoever started it.
   */
  readonly reused: boolean;
  /** How long `startCassandra` took, in ms. */
  readonly startupMs: number;
  /** Kills node n at once (SIGKILL, or `docker kill`): a crash. */
  kill(node: number): Promise<void>;
  /** Freezes node n (SIGSTOP, or `docker pause`): its sockets stay open, nothing answers. */
  pause(node: number): Promise<void>;
  /** Resumes a paused node n. */
  resume(node: number): Promise<void>;
  /** Stops node n gracefully if it runs, starts it again and waits until it answers and is seen UP. */
  restart(node: number): Promise<void>;
  /** The last `lines` lines of node n's log. */
  logs(node: number, lines?: number): Promise<string>;
  /** Stops every node this handle started (and removes its containers); idempotent. */
  stop(): Promise<void>;
}

/**
 * Why {@link CassandraStartError} was raised (stable): a node failed, the engine is missing,
 * another cluster holds the addresses, the running cluster has other options, or the options
 * are invalid.
 */
export type CassandraStartReason =
  'NODE_FAILED' | 'ENGINE_UNAVAILABLE' | 'ADDRESS_IN_USE' | 'OPTIONS_CONFLICT' | 'INVALID_OPTIONS';

/**
 * Raised when Cassandra cannot be started: a node failed (the message carries its log tail), the
 * engine is missing, or another cluster holds the addresses. A `DriverError` with the stable
 * `code` `CQLKIT_TESTING_CASSANDRA_START`; `reason` (stable too) says which failure it is.
 *
 * @example
 * ```ts
 * try {
 *   await startCassandra({ nodes: 3 });
 * } catch (e) {
 *   if (e instanceof CassandraStartError && e.reason === 'ADDRESS_IN_USE') console.error('stop the other cluster first');
 *   throw e;
 * }
 * ```
 */
export class CassandraStartError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_CASSANDRA_START';

  constructor(
    /** Which start failure this is. */
    readonly reason: CassandraStartReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
