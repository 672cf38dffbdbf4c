/**
 * Re-assembles a captured Rows body with other result-metadata flags: with or without column
 * specs (skip-metadata), with or without a paging state (the stub's endless scan).
 */
import { ByteReader } from '../../packages/driver/src/binary/byte-reader';
import { readColumnSpecs, RowsMetadataFlag } from '../../packages/driver/src/protocol/messages';
import { readResponsePrefix } from '../../packages/driver/src/protocol/response-prefix';

const ROWS_KIND = 2;

/** The parts of a captured Rows body. */
export interface RowsParts {
  /** Metadata flags without Has_more_pages and No_metadata. */
  readonly flags: number;
  readonly columnCount: number;
  /** Global table spec (when flagged) and column specs, as received. */
  readonly columnSpecs: Buffer;
  /** `[int] rowCount` and the rows content. */
  readonly rows: Buffer;
  readonly rowCount: number;
}

/** Splits a v4 RESULT body of kind Rows; `undefined` for other kinds. */
export function splitRowsBody(body: Buffer, envelopeFlags: number): RowsParts | undefined {
  const reader = new ByteReader(body);
  readResponsePrefix(reader, envelopeFlags);
  if (reader.readInt() !== ROWS_KIND) return undefined;
  const flags = reader.readInt();
  const columnCount = reader.readInt();
  if (flags & RowsMetadataFlag.HAS_MORE_PAGES) reader.readBytes();
  const specsStart = reader.offset;
  if ((flags & RowsMetadataFlag.NO_METADATA) === 0) {
    readColumnSpecs(reader, columnCount, (flags & RowsMetadataFlag.GLOBAL_TABLES_SPEC) !== 0);
  }
  const specsEnd = reader.offset;
  return {
    flags: flags & ~(RowsMetadataFlag.HAS_MORE_PAGES | RowsMetadataFlag.NO_METADATA),
    columnCount,
    columnSpecs: body.subarray(specsStart, specsEnd),
    rows: body.subarray(specsEnd),
    rowCount: body.readInt32BE(specsEnd),
  };
}

/** A Rows body (no response prefix) from `parts`. */
export function buildRowsBody(
  parts: RowsParts,
  skipMetadata: boolean,
  pagingState: Buffer | undefined,
): Buffer {
  let flags = parts.flags;
  if (skipMetadata) flags = (flags | RowsMetadataFlag.NO_METADATA) & ~RowsMetadataFlag.GLOBAL_TABLES_SPEC;
  if (pagingState) flags |= RowsMetadataFlag.HAS_MORE_PAGES;
  const head = Buffer.allocUnsafe(12 + (pagingState ? 4 + pagingState.length : 0));
  head.writeInt32BE(ROWS_KIND, 0);
  head.writeInt32BE(flags, 4);
  head.writeInt32BE(parts.columnCount, 8);
  if (pagingState) {
    head.writeInt32BE(pagingState.length, 12);
    pagingState.copy(head, 16);
  }
  return Buffer.concat(skipMetadata ? [head, parts.rows] : [head, parts.columnSpecs, parts.rows]);
}
