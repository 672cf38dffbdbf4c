/**
 * The cqlkit error hierarchy. Every server error code and every client-side failure has its own
 * class carrying its fields, so callers can `instanceof`-check exactly what happened, and its own
 * stable string `code` (`CQLKIT_…`, see {@link DriverErrorCode}) to switch on or log.
 *
 * ```
 * DriverError
 * ├── ProtocolDecodeError            server data that does not follow the protocol
 * ├── ServerError                    an ERROR response (protocolCode, coordinator)
 * │   ├── ServerInternalError        0x0000
 * │   ├── ServerProtocolError        0x000A  (the server rejected what we sent)
 * │   ├── BadCredentialsError        0x0100
 * │   ├── RequestExecutionError      the request was valid but could not be executed
 * │   │   ├── UnavailableError 0x1000, OverloadedError 0x1001, IsBootstrappingError 0x1002,
 * │   │   ├── TruncateError 0x1003, WriteTimeoutError 0x1100, ReadTimeoutError 0x1200,
 * │   │   ├── ReadFailureError 0x1300, FunctionFailureError 0x1400, WriteFailureError 0x1500,
 * │   │   ├── CdcWriteFailureError 0x1600, CasWriteUnknownError 0x1700
 * │   │   └── RateLimitReachedError (ScyllaDB; code learned from SUPPORTED)
 * │   ├── RequestValidationError     the request itself is wrong
 * │   │   ├── CqlSyntaxError 0x2000, UnauthorizedError 0x2100, InvalidRequestError 0x2200,
 * │   │   └── ConfigurationError 0x2300, AlreadyExistsError 0x2400
 * │   ├── UnpreparedError            0x2500
 * │   └── UnknownServerError         any other code
 * ├── ConnectionError                a connection failed or closed (endpoint)
 * │   ├── ConnectTimeoutError
 * │   ├── ConnectionClosedError
 * │   ├── StreamsExhaustedError
 * │   └── UnsupportedProtocolVersionError
 * ├── AuthenticationError            client-side authentication failure (no provider, bad challenge…)
 * ├── OperationTimedOutError         the request deadline passed (attempts listed)
 * ├── RequestAbortedError            the caller's AbortSignal fired
 * ├── NoHostAvailableError           no host could serve the request (the error of each host tried)
 * ├── SchemaAgreementError           the nodes did not agree on the schema in time (version per host)
 * ├── QueryExhaustedError            fetchNextPage() past the last page
 * ├── ClusterShutdownError           used after shutdown()
 * ├── UserTypeDoesNotExistError      registerUserType() named an unknown UDT
 * ├── TraceUnavailableError          a query trace was not complete in time
 * ├── KeyspaceMismatchError          a prepared statement cannot be re-prepared in its keyspace (v3/v4)
 * ├── TooManyRowsError               ResultSet.all() past its maxRows
 * └── InvalidOptionsError            invalid configuration passed to the driver
 * ```
 * A value that does not fit its CQL type raises `ValueEncodingError` (see types/), a DriverError too.
 *
 * @example
 * ```ts
 * try {
 *   await session.execute('INSERT INTO ks.t (id) VALUES (?)', [id], { consistency: Consistency.ALL });
 * } catch (e) {
 *   if (e instanceof UnavailableError) console.warn(`${e.alive}/${e.required} replicas alive`);
 *   else throw e;
 * }
 * ```
 * @packageDocumentation
 */
import { DriverError, type DriverErrorCode } from './driver-error';

export * from './driver-error';
export * from './server-errors';

// ---------------------------------------------------------------------------------------------
// Client errors
// ---------------------------------------------------------------------------------------------

/** A connection could not be opened, or failed while in use. */
export class ConnectionError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CONNECTION';

  constructor(
    message: string,
    /** `host:port` of the connection. */
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Opening a connection (TCP, TLS and handshake) took longer than `connectTimeout`. */
export class ConnectTimeoutError extends ConnectionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CONNECT_TIMEOUT';
}

/** The connection closed; requests still in flight on it fail with this error. */
export class ConnectionClosedError extends ConnectionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CONNECTION_CLOSED';
}

/** All stream ids of a connection are in use. */
export class StreamsExhaustedError extends ConnectionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_STREAMS_EXHAUSTED';
}

/** The node refused the protocol version that was pinned, or every version the driver speaks (v3–v5). */
export class UnsupportedProtocolVersionError extends ConnectionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_UNSUPPORTED_PROTOCOL_VERSION';

  constructor(
    message: string,
    endpoint: string,
    /** The versions tried, in order. */
    readonly triedVersions: readonly number[],
    options?: { cause?: unknown },
  ) {
    super(message, endpoint, options);
  }
}

