import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

import { ByteReader } from '../binary/byte-reader';
import { ByteWriter } from '../binary/byte-writer';
import { ProtocolDecodeError } from '../errors';
import { QueryFlag } from '../protocol/messages/query-parameters';
import { ResultKind } from '../protocol/messages/result-message';
import { readColumnSpecs, RowsMetadataFlag } from '../protocol/messages/rows-metadata';
import { readRowsLikeBindMetadata, requestReader } from './scylla-sim-wire';

/**
 * ScyllaDB's `SCYLLA_USE_METADATA_ID` (result metadata ids on protocol v4) for the simulated
 * cluster, whose real node speaks v4 without them: the id of a result metadata (a digest of its
 * columns, as ScyllaDB and Cassandra compute theirs), and the surgery that adds ids to PREPARED
 * results, strips them (and Skip_metadata) from EXECUTEs before the real node sees them, and
 * answers ROWS as ScyllaDB does: Metadata_changed with the new id and the columns when the
 * client's id is stale, No_metadata when it is current and the client asked to skip. Pure
 * functions over bodies; never holds connection state.
 *
 * @packageDocumentation
 */

/** Bytes of a result metadata id (ScyllaDB and Cassandra use 16-byte digests). */
const METADATA_ID_BYTES = 16;

/** An EXECUTE body without its result metadata id, and what the client asked. */
export interface StrippedExecute {
  /** The body the real node gets: no metadata id, Skip_metadata cleared. */
  readonly body: Buffer;
  /** The result metadata id the client sent. */
  readonly metadataId: Buffer;
  /** Whether the client asked for rows without metadata. */
  readonly skipMetadata: boolean;
}

/**
 * Reads a v4 EXECUTE body with a result metadata id (`[short bytes] id`, `[short bytes]
 * result_metadata_id`, `<query_parameters>`) and returns it without the metadata id and with
 * Skip_metadata cleared, so the real node always sends the columns the simulator compares.
 *
 * @throws ProtocolDecodeError when the body is truncated.
 */
export function withoutExecuteMetadataId(body: Buffer, flags: number): StrippedExecute {
  const reader = requestReader(body, flags);
  reader.readShortBytes();
  const idEnd = reader.offset;
  const metadataId = Buffer.from(reader.readShortBytes());
  const parametersStart = reader.offset;
  reader.readShort(); // consistency
  const queryFlags = reader.readByte(); // v4: [byte] flags
  const copy = Buffer.concat([body.subarray(0, idEnd), body.subarray(parametersStart)]);
  const flagsAt = idEnd + 2;
  copy[flagsAt] = queryFlags & ~QueryFlag.SKIP_METADATA;
  return { body: copy, metadataId, skipMetadata: (queryFlags & QueryFlag.SKIP_METADATA) !== 0 };
}

/**
 * A PREPARED body (v4, from the real node) with the `[short bytes] result_metadata_id` ScyllaDB
 * adds after the statement id for clients that accepted `SCYLLA_USE_METADATA_ID`.
 *
 * @throws ProtocolDecodeError when the body is not a well-formed PREPARED result.
 */
export function withPreparedMetadataId(body: Buffer, start: number, version: number): Buffer {
  const reader = new ByteReader(body);
  reader.offset = start;
  if (reader.readInt() !== ResultKind.PREPARED) throw new ProtocolDecodeError('not a PREPARED result');
  reader.readShortBytes();
  const at = reader.offset;
  readRowsLikeBindMetadata(reader, version);
  const section = readMetadataSection(reader);
  return Buffer.concat([body.subarray(0, at), shortBytes(section.id), body.subarray(at)]);
}

/** A ROWS body as ScyllaDB answers an EXECUTE with a metadata id, and whether it changed. */
export interface RowsForClient {
  readonly body: Buffer;
  /** Metadata_changed was set: the client's id was stale. */
  readonly metadataChanged: boolean;
}

/**
 * The ROWS body (v4, from the real node, with its columns) for a client that sent `metadataId`:
 * with Metadata_changed, the new id and the columns when the ids differ; without the columns
 * (No_metadata) when they match and the client asked to skip them; `undefined` when the body
 * stays as it is (ids match, columns wanted) or is not ROWS with columns.
 *
 * @example
 * ```ts
 * const rows = rowsForClient(body, start, stripped.metadataId, stripped.skipMetadata);
 * ```
 */
export function rowsForClient(
  body: Buffer,
  start: number,
  metadataId: Buffer,
  skipMetadata: boolean,
): RowsForClient | undefined {
  const reader = new ByteReader(body);
  reader.offset = start;
  if (reader.readInt() !== ResultKind.ROWS) return undefined;
  const section = readMetadataSection(reader);
  if ((section.flags & RowsMetadataFlag.NO_METADATA) !== 0) return undefined;
  if (!section.id.equals(metadataId)) {
    const head = Buffer.from(body.subarray(0, section.idOffset));
    head.writeInt32BE(section.flags | RowsMetadataFlag.METADATA_CHANGED, section.flagsOffset);
    return {
      body: Buffer.concat([head, shortBytes(section.id), body.subarray(section.idOffset)]),
      metadataChanged: true,
    };
  }
  if (!skipMetadata) return undefined;
  const head = Buffer.from(body.subarray(0, section.columnsStart));
  const flags = (section.flags | RowsMetadataFlag.NO_METADATA) & ~RowsMetadataFlag.GLOBAL_TABLES_SPEC;
  head.writeInt32BE(flags, section.flagsOffset);
  return { body: Buffer.concat([head, body.subarray(section.columnsEnd)]), metadataChanged: false };
}

/** Where the parts of a `<metadata>` are, and the id of its columns. */
interface MetadataSection {
  readonly flagsOffset: number;
  readonly flags: number;
  /** Where a new metadata id goes (after the paging state). */
  readonly idOffset: number;
  /** The global table spec (if any) and the column specs. */
  readonly columnsStart: number;
  readonly columnsEnd: number;
  /** Digest of the column count and specs. */
  readonly id: Buffer;
}

/** Reads a v4 `<metadata>` (no metadata id) and digests its columns. */
function readMetadataSection(reader: ByteReader): MetadataSection {
  const flagsOffset = reader.offset;
  const flags = reader.readInt();
  const count = reader.readInt();
  if ((flags & RowsMetadataFlag.HAS_MORE_PAGES) !== 0) reader.readBytes();
  const columnsStart = reader.offset;
  const global = (flags & RowsMetadataFlag.GLOBAL_TABLES_SPEC) !== 0;
  if ((flags & RowsMetadataFlag.NO_METADATA) === 0) readColumnSpecs(reader, count, global);
  const columnsEnd = reader.offset;
  const head = Buffer.alloc(5);
  head.writeInt32BE(count, 0);
  head[4] = global ? 1 : 0;
  const id = createHash('sha256')
    .update(head)
    .update(reader.buf.subarray(columnsStart, columnsEnd))
    .digest()
    .subarray(0, METADATA_ID_BYTES);
  return { flagsOffset, flags, idOffset: columnsStart, columnsStart, columnsEnd, id };
}

function shortBytes(bytes: Buffer): Buffer {
  const w = new ByteWriter(bytes.length + 2);
  w.writeShortBytes(bytes);
  return Buffer.from(w.finish());
}
