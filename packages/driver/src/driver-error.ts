/**
 * The root of the cqlkit error hierarchy: {@link DriverError}, the stable codes of every class
 * ({@link DriverErrorCode}), and {@link ProtocolDecodeError}. The subclasses live in
 * `server-errors.ts` (ERROR responses) and `errors.ts` (client-side failures), which re-exports
 * all three files; import errors from `errors.ts`. Never holds a subclass of its own besides the
 * decode error.
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
