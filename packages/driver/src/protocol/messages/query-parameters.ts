/**
 * The `<query_parameters>` shared by QUERY and EXECUTE: consistency, flags (`[byte]` on v3/v4,
 * `[int]` on v5) and the flagged fields in protocol order.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import type { ProtocolVersion } from '../opcodes';
import { type EncodedValue, writeValueList } from './encoded-value';
import type { EncodedValueList } from './encoded-value-list';
import {
  INT32_MAX,
  requireConsistency,
  requireIntegerInRange,
  requireProtocolVersion,
  requireTimestamp,
} from './request-option-checks';

/** Flag bits of `<query_parameters>`. Bits above 0x40 exist from protocol v5 only. */
export const QueryFlag = {
  VALUES: 0x01,
  SKIP_METADATA: 0x02,
  PAGE_SIZE: 0x04,
  WITH_PAGING_STATE: 0x08,
  WITH_SERIAL_CONSISTENCY: 0x10,
  WITH_DEFAULT_TIMESTAMP: 0x20,
  WITH_NAMES_FOR_VALUES: 0x40,
  WITH_KEYSPACE: 0x80,
  WITH_NOW_IN_SECONDS: 0x100,
} as const;

/** Options of one QUERY or EXECUTE, with bound values already serialized. */
export interface QueryParameters {
  /** Consistency level code (see `Consistency`). */
  readonly consistency: number;
  /**
   * Bound values in marker order (or in `names` order), one by one or serialized together
   * (`EncodedValueList`). `unset` needs protocol v4+.
   */
  readonly values?: readonly EncodedValue[] | EncodedValueList;
  /** Marker names, one per value, for named bind markers (flag 0x40). */
  readonly names?: readonly string[];
  /** Ask for Rows results without column metadata (flag 0x02); the caller already has it. */
  readonly skipMetadata?: boolean;
  /** Rows per page (flag 0x04). */
  readonly pageSize?: number;
  /** Paging state of the previous page, to fetch the next one (flag 0x08). */
  readonly pagingState?: Uint8Array;
  /** Serial consistency code (SERIAL or LOCAL_SERIAL) for conditional updates (flag 0x10). */
  readonly serialConsistency?: number;
  /**
   * Default write timestamp in microseconds since the epoch (flag 0x20): a bigint, or a safe
   * integer number (written without a bigint; today's timestamps are ~2^50).
   */
  readonly timestamp?: bigint | number;
  /** Keyspace the statement runs in (flag 0x80, protocol v5+). */
  readonly keyspace?: string;
  /** "Now" for TTL and function evaluation, in seconds since the epoch (flag 0x100, protocol v5+). */
  readonly nowInSeconds?: number;
}

/**
 * Writes `params` as `<query_parameters>` for `version`.
 *
 * @example
 * ```ts
 * const w = new ByteWriter();
 * writeQueryParameters(w, { consistency: Consistency.ONE, pageSize: 100 }, 4);
 * w.finish(); // <00 01 04 00 00 00 64>
 * ```
 * @throws InvalidOptionsError when an option is out of range or needs a newer protocol version
 * (keyspace and nowInSeconds need v5; unset values need v4).
 */
export function writeQueryParameters(w: ByteWriter, params: QueryParameters, version: ProtocolVersion): void {
  const flags = queryFlagsOf(params, version);
  w.writeShort(params.consistency);
  if (version >= 5) w.writeInt(flags);
  else w.writeByte(flags);
  if (flags & QueryFlag.VALUES) {
    writeValueList(w, params.values as readonly EncodedValue[] | EncodedValueList, params.names, version);
  }
  if (params.pageSize !== undefined) w.writeInt(params.pageSize);
  if (params.pagingState !== undefined) w.writeBytes(params.pagingState);
  if (params.serialConsistency !== undefined) w.writeShort(params.serialConsistency);
  if (params.timestamp !== undefined) writeTimestamp(w, params.timestamp);
  if (params.keyspace !== undefined) w.writeString(params.keyspace);
  if (params.nowInSeconds !== undefined) w.writeUInt(params.nowInSeconds);
}

/**
 * Computes the flags of `params` and validates every option against `version`.
 *
 * @throws InvalidOptionsError as {@link writeQueryParameters}.
 */
export function queryFlagsOf(params: QueryParameters, version: ProtocolVersion): number {
  requireConsistency(params.consistency, 'consistency');
  let flags = 0;
  const values = params.values;
  if (values !== undefined && values.length > 0) {
    flags |= QueryFlag.VALUES;
    if (params.names !== undefined) flags |= QueryFlag.WITH_NAMES_FOR_VALUES;
  } else if (params.names !== undefined && params.names.length > 0) {
    throw new InvalidOptionsError(`option 'names' has ${params.names.length} names but there are no values`);
  }
  if (params.skipMetadata === true) flags |= QueryFlag.SKIP_METADATA;
  if (params.pageSize !== undefined) {
    requireIntegerInRange(params.pageSize, 1, INT32_MAX, 'pageSize');
    flags |= QueryFlag.PAGE_SIZE;
  }
  if (params.pagingState !== undefined) flags |= QueryFlag.WITH_PAGING_STATE;
  return flags | executionOptionFlags(params, version);
}

/** The options QUERY/EXECUTE and BATCH share, each only set when given. */
export interface ExecutionOptionParameters {
  readonly serialConsistency?: number;
  readonly timestamp?: bigint | number;
  readonly keyspace?: string;
  readonly nowInSeconds?: number;
}

/**
 * Flags (same bits in QUERY/EXECUTE and BATCH) of serial consistency, default timestamp, keyspace
 * and now_in_seconds, validated against `version`.
 *
 * @throws InvalidOptionsError for out-of-range values, or keyspace / nowInSeconds before v5.
 */
export function executionOptionFlags(params: ExecutionOptionParameters, version: ProtocolVersion): number {
  let flags = 0;
  if (params.serialConsistency !== undefined) {
    requireConsistency(params.serialConsistency, 'serialConsistency');
    flags |= QueryFlag.WITH_SERIAL_CONSISTENCY;
  }
  if (params.timestamp !== undefined) {
    requireTimestamp(params.timestamp, 'timestamp');
    flags |= QueryFlag.WITH_DEFAULT_TIMESTAMP;
  }
  if (params.keyspace !== undefined) {
    requireProtocolVersion(version, 5, 'keyspace');
    flags |= QueryFlag.WITH_KEYSPACE;
  }
  if (params.nowInSeconds !== undefined) {
    requireProtocolVersion(version, 5, 'nowInSeconds');
    requireIntegerInRange(params.nowInSeconds, 0, 0xffffffff, 'nowInSeconds');
    flags |= QueryFlag.WITH_NOW_IN_SECONDS;
  }
  return flags;
}

/**
 * Writes a default timestamp (validated by {@link executionOptionFlags}) as a `[long]`.
 *
 * @internal
 */
export function writeTimestamp(w: ByteWriter, timestamp: bigint | number): void {
  if (typeof timestamp === 'number') w.writeSafeLong(timestamp);
  else w.writeLong(timestamp);
}
