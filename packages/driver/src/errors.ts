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

/**
 * The stable `code` of every error class of the driver (as undici's `UND_ERR_*`): one per class,
 * never reused, safe to switch on and to log. `docs/errors.md` lists them.
 */
export type DriverErrorCode =
  | 'CQLKIT_DRIVER_ERROR'
  | 'CQLKIT_PROTOCOL_DECODE'
  | 'CQLKIT_SERVER_ERROR'
  | 'CQLKIT_SERVER_INTERNAL'
  | 'CQLKIT_SERVER_PROTOCOL'
  | 'CQLKIT_BAD_CREDENTIALS'
  | 'CQLKIT_REQUEST_EXECUTION'
  | 'CQLKIT_UNAVAILABLE'
  | 'CQLKIT_OVERLOADED'
  | 'CQLKIT_IS_BOOTSTRAPPING'
  | 'CQLKIT_TRUNCATE'
  | 'CQLKIT_WRITE_TIMEOUT'
  | 'CQLKIT_READ_TIMEOUT'
  | 'CQLKIT_READ_FAILURE'
  | 'CQLKIT_FUNCTION_FAILURE'
  | 'CQLKIT_WRITE_FAILURE'
  | 'CQLKIT_CDC_WRITE_FAILURE'
  | 'CQLKIT_CAS_WRITE_UNKNOWN'
  | 'CQLKIT_RATE_LIMIT_REACHED'
  | 'CQLKIT_REQUEST_VALIDATION'
  | 'CQLKIT_SYNTAX'
  | 'CQLKIT_UNAUTHORIZED'
  | 'CQLKIT_INVALID_REQUEST'
  | 'CQLKIT_CONFIGURATION'
  | 'CQLKIT_ALREADY_EXISTS'
  | 'CQLKIT_UNPREPARED'
  | 'CQLKIT_UNKNOWN_SERVER_ERROR'
  | 'CQLKIT_CONNECTION'
  | 'CQLKIT_CONNECT_TIMEOUT'
  | 'CQLKIT_CONNECTION_CLOSED'
  | 'CQLKIT_STREAMS_EXHAUSTED'
  | 'CQLKIT_UNSUPPORTED_PROTOCOL_VERSION'
  | 'CQLKIT_AUTHENTICATION'
  | 'CQLKIT_OPERATION_TIMED_OUT'
  | 'CQLKIT_REQUEST_ABORTED'
  | 'CQLKIT_NO_HOST_AVAILABLE'
  | 'CQLKIT_SCHEMA_AGREEMENT'
  | 'CQLKIT_TRACE_UNAVAILABLE'
  | 'CQLKIT_USER_TYPE_DOES_NOT_EXIST'
  | 'CQLKIT_QUERY_EXHAUSTED'
  | 'CQLKIT_CLUSTER_SHUTDOWN'
  | 'CQLKIT_INVALID_OPTIONS'
  | 'CQLKIT_KEYSPACE_MISMATCH'
  | 'CQLKIT_TOO_MANY_ROWS'
  | 'CQLKIT_TYPE_PARSE'
  | 'CQLKIT_SCHEMA_ROW'
  | 'CQLKIT_VALUE_ENCODING';

/**
 * The `code` of any cqlkit error: the driver's ({@link DriverErrorCode}) or one of the codes the
 * mapper (`CQLKIT_MAPPER_…`) and the migrations (`CQLKIT_MIGRATION_…`) give their own errors,
 * which extend {@link DriverError} too.
 */
export type CqlkitErrorCode = DriverErrorCode | `CQLKIT_${string}`;

/**
 * Root of every error raised by cqlkit — the driver's, the mapper's and the migrations' — so one
 * `instanceof DriverError` recognises them all. Every class has its own stable
 * {@link DriverError.code}.
 *
 * @example
 * ```ts
 * if (e instanceof DriverError && e.code === 'CQLKIT_NO_HOST_AVAILABLE') scheduleRetry();
 * ```
 */
