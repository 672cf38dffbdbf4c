import { Buffer } from 'node:buffer';
import { consistencyName } from '../consistency';
import { ErrorCode, FailureReason, type WriteType } from '../errors';
import { ByteWriter } from '../binary/byte-writer';
import { inetAddressBytes } from './inet-address-bytes';
import { type ProxiedFrame, requestStatementId } from './proxied-frame';

/**
 * ERROR responses the proxy can forge: one builder per error code of the protocol, encoded per
 * protocol version the way Cassandra 5.0 does it (including its down-conversions for v3/v4).
 *
 * @packageDocumentation
 */

/** Every builder accepts a custom server message. */
export interface ForgedErrorMessage {
  /** The server message (a Cassandra-like default otherwise). */
  readonly message?: string;
}

/** Fields of {@link Errors.unavailable}. */
export interface UnavailableInit extends ForgedErrorMessage {
  /** Consistency level of the request (`Consistency.QUORUM`, …). */
  readonly consistency: number;
  /** Replicas the consistency level requires. */
  readonly required: number;
  /** Replicas known alive. */
  readonly alive: number;
}

/** Replica counts shared by timeouts and failures. */
export interface ReplicaCountsInit extends ForgedErrorMessage {
  /** Consistency level of the request. */
  readonly consistency: number;
  /** Replicas that answered. */
  readonly received: number;
  /** Replicas the consistency level waits for. */
  readonly blockFor: number;
}

/** Fields of {@link Errors.writeTimeout}. */
export interface WriteTimeoutInit extends ReplicaCountsInit {
  /** `SIMPLE`, `BATCH`, `UNLOGGED_BATCH`, `COUNTER`, `BATCH_LOG`, `CAS`, `VIEW` or `CDC`. */
  readonly writeType: WriteType;
  /** Paxos contentions, sent on v5 when `writeType` is `CAS` (default 0 there). */
  readonly contentions?: number;
}

/** Fields of {@link Errors.readTimeout}. */
export interface ReadTimeoutInit extends ReplicaCountsInit {
  /** Whether the replica asked for data answered (default false). */
  readonly dataPresent?: boolean;
}

/** Replica failures of read/write failures. */
export interface ReplicaFailuresInit extends ReplicaCountsInit {
  /**
   * Failure reason (`FailureReason`) per replica address, sent on v5. Its size is the failure
   * count unless `failures` is larger.
   */
  readonly reasons?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /**
   * Number of failed replicas (default: the number of `reasons`, at least 1). On v5, failures
   * beyond the `reasons` given are sent as `0.0.0.1`, `0.0.0.2`, … with reason UNKNOWN.
   */
  readonly failures?: number;
}

/** Fields of {@link Errors.readFailure}. */
export interface ReadFailureInit extends ReplicaFailuresInit {
  /** Whether the replica asked for data answered (default false). */
  readonly dataPresent?: boolean;
}

/** Fields of {@link Errors.writeFailure}. */
export interface WriteFailureInit extends ReplicaFailuresInit {
  /** Kind of write (see {@link WriteTimeoutInit.writeType}). */
  readonly writeType: WriteType;
}

/** Fields of {@link Errors.functionFailure}. */
export interface FunctionFailureInit extends ForgedErrorMessage {
  /** Keyspace of the function. */
  readonly keyspace: string;
  /** Name of the function that failed. */
  readonly functionName: string;
  /** CQL types of its arguments (`['int', 'text']`). */
  readonly argTypes: readonly string[];
}

/** Fields of {@link Errors.alreadyExists}. */
export interface AlreadyExistsInit extends ForgedErrorMessage {
  /** The keyspace (of the table, or the one that exists). */
  readonly keyspace: string;
  /** The table; empty or absent when the keyspace itself exists. */
  readonly table?: string;
}

/** Fields of {@link Errors.unprepared}. */
export interface UnpreparedInit extends ForgedErrorMessage {
  /**
   * The unknown statement id. Default: the id of the EXECUTE being answered (or of the first
   * prepared statement of a BATCH), else empty.
   */
  readonly statementId?: Uint8Array;
}

/** Writes the code-specific part of an ERROR body. */
type ExtraWriter = (w: ByteWriter, version: number, request: ProxiedFrame | undefined) => void;

const NO_EXTRA: ExtraWriter = () => undefined;

/**
 * An ERROR response to forge: its code, message and code-specific fields. Build one with
 * {@link Errors}; {@link ForgedError.encodeBody} gives the bytes for a protocol version.
 *
 * @example
 * ```ts
 * const error = Errors.overloaded();
 * error.encodeBody(5); // [int] 0x1001 + [string] message
 * ```
 */
export class ForgedError {
  /** @internal */
  constructor(
    /** Error code (`ErrorCode`) sent on protocol versions that have it. */
    readonly code: number,
    /** The server message. */
    readonly message: string,
    private readonly writeExtra: ExtraWriter = NO_EXTRA,
    /** The error a server sends instead on an older version, if any. */
    private readonly olderVersion?: (version: number) => ForgedError | undefined,
  ) {}

