/**
 * The errors of the native protocol's ERROR response: {@link ServerError} and one subclass per
 * error code with its fields (replica counts, write type, failure reasons…), the protocol's error
 * codes and write types. Never holds client-side failures (`errors.ts`); import errors from
 * `errors.ts`, which re-exports these.
 */
import { Buffer } from 'node:buffer';
import { DriverError, type DriverErrorCode } from './driver-error';

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
