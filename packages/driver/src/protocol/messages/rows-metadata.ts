/**
 * Result metadata of Rows results and Prepared results: flags, paging state, new metadata id
 * (v5, or v4 with ScyllaDB's `SCYLLA_USE_METADATA_ID`) and column specifications.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import { readTypeOption } from '../../types/type-option';
import type { DataType } from '../../types/data-type';
import type { ByteReader } from '../../binary/byte-reader';
import { cacheColumnSpecs, takeCachedColumnSpecs } from './column-spec-cache';

/** Flag bits of result metadata. */
export const RowsMetadataFlag = {
  GLOBAL_TABLES_SPEC: 0x0001,
  HAS_MORE_PAGES: 0x0002,
  NO_METADATA: 0x0004,
  METADATA_CHANGED: 0x0008,
} as const;

/** One column of a result, or one bind marker of a prepared statement. */
export interface ColumnSpec {
  /** Keyspace of the column's table. */
  readonly keyspace: string;
  /** Table of the column. */
  readonly table: string;
  /** Column name, alias, or (for bind markers) the marker's name. */
  readonly name: string;
  /** CQL type of the column's values. */
  readonly type: DataType;
}

/** The `<metadata>` of a Rows result (also the result metadata of a Prepared result). */
export interface RowsMetadata {
  /** Raw flags (see {@link RowsMetadataFlag}). */
  readonly flags: number;
  /** Number of columns of every row. Known even when `columns` is absent. */
  readonly columnCount: number;
  /** True when this page is not the last one (Has_more_pages). */
  readonly hasMorePages: boolean;
  /** Opaque state to pass to the next QUERY/EXECUTE for the next page (a copy). */
  readonly pagingState: Buffer | undefined;
  /**
   * Metadata_changed (connections with result metadata ids: v5, or v4 with
   * `SCYLLA_USE_METADATA_ID`): the new result metadata id (a copy); use it, and `columns`, for
   * later EXECUTEs of the statement.
   */
  readonly newMetadataId: Buffer | undefined;
  /** Column specifications; `undefined` when the server sent No_metadata (skip-metadata requests). */
  readonly columns: readonly ColumnSpec[] | undefined;
}

/**
 * Reads `<metadata>` as found in Rows results and in the result part of Prepared results.
 *
 * @param metadataIds whether the connection uses result metadata ids (v5, or v4 with
 * `SCYLLA_USE_METADATA_ID`); only then does Metadata_changed carry a new id. Default: `version >= 5`.
 * @throws ProtocolDecodeError on truncated data, a negative column count, or more columns than the
 * remaining bytes could describe.
 */
export function readRowsMetadata(
  reader: ByteReader,
  version: number,
  metadataIds = version >= 5,
): RowsMetadata {
  const flags = reader.readInt();
  const columnCount = reader.readInt();
  if (columnCount < 0)
    throw new ProtocolDecodeError(`negative column count ${columnCount} in result metadata`);
  const hasMorePages = (flags & RowsMetadataFlag.HAS_MORE_PAGES) !== 0;
  const pagingState = hasMorePages ? copyOrUndefined(reader.readBytes()) : undefined;
  const newMetadataId =
    metadataIds && (flags & RowsMetadataFlag.METADATA_CHANGED) !== 0
      ? Buffer.from(reader.readShortBytes())
      : undefined;
  const columns =
    (flags & RowsMetadataFlag.NO_METADATA) !== 0
      ? undefined
      : readColumnSpecs(reader, columnCount, (flags & RowsMetadataFlag.GLOBAL_TABLES_SPEC) !== 0);
  if (pagingState !== undefined || newMetadataId !== undefined || columns === undefined) {
    return { flags, columnCount, hasMorePages, pagingState, newMetadataId, columns };
  }
  // Metadata without paging state or new id, with the columns of the answer before (shared specs:
  // see `column-spec-cache`) and its flags, is that answer's: consecutive answers of a statement
  // share one object (read-only, like every RowsMetadata).
  const last = lastPlainMetadata;
  if (last !== undefined && last.columns === columns && last.flags === flags) return last;
  const metadata: RowsMetadata = { flags, columnCount, hasMorePages, pagingState, newMetadataId, columns };
  lastPlainMetadata = metadata;
  return metadata;
}

/** The metadata without paging state or new metadata id returned last (see {@link readRowsMetadata}). */
let lastPlainMetadata: RowsMetadata | undefined;

/**
 * Reads an optional global table spec then `count` column specs
 * (`[<ksname><tablename>]<name><type>` each). The result is frozen and shared with every later
 * section of identical bytes (see `column-spec-cache`).
 *
 * @throws ProtocolDecodeError on truncated data or when `count` specs cannot fit in what is left.
 */
export function readColumnSpecs(
  reader: ByteReader,
  count: number,
  globalTableSpec: boolean,
): readonly ColumnSpec[] {
  // The smallest spec is an empty name plus a 2-byte type id (plus two empty strings per column
  // without a global table spec); a larger count is a malformed body, not a reason to allocate.
  const minSpecBytes = globalTableSpec ? 4 : 8;
  const minBytes = count * minSpecBytes + (globalTableSpec ? 4 : 0);
  if (minBytes > reader.remaining) {
    throw new ProtocolDecodeError(
      `result metadata announces ${count} columns but only ${reader.remaining} bytes remain`,
    );
  }
  if (count === 0) {
    if (globalTableSpec) {
      reader.readString();
      reader.readString();
    }
    return NO_COLUMNS;
  }
  const cached = takeCachedColumnSpecs(reader, count, globalTableSpec, minBytes);
  if (cached !== undefined) return cached;
  const start = reader.offset;
  const columns = decodeColumnSpecs(reader, count, globalTableSpec);
  return cacheColumnSpecs(reader, start, columns, globalTableSpec, minBytes);
}

const NO_COLUMNS: readonly ColumnSpec[] = Object.freeze([]);

function decodeColumnSpecs(reader: ByteReader, count: number, globalTableSpec: boolean): ColumnSpec[] {
  let keyspace = '';
  let table = '';
  if (globalTableSpec) {
    keyspace = reader.readString();
    table = reader.readString();
  }
  const columns = new Array<ColumnSpec>(count);
  for (let i = 0; i < count; i++) {
    let ks = keyspace;
    let tbl = table;
    if (!globalTableSpec) {
      ks = reader.readString();
      tbl = reader.readString();
    }
    const name = reader.readString();
    columns[i] = { keyspace: ks, table: tbl, name, type: readTypeOption(reader) };
  }
  return columns;
}

function copyOrUndefined(bytes: Buffer | null): Buffer | undefined {
  return bytes === null ? undefined : Buffer.from(bytes);
}