  /** The error actually sent on `version`: Cassandra down-converts some codes for v3/v4. */
  forVersion(version: number): ForgedError {
    return this.olderVersion?.(version)?.forVersion(version) ?? this;
  }

  /**
   * The ERROR body for protocol `version`: [int] code, [string] message, then the code's fields.
   * `request` is the request being answered (it supplies the id of a default Unprepared).
   */
  encodeBody(version: number, request?: ProxiedFrame): Buffer {
    const error = this.forVersion(version);
    const w = new ByteWriter(64 + error.message.length);
    w.writeInt(error.code).writeString(error.message);
    error.writeExtra(w, version, request);
    return Buffer.from(w.finish());
  }
}

function writeCounts(w: ByteWriter, init: ReplicaCountsInit): void {
  w.writeShort(init.consistency).writeInt(init.received).writeInt(init.blockFor);
}

function reasonEntries(init: ReplicaFailuresInit): [string, number][] {
  const reasons = init.reasons;
  if (reasons === undefined) return [];
  return reasons instanceof Map ? [...reasons.entries()] : Object.entries(reasons);
}

/** Validates the reasons/failures pair up front, so encoding cannot fail inside the proxy. */
function failureEntries(init: ReplicaFailuresInit): { failures: number; entries: [string, number][] } {
  const entries = reasonEntries(init);
  for (const [address] of entries) inetAddressBytes(address);
  const failures = init.failures ?? Math.max(1, entries.length);
  if (!Number.isInteger(failures) || failures < entries.length) {
    throw new RangeError(
      `failures (${failures}) must be an integer ≥ the number of reasons (${entries.length})`,
    );
  }
  return { failures, entries };
}

/** [int] n, then on v5 n × ([inetaddr] endpoint, [short] reason). */
function writeFailures(
  w: ByteWriter,
  version: number,
  failures: number,
  entries: readonly [string, number][],
): void {
  w.writeInt(failures);
  if (version < 5) return;
  for (let i = 0; i < failures; i++) {
    const [address, reason] = entries[i] ?? [`0.0.0.${i + 1 - entries.length}`, FailureReason.UNKNOWN];
    const bytes = inetAddressBytes(address);
    w.writeByte(bytes.length).writeRaw(bytes).writeShort(reason);
  }
}

function timeoutMessage(init: ReplicaCountsInit): string {
  return `Operation timed out - received only ${init.received} responses.`;
}

/**
 * Builders of forged ERROR responses, one per error code, for `Reaction.forgeError`.
 *
 * @example
 * ```ts
 * Reaction.forgeError(
 *   Errors.writeTimeout({ consistency: Consistency.QUORUM, received: 1, blockFor: 2, writeType: 'SIMPLE' }),
 * );
 * Reaction.forgeError(Errors.unavailable({ consistency: Consistency.ALL, required: 3, alive: 1 }));
 * ```
 */