export class DriverError extends Error {
  /** The code of the class (each subclass declares its own); the instance's `code`. */
  static readonly code: CqlkitErrorCode = 'CQLKIT_DRIVER_ERROR';
  /** A stable identifier of the kind of error: one per class, see {@link CqlkitErrorCode}. */
  readonly code: CqlkitErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = (new.target as typeof DriverError).code;
  }
}

/**
 * Data received from a server could not be decoded: a truncated or malformed frame, segment,
 * message body or value. The connection that produced it is no longer trustworthy and is closed.
 */
export class ProtocolDecodeError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_PROTOCOL_DECODE';
}

// ---------------------------------------------------------------------------------------------
// Server errors
// ---------------------------------------------------------------------------------------------

/** Error codes of the native protocol's ERROR response. */
export const ErrorCode = {
  SERVER_ERROR: 0x0000,
  PROTOCOL_ERROR: 0x000a,
  BAD_CREDENTIALS: 0x0100,
  UNAVAILABLE: 0x1000,
  OVERLOADED: 0x1001,
  IS_BOOTSTRAPPING: 0x1002,
  TRUNCATE_ERROR: 0x1003,
  WRITE_TIMEOUT: 0x1100,
  READ_TIMEOUT: 0x1200,
  READ_FAILURE: 0x1300,
  FUNCTION_FAILURE: 0x1400,
  WRITE_FAILURE: 0x1500,
  CDC_WRITE_FAILURE: 0x1600,
  CAS_WRITE_UNKNOWN: 0x1700,
  SYNTAX_ERROR: 0x2000,
  UNAUTHORIZED: 0x2100,
  INVALID: 0x2200,
  CONFIG_ERROR: 0x2300,
  ALREADY_EXISTS: 0x2400,
  UNPREPARED: 0x2500,
} as const;

/** Kinds of write reported by write timeouts and failures. */
export type WriteType =
  | 'SIMPLE'
  | 'BATCH'
  | 'UNLOGGED_BATCH'
  | 'COUNTER'
  | 'BATCH_LOG'
  | 'CAS'
  | 'VIEW'
  | 'CDC'
  | (string & { readonly __other?: never });

/** Reasons a replica gives for a read/write failure (v5 reason map). */
export const FailureReason = {
  UNKNOWN: 0,
  READ_TOO_MANY_TOMBSTONES: 1,
  TIMEOUT: 2,
  INCOMPATIBLE_SCHEMA: 3,
  READ_SIZE: 4,
  NODE_DOWN: 5,
  INDEX_NOT_AVAILABLE: 6,
  READ_TOO_MANY_INDEXES: 7,
} as const;

/** Common constructor input of server errors. */
export interface ServerErrorInit {
  /** Error code from the response (the error's `protocolCode`). */
  code: number;
  /** The server's message. */
  message: string;
  /** Address of the node that answered, when known. */
  coordinator?: string | undefined;
}

/** An ERROR response from a node. */
export class ServerError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SERVER_ERROR';

  /** The error code of the ERROR response (see {@link ErrorCode}); `code` is the class's stable string. */
  readonly protocolCode: number;
  /** The message sent by the server. */
  readonly serverMessage: string;
  /** Address (`host:port`) of the node that answered, when known. */
  readonly coordinator: string | undefined;
  /** Warnings the server attached to the ERROR response (v4+), when it sent any. */
  warnings: readonly string[] | undefined;

  constructor(init: ServerErrorInit) {
    super(init.coordinator ? `${init.message} (from ${init.coordinator})` : init.message);
    this.protocolCode = init.code;
    this.serverMessage = init.message;
    this.coordinator = init.coordinator;
    this.warnings = undefined;
  }
}

/** 0x0000: the server hit an internal error. */
export class ServerInternalError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SERVER_INTERNAL';
}

/** 0x000A: the server could not understand what the driver sent (or refused the protocol version). */
export class ServerProtocolError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SERVER_PROTOCOL';
}

