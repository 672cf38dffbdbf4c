/**
 * BATCH: several DML statements (CQL strings and/or prepared ids) applied together.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import { Opcode, type ProtocolVersion } from '../opcodes';
import { type EncodedValue, writeValueList } from './encoded-value';
import type { EncodedValueList } from './encoded-value-list';
import { executionOptionFlags, writeTimestamp } from './query-parameters';
import {
  type EnvelopeOptions,
  envelopeFlagsFor,
  type RequestMessage,
  writeCustomPayload,
} from './request-message';
import { requireConsistency, requireIntegerInRange, SHORT_MAX } from './request-option-checks';

/** Batch types as the `[byte]` of BATCH encodes them. */
export const BatchType = {
  LOGGED: 0,
  UNLOGGED: 1,
  COUNTER: 2,
} as const;

/** A batch type code (a value of {@link BatchType}). */
export type BatchType = (typeof BatchType)[keyof typeof BatchType];

/** A batch child given as CQL text (kind 0). */
export interface BatchQueryChild {
  /** The CQL text. */
  readonly query: string;
  /** Bound values in marker order, one by one or serialized together (`unset` needs v4+). */
  readonly values?: readonly EncodedValue[] | EncodedValueList;
}

/** A batch child given as a prepared statement id (kind 1). */
export interface BatchPreparedChild {
  /** The prepared statement id. */
  readonly id: Uint8Array;
  /** Bound values in marker order, one by one or serialized together (`unset` needs v4+). */
  readonly values?: readonly EncodedValue[] | EncodedValueList;
}

/** One statement of a batch. */
export type BatchChild = BatchQueryChild | BatchPreparedChild;

/** Options of a BATCH. Values are always positional: the names flag (0x40) is broken server-side. */
export interface BatchParameters {
  /** Logged (default), unlogged or counter. */
  readonly type?: BatchType;
  /** Consistency level code. */
  readonly consistency: number;
  /** Serial consistency code for conditional batches (flag 0x10). */
  readonly serialConsistency?: number;
  /** Default write timestamp in microseconds (flag 0x20): a bigint or a safe integer. */
  readonly timestamp?: bigint | number;
  /** Keyspace the statements run in (flag 0x80, protocol v5+). */
  readonly keyspace?: string;
  /** "Now" in seconds since the epoch (flag 0x100, protocol v5+). */
  readonly nowInSeconds?: number;
}

const CHILD_KIND_QUERY = 0;
const CHILD_KIND_PREPARED = 1;

/**
 * A BATCH request: `[byte]` type, `[short]` n, n children (`[byte]` kind, `[long string]` query or
 * `[short bytes]` id, `[short]` value count, `[value]`s), `[consistency]`, flags (`[byte]` on v3/v4,
 * `[int]` on v5), then serial consistency, timestamp, keyspace and now_in_seconds as flagged.
 *
 * @example
 * ```ts
 * const msg = new BatchMessage(
 *   [{ id: insertUser.id, values: [id, name] }, { query: "UPDATE stats SET n = 1 WHERE k = 'users'" }],
 *   { type: BatchType.LOGGED, consistency: Consistency.QUORUM },
 * );
 * ```
 */
export class BatchMessage implements RequestMessage {
  /** {@link Opcode.BATCH}. */
  readonly opcode = Opcode.BATCH;
  /** Envelope flags derived from `envelope`. */
  readonly flags: number;

  constructor(
    /** The statements, in order. */
    readonly children: readonly BatchChild[],
    /** Type, consistency and the other batch options. */
    readonly params: BatchParameters,
    /** Tracing and custom payload. */
    readonly envelope: EnvelopeOptions = {},
  ) {
    this.flags = envelopeFlagsFor(envelope);
  }

  /**
   * Writes the custom payload (if any) and the batch.
   *
   * @throws InvalidOptionsError for an empty or oversized batch, an unknown type, or an option the
   * version does not support.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion): void {
    const params = this.params;
    const flags = batchFlagsOf(params, version);
    const type = params.type ?? BatchType.LOGGED;
    requireIntegerInRange(type, BatchType.LOGGED, BatchType.COUNTER, 'type');
    const n = this.children.length;
    if (n === 0) throw new InvalidOptionsError('a batch needs at least one statement');
    if (n > SHORT_MAX) {
      throw new InvalidOptionsError(`a batch of ${n} statements exceeds the protocol limit of ${SHORT_MAX}`);
    }
    writeCustomPayload(w, this.envelope, version);
    w.writeByte(type);
    w.writeShort(n);
    for (const child of this.children) {
      if ('query' in child) {
        w.writeByte(CHILD_KIND_QUERY);
        w.writeLongString(child.query);
      } else {
        w.writeByte(CHILD_KIND_PREPARED);
        w.writeShortBytes(child.id);
      }
      writeValueList(w, child.values ?? [], undefined, version);
    }
    w.writeShort(params.consistency);
    if (version >= 5) w.writeInt(flags);
    else w.writeByte(flags);
    if (params.serialConsistency !== undefined) w.writeShort(params.serialConsistency);
    if (params.timestamp !== undefined) writeTimestamp(w, params.timestamp);
    if (params.keyspace !== undefined) w.writeString(params.keyspace);
    if (params.nowInSeconds !== undefined) w.writeUInt(params.nowInSeconds);
  }
}

/**
 * Computes the BATCH flags of `params` and validates them against `version`.
 *
 * @throws InvalidOptionsError for out-of-range values, or keyspace / nowInSeconds before v5.
 */
export function batchFlagsOf(params: BatchParameters, version: ProtocolVersion): number {
  requireConsistency(params.consistency, 'consistency');
  return executionOptionFlags(params, version);
}