export const Errors = {
  /** 0x0000 Server error. */
  serverError(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.SERVER_ERROR, init.message ?? 'Forged server error');
  },

  /** 0x000A Protocol error. */
  protocolError(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.PROTOCOL_ERROR, init.message ?? 'Forged protocol error');
  },

  /** 0x0100 Bad credentials. */
  badCredentials(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(
      ErrorCode.BAD_CREDENTIALS,
      init.message ?? 'Provided username and/or password are incorrect',
    );
  },

  /** 0x1000 Unavailable: consistency, required, alive. */
  unavailable(init: UnavailableInit): ForgedError {
    return new ForgedError(
      ErrorCode.UNAVAILABLE,
      init.message ?? `Cannot achieve consistency level ${consistencyName(init.consistency)}`,
      (w) => w.writeShort(init.consistency).writeInt(init.required).writeInt(init.alive),
    );
  },

  /** 0x1001 Overloaded. */
  overloaded(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(
      ErrorCode.OVERLOADED,
      init.message ?? 'Server is in overloaded state. Cannot accept more requests at this point',
    );
  },

  /** 0x1002 Is_bootstrapping. */
  isBootstrapping(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(
      ErrorCode.IS_BOOTSTRAPPING,
      init.message ?? 'Cannot read from a bootstrapping node',
    );
  },

  /** 0x1003 Truncate_error. */
  truncateError(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.TRUNCATE_ERROR, init.message ?? 'Forged truncate error');
  },

  /**
   * 0x1100 Write_timeout: counts and write type; on v5 a `CAS` write also carries `contentions`.
   */
  writeTimeout(init: WriteTimeoutInit): ForgedError {
    return new ForgedError(ErrorCode.WRITE_TIMEOUT, init.message ?? timeoutMessage(init), (w, version) => {
      writeCounts(w, init);
      w.writeString(init.writeType);
      if (version >= 5 && init.writeType === 'CAS') w.writeShort(init.contentions ?? 0);
    });
  },

  /** 0x1200 Read_timeout: counts and whether data was present. */
  readTimeout(init: ReadTimeoutInit): ForgedError {
    return new ForgedError(ErrorCode.READ_TIMEOUT, init.message ?? timeoutMessage(init), (w) => {
      writeCounts(w, init);
      w.writeByte(init.dataPresent ? 1 : 0);
    });
  },

  /** 0x1300 Read_failure (v4+; sent as Read_timeout on v3, as Cassandra does). */
  readFailure(init: ReadFailureInit): ForgedError {
    const { failures, entries } = failureEntries(init);
    return new ForgedError(
      ErrorCode.READ_FAILURE,
      init.message ?? `Operation failed - received ${init.received} responses and ${failures} failures`,
      (w, version) => {
        writeCounts(w, init);
        writeFailures(w, version, failures, entries);
        w.writeByte(init.dataPresent ? 1 : 0);
      },
      (version) => (version < 4 ? Errors.readTimeout(init) : undefined),
    );
  },

  /** 0x1400 Function_failure (v4+; sent as Invalid on v3). */
  functionFailure(init: FunctionFailureInit): ForgedError {
    const message = init.message ?? `execution of '${init.keyspace}.${init.functionName}' failed`;
    return new ForgedError(
      ErrorCode.FUNCTION_FAILURE,
      message,
      (w) => w.writeString(init.keyspace).writeString(init.functionName).writeStringList(init.argTypes),
      (version) => (version < 4 ? Errors.invalid({ message }) : undefined),
    );
  },

  /** 0x1500 Write_failure (v4+; sent as Write_timeout on v3). */
  writeFailure(init: WriteFailureInit): ForgedError {
    const { failures, entries } = failureEntries(init);
    return new ForgedError(
      ErrorCode.WRITE_FAILURE,
      init.message ?? `Operation failed - received ${init.received} responses and ${failures} failures`,
      (w, version) => {
        writeCounts(w, init);
        writeFailures(w, version, failures, entries);
        w.writeString(init.writeType);
      },
      (version) => (version < 4 ? Errors.writeTimeout(init) : undefined),
    );
  },

  /** 0x1600 CDC_write_failure (sent as Invalid on v3). */
  cdcWriteFailure(init: ForgedErrorMessage = {}): ForgedError {
    const message = init.message ?? 'Rejecting mutation to table with CDC enabled: CDC space is full';
    return new ForgedError(ErrorCode.CDC_WRITE_FAILURE, message, NO_EXTRA, (version) =>
      version < 4 ? Errors.invalid({ message }) : undefined,
    );
  },

  /** 0x1700 CAS_write_unknown (v5; a `CAS` Write_timeout on v3/v4). */
  casWriteUnknown(init: ReplicaCountsInit): ForgedError {
    const message =
      init.message ??
      `CAS operation result is unknown - proposal accepted by ${init.received} but not a quorum.`;
    return new ForgedError(
      ErrorCode.CAS_WRITE_UNKNOWN,
      message,
      (w) => writeCounts(w, init),
      (version) => (version < 5 ? Errors.writeTimeout({ ...init, message, writeType: 'CAS' }) : undefined),
    );
  },

  /** 0x2000 Syntax_error. */
  syntaxError(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.SYNTAX_ERROR, init.message ?? 'line 1:0 forged syntax error');
  },

  /** 0x2100 Unauthorized. */
  unauthorized(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.UNAUTHORIZED, init.message ?? 'User has no permission (forged)');
  },

  /** 0x2200 Invalid. */
  invalid(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.INVALID, init.message ?? 'Forged invalid request');
  },

  /** 0x2300 Config_error. */
  configError(init: ForgedErrorMessage = {}): ForgedError {
    return new ForgedError(ErrorCode.CONFIG_ERROR, init.message ?? 'Forged configuration error');
  },

  /** 0x2400 Already_exists: keyspace and table (`''` for a keyspace). */
  alreadyExists(init: AlreadyExistsInit): ForgedError {
    const table = init.table ?? '';
    return new ForgedError(
      ErrorCode.ALREADY_EXISTS,
      init.message ??
        (table
          ? `Cannot add already existing table "${table}" to keyspace "${init.keyspace}"`
          : `Cannot add existing keyspace "${init.keyspace}"`),
      (w) => w.writeString(init.keyspace).writeString(table),
    );
  },

  /** 0x2500 Unprepared: the statement id, by default the one of the request answered. */
  unprepared(init: UnpreparedInit = {}): ForgedError {
    return new ForgedError(
      ErrorCode.UNPREPARED,
      init.message ?? 'Prepared query not found on this node (forged)',
      (w, _version, request) => {
        const id = init.statementId ?? (request ? requestStatementId(request) : undefined) ?? Buffer.alloc(0);
        w.writeShortBytes(id);
      },
    );
  },

  /** Any code, with raw code-specific bytes after the message (for codes this list lacks). */
  custom(code: number, message: string, extra: Uint8Array = Buffer.alloc(0)): ForgedError {
    const bytes = Buffer.from(extra);
    return new ForgedError(code, message, (w) => w.writeRaw(bytes));
  },
} as const;