/** 0x0100: authentication was rejected (wrong user name or password). */
export class BadCredentialsError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_BAD_CREDENTIALS';
}

/** The request was valid but the cluster could not execute it. */
export class RequestExecutionError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_REQUEST_EXECUTION';
}

/** 0x1000: not enough replicas were alive to satisfy the consistency level. */
export class UnavailableError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_UNAVAILABLE';

  constructor(
    init: ServerErrorInit,
    /** The consistency level of the request. */
    readonly consistency: number,
    /** Replicas required by the consistency level. */
    readonly required: number,
    /** Replicas known to be alive. */
    readonly alive: number,
  ) {
    super(init);
  }
}

/** 0x1001: the coordinator is overloaded. */
export class OverloadedError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_OVERLOADED';
}

/** 0x1002: the coordinator is bootstrapping and cannot serve requests. */
export class IsBootstrappingError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_IS_BOOTSTRAPPING';
}

/** 0x1003: a TRUNCATE failed. */
export class TruncateError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_TRUNCATE';
}

/** Fields shared by coordinator-side timeouts and failures. */
export interface ReplicaResponseCounts {
  /** The consistency level of the request. */
  readonly consistency: number;
  /** Replicas that answered. */
  readonly received: number;
  /** Replicas needed to reach the consistency level. */
  readonly blockFor: number;
}

/** 0x1100: a write timed out on the coordinator waiting for replicas. */
export class WriteTimeoutError extends RequestExecutionError implements ReplicaResponseCounts {
  static override readonly code: DriverErrorCode = 'CQLKIT_WRITE_TIMEOUT';

  constructor(
    init: ServerErrorInit,
    readonly consistency: number,
    readonly received: number,
    readonly blockFor: number,
    /** What kind of write timed out (`SIMPLE`, `BATCH_LOG`, `CAS`, …). */
    readonly writeType: WriteType,
    /** Paxos contentions (v5 CAS timeouts only). */
    readonly contentions: number | undefined,
  ) {
    super(init);
  }
}

/** 0x1200: a read timed out on the coordinator waiting for replicas. */
export class ReadTimeoutError extends RequestExecutionError implements ReplicaResponseCounts {
  static override readonly code: DriverErrorCode = 'CQLKIT_READ_TIMEOUT';

  constructor(
    init: ServerErrorInit,
    readonly consistency: number,
    readonly received: number,
    readonly blockFor: number,
    /** Whether the replica asked for data answered. */
    readonly dataPresent: boolean,
  ) {
    super(init);
  }
}

/** Fields of read and write failures (v4+). */
export interface ReplicaFailures extends ReplicaResponseCounts {
  /** Number of replicas that failed. */
  readonly failures: number;
  /** Failure reason code per replica address (v5 only; empty on v4). See {@link FailureReason}. */
  readonly reasons: ReadonlyMap<string, number>;
}

/** 0x1300: replicas failed while reading (e.g. too many tombstones). */
export class ReadFailureError extends RequestExecutionError implements ReplicaFailures {
  static override readonly code: DriverErrorCode = 'CQLKIT_READ_FAILURE';

  constructor(
    init: ServerErrorInit,
    readonly consistency: number,
    readonly received: number,
    readonly blockFor: number,
    readonly failures: number,
    readonly reasons: ReadonlyMap<string, number>,
    /** Whether the replica asked for data answered. */
    readonly dataPresent: boolean,
  ) {
    super(init);
  }
}

/** 0x1400: a user-defined function failed. */
export class FunctionFailureError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_FUNCTION_FAILURE';

  constructor(
    init: ServerErrorInit,
    readonly keyspace: string,
    readonly functionName: string,
    readonly argTypes: readonly string[],
  ) {
    super(init);
  }
}

/** 0x1500: replicas failed while writing. */
export class WriteFailureError extends RequestExecutionError implements ReplicaFailures {
  static override readonly code: DriverErrorCode = 'CQLKIT_WRITE_FAILURE';