/** Authentication could not be performed (no provider configured, unexpected challenge…). */
export class AuthenticationError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_AUTHENTICATION';

  constructor(
    message: string,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One attempt of a request on one host and how it ended. */
export interface AttemptFailure {
  /** `host:port` tried. */
  readonly host: string;
  /** Why that attempt failed. */
  readonly error: Error;
}

/** The request's deadline passed before any attempt succeeded. */
export class OperationTimedOutError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_OPERATION_TIMED_OUT';

  constructor(
    message: string,
    /** The deadline that was exceeded, in milliseconds. */
    readonly timeoutMs: number,
    /** Every host tried and the error of each (including the attempts cut short by the deadline). */
    readonly attempts: readonly AttemptFailure[],
  ) {
    super(message);
  }
}

/** The caller's AbortSignal fired before the request completed. */
export class RequestAbortedError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_REQUEST_ABORTED';
}

/**
 * No host could serve the request: every host of the query plan was tried and failed (the error of
 * each is listed), or the plan was empty.
 */
export class NoHostAvailableError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_NO_HOST_AVAILABLE';

  constructor(
    message: string,
    /** The error of each host tried, by `host:port`. */
    readonly errors: ReadonlyMap<string, Error>,
  ) {
    super(message);
  }
}

/**
 * The nodes did not agree on one schema version within the wait (`awaitSchemaAgreement()`, or
 * `maxSchemaAgreementWaitMs` after a DDL statement). `versions` tells which node is on which
 * version, so the straggler is easy to spot.
 *
 * @example
 * ```ts
 * try {
 *   await cluster.awaitSchemaAgreement({ timeoutMs: 5000 });
 * } catch (e) {
 *   if (e instanceof SchemaAgreementError) console.warn([...e.versions]); // [['127.0.0.1:9042', 'b7e…'], …]
 * }
 * ```
 */
export class SchemaAgreementError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SCHEMA_AGREEMENT';

  constructor(
    message: string,
    /** How long the driver waited, in milliseconds. */
    readonly timeoutMs: number,
    /**
     * The schema version each node reported at the last check, by `host:port` (`undefined`: the
     * node reported none). Nodes the driver considers down are not listed.
     */
    readonly versions: ReadonlyMap<string, string | undefined>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The trace of a traced request was not complete within the wait (`session.getQueryTrace`). */
export class TraceUnavailableError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_TRACE_UNAVAILABLE';

  constructor(
    message: string,
    /** The tracing session id (a `Uuid`). */
    readonly tracingId: { toString(): string },
  ) {
    super(message);
  }
}

/**
 * `cluster.registerUserType()` named a user-defined type the cluster does not have (as the Python
 * driver's `UserTypeDoesNotExist`).
 */
export class UserTypeDoesNotExistError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_USER_TYPE_DOES_NOT_EXIST';

  constructor(
    /** The keyspace searched. */
    readonly keyspace: string,
    /** The type name that was not found. */
    readonly typeName: string,
  ) {
    super(`user-defined type ${keyspace}.${typeName} does not exist (names are case-sensitive as stored)`);
  }
}

/**
 * `fetchNextPage()` was called on a result that has no more pages (check `hasMorePages` first),
 * as the Python driver's `QueryExhausted`.
 */
export class QueryExhaustedError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_QUERY_EXHAUSTED';
}

/**
 * `ResultSet.all()` met more rows than its `maxRows` (it stops before fetching further pages, so
 * a forgotten `WHERE` cannot exhaust memory).
 *
 * @example
 * ```ts
 * const rows = await rs.all({ maxRows: 100_000 }); // or: for await (const row of rs) …
 * ```
 */
export class TooManyRowsError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_TOO_MANY_ROWS';

  constructor(
    message: string,
    /** The cap that was exceeded. */
    readonly maxRows: number,
  ) {
    super(message);
  }
}

/** The cluster or session was used after `shutdown()`. */
export class ClusterShutdownError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CLUSTER_SHUTDOWN';
}

/** The options passed to the driver are invalid; the message names the option and what was expected. */
export class InvalidOptionsError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_INVALID_OPTIONS';
}

/**
 * A node forgot a prepared statement (UNPREPARED) that was prepared in the session's keyspace of
 * the time, and the session has moved to another keyspace since (`useKeyspace`, `USE`). On
 * protocol v5 the driver re-prepares it in its own keyspace; v3 and v4 have no per-request
 * keyspace, and preparing it on the session's connections would silently bind it to the other
 * keyspace's table, so the request fails instead (as the Python driver's does).
 *
 * @example
 * ```ts
 * // Fully qualified table names (or one session per keyspace) avoid it altogether:
 * const insert = await session.prepare('INSERT INTO shop.orders (id, total) VALUES (?, ?)');
 * ```
 */
export class KeyspaceMismatchError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_KEYSPACE_MISMATCH';

  constructor(
    message: string,
    /** The keyspace the statement was prepared in. */
    readonly preparedKeyspace: string,
    /** The session's keyspace now. */
    readonly sessionKeyspace: string | undefined,
  ) {
    super(message);
  }
}
