/**
 * RESULT bodies: Void, Rows (metadata and the location of the rows, cells left undecoded),
 * Set_keyspace, Prepared and Schema_change.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import type { ByteReader } from '../../binary/byte-reader';
import { type PreparedResult, readPreparedResult } from './prepared-result';
import { readRowsMetadata, type RowsMetadata } from './rows-metadata';
import { readSchemaChange, type SchemaChange } from './schema-change';

/** The `[int]` kinds of RESULT. */
export const ResultKind = {
  VOID: 0x0001,
  ROWS: 0x0002,
  SET_KEYSPACE: 0x0003,
  PREPARED: 0x0004,
  SCHEMA_CHANGE: 0x0005,
} as const;

/** A result without content (writes, most DDL on old servers…). */
export interface VoidResult {
  /** Discriminant. */
  readonly kind: 'void';
}

/**
 * A page of rows. The cells are not decoded: they lie in `body` between `rowsOffset` and `rowsEnd`,
 * for {@link materializeRowObjects} / {@link materializeRowArrays}. `body` is the received buffer
 * holding the response body (from `bodyStart` on), so it must stay unmodified until the rows are
 * materialized.
 */
export interface RowsResult {
  /** Discriminant. */
  readonly kind: 'rows';
  /** Flags, paging state, new metadata id and (unless No_metadata) the columns. */
  readonly metadata: RowsMetadata;
  /** Number of rows in this page. */
  readonly rowCount: number;
  /** The buffer holding the response body, and in it the rows content. */
  readonly body: Buffer;
  /** Offset in `body` where the response body starts (error messages count offsets from there). */
  readonly bodyStart: number;
  /** Offset in `body` of the first cell of the first row. */
  readonly rowsOffset: number;
  /** End (exclusive) of the readable region of `body`. */
  readonly rowsEnd: number;
}

/** The result of a `USE` statement. */
export interface SetKeyspaceResult {
  /** Discriminant. */
  readonly kind: 'setKeyspace';
  /** The keyspace now in use on the connection. */
  readonly keyspace: string;
}

/** The result of a schema-altering statement. */
export interface SchemaChangeResult {
  /** Discriminant. */
  readonly kind: 'schemaChange';
  /** What changed. */
  readonly schemaChange: SchemaChange;
}

/** A decoded RESULT body, discriminated by `kind`. */
export type ResultMessage = VoidResult | RowsResult | SetKeyspaceResult | PreparedResult | SchemaChangeResult;

/** The one VOID result (it carries nothing). @internal */
export const VOID_RESULT: VoidResult = Object.freeze({ kind: 'void' });

/**
 * Decodes a RESULT body (the reader positioned after the response prefix).
 *
 * @param version protocol version of the response (v4 adds partition key indexes to Prepared;
 * v5 adds result metadata ids and Metadata_changed)
 * @param metadataIds whether the connection uses result metadata ids: v5, or v4 with ScyllaDB's
 * `SCYLLA_USE_METADATA_ID` (default: `version >= 5`)
 * @throws ProtocolDecodeError on an unknown kind, truncated data or impossible counts.
 */
export function decodeResultBody(
  reader: ByteReader,
  version: number,
  metadataIds = version >= 5,
): ResultMessage {
  const kind = reader.readInt();
  switch (kind) {
    case ResultKind.VOID:
      return VOID_RESULT;
    case ResultKind.ROWS:
      return readRowsResult(reader, version, metadataIds);
    case ResultKind.SET_KEYSPACE:
      return { kind: 'setKeyspace', keyspace: reader.readString() };
    case ResultKind.PREPARED:
      return readPreparedResult(reader, version, metadataIds);
    case ResultKind.SCHEMA_CHANGE:
      return { kind: 'schemaChange', schemaChange: readSchemaChange(reader) };
    default:
      throw new ProtocolDecodeError(`unknown RESULT kind 0x${(kind >>> 0).toString(16)}`);
  }
}

function readRowsResult(reader: ByteReader, version: number, metadataIds: boolean): RowsResult {
  const metadata = readRowsMetadata(reader, version, metadataIds);
  const rowCount = reader.readInt();
  if (rowCount < 0) throw new ProtocolDecodeError(`negative row count ${rowCount}`);
  if (rowCount > 0) {
    const columnCount = metadata.columnCount;
    if (columnCount === 0) {
      throw new ProtocolDecodeError(`Rows result announces ${rowCount} rows without any column`);
    }
    // Every cell takes at least its 4-byte length.
    if (rowCount * columnCount * 4 > reader.remaining) {
      throw new ProtocolDecodeError(
        `Rows result announces ${rowCount} rows of ${columnCount} cells but only ${reader.remaining} bytes remain`,
      );
    }
  } else if (reader.remaining > 0) {
    // With rows, the walker checks that the cells end exactly at the end of the body.
    throw new ProtocolDecodeError(
      `invalid Rows result: ${reader.remaining} bytes after the announced 0 rows`,
    );
  }
  return {
    kind: 'rows',
    metadata,
    rowCount,
    body: reader.buf,
    bodyStart: reader.origin,
    rowsOffset: reader.offset,
    rowsEnd: reader.end,
  };
}