  constructor(
    init: ServerErrorInit,
    readonly consistency: number,
    readonly received: number,
    readonly blockFor: number,
    readonly failures: number,
    readonly reasons: ReadonlyMap<string, number>,
    readonly writeType: WriteType,
  ) {
    super(init);
  }
}

/** 0x1600: a write to a CDC-enabled table failed because the CDC space is full. */
export class CdcWriteFailureError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CDC_WRITE_FAILURE';
}

/** 0x1700 (v5): the outcome of a lightweight transaction is unknown. */
export class CasWriteUnknownError extends RequestExecutionError implements ReplicaResponseCounts {
  static override readonly code: DriverErrorCode = 'CQLKIT_CAS_WRITE_UNKNOWN';

  constructor(
    init: ServerErrorInit,
    readonly consistency: number,
    readonly received: number,
    readonly blockFor: number,
  ) {
    super(init);
  }
}

/**
 * ScyllaDB: the per-partition rate limit of the table (`per_partition_rate_limit`) was exceeded.
 * Its error code is the one the node announced in SUPPORTED (`SCYLLA_RATE_LIMIT_ERROR`, usually
 * 0xF000); without that extension ScyllaDB sends a `ConfigurationError` instead. The default
 * retry policy never retries it: trying again at once only adds load to the hot partition.
 *
 * @example
 * ```ts
 * try {
 *   await session.execute(insert, [id, value]);
 * } catch (e) {
 *   if (e instanceof RateLimitReachedError) console.warn(`${e.opType} rejected by the ${e.rejectedByCoordinator ? 'coordinator' : 'replica'}`);
 * }
 * ```
 */
export class RateLimitReachedError extends RequestExecutionError {
  static override readonly code: DriverErrorCode = 'CQLKIT_RATE_LIMIT_REACHED';

  constructor(
    init: ServerErrorInit,
    /** Whether the rejected operation was a read or a write. */
    readonly opType: 'read' | 'write',
    /** Whether the coordinator rejected it (true) or a replica did (false). */
    readonly rejectedByCoordinator: boolean,
  ) {
    super(init);
  }
}

/** The request is invalid and retrying it cannot help. */
export class RequestValidationError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_REQUEST_VALIDATION';
}

/** 0x2000: the CQL text has a syntax error. */
export class CqlSyntaxError extends RequestValidationError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SYNTAX';
}

/** 0x2100: the logged-in user lacks the permission. */
export class UnauthorizedError extends RequestValidationError {
  static override readonly code: DriverErrorCode = 'CQLKIT_UNAUTHORIZED';
}

/** 0x2200: the request is syntactically right but invalid (unknown table, wrong types…). */
export class InvalidRequestError extends RequestValidationError {
  static override readonly code: DriverErrorCode = 'CQLKIT_INVALID_REQUEST';
}

/** 0x2300: the request conflicts with the configuration (e.g. an invalid replication factor). */
export class ConfigurationError extends RequestValidationError {
  static override readonly code: DriverErrorCode = 'CQLKIT_CONFIGURATION';
}

/** 0x2400: the keyspace or table to create already exists. */
export class AlreadyExistsError extends RequestValidationError {
  static override readonly code: DriverErrorCode = 'CQLKIT_ALREADY_EXISTS';

  constructor(
    init: ServerErrorInit,
    readonly keyspace: string,
    /** Empty when a keyspace already exists. */
    readonly table: string,
  ) {
    super(init);
  }
}

/** 0x2500: the node does not know the prepared statement id (it must be prepared again). */
export class UnpreparedError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_UNPREPARED';

  constructor(
    init: ServerErrorInit,
    /** The unknown prepared statement id. */
    readonly statementId: Buffer,
  ) {
    super(init);
  }
}

/** An error code this driver does not know. */
export class UnknownServerError extends ServerError {
  static override readonly code: DriverErrorCode = 'CQLKIT_UNKNOWN_SERVER_ERROR';
}

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
