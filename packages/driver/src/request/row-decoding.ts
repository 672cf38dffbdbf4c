import type { CellDecoder, ColumnSpec, RowsResult } from '../protocol/messages';
import { materializeRowArrays, materializeRowObjects } from '../protocol/messages';
import { materializeRowChunk, rowChunkEnd } from '../protocol/messages/row-materializer';
import { codecFor, type CodecOptions } from '../types';
import type { RowShape } from '../options';

const decoderCache = new WeakMap<readonly ColumnSpec[], WeakMap<object, CellDecoder[]>>();
const NO_OPTIONS = {};
/**
 * The column list and codec options looked up last, and their decoders: the answers of one
 * statement usually follow each other (and cached column specs keep their identity), so this
 * spares the two `WeakMap` lookups most of the time.
 */
let lastColumns: readonly ColumnSpec[] | undefined = undefined;
let lastOptions: object | undefined = undefined;
let lastDecoders: CellDecoder[] | undefined = undefined;

/** One decoder per column, built once per column list and codec options. @internal */
export function cellDecodersFor(
  columns: readonly ColumnSpec[],
  codecOptions: CodecOptions | undefined,
): CellDecoder[] {
  const key = codecOptions ?? NO_OPTIONS;
  if (columns === lastColumns && key === lastOptions) return lastDecoders as CellDecoder[];
  let byOptions = decoderCache.get(columns);
  if (byOptions === undefined) {
    byOptions = new WeakMap();
    decoderCache.set(columns, byOptions);
  }
  let decoders = byOptions.get(key);
  if (decoders === undefined) {
    decoders = columns.map((c) => {
      const codec = codecFor(c.type, codecOptions);
      return codec.decode.bind(codec) as CellDecoder;
    });
    byOptions.set(key, decoders);
  }
  lastColumns = columns;
  lastOptions = key;
  lastDecoders = decoders;
  return decoders;
}

/**
 * Decodes the rows of a page in one pass. `columns` are the page's own columns, or the prepared
 * statement's result columns when the server skipped the metadata.
 *
 * @internal
 */
export function decodeRows<Row>(
  result: RowsResult,
  columns: readonly ColumnSpec[],
  shape: RowShape,
  codecOptions: CodecOptions | undefined,
): Row[] {
  if (result.rowCount === 0) return [];
  const decoders = cellDecodersFor(columns, codecOptions);
  const rows =
    shape === 'array'
      ? materializeRowArrays(
          { columnCount: columns.length },
          result.body,
          result.rowsOffset,
          result.rowCount,
          decoders,
          result.rowsEnd,
          result.bodyStart,
        )
      : materializeRowObjects(
          { columns },
          result.body,
          result.rowsOffset,
          result.rowCount,
          decoders,
          result.rowsEnd,
          result.bodyStart,
        );
  return rows as Row[];
}

/** Rows a {@link RowCursor} builds at a time: consumed soon after they are built, they die young. */
const ROWS_PER_CHUNK = 64;

/**
 * The rows of a page, decoded a chunk at a time as they are consumed (`session.iterate()`'s pages
 * after the first): a page's rows then never all live at once, so streaming a large result keeps
 * the heap small. Decoding errors surface when the chunk holding the bad row is taken.
 *
 * @internal
 */
export class RowCursor<Row> {
  private next = 0;
  private offset: number;
  private readonly decoders: readonly CellDecoder[];

  constructor(
    private readonly result: RowsResult,
    private readonly columns: readonly ColumnSpec[],
    private readonly shape: RowShape,
    codecOptions: CodecOptions | undefined,
  ) {
    this.offset = result.rowsOffset;
    this.decoders = result.rowCount === 0 ? [] : cellDecodersFor(columns, codecOptions);
  }

  /** The next rows (at most {@link ROWS_PER_CHUNK}), or `undefined` once every row was taken. */
  take(): Row[] | undefined {
    const result = this.result;
    const count = Math.min(ROWS_PER_CHUNK, result.rowCount - this.next);
    if (count <= 0) return undefined;
    const rows = materializeRowChunk(
      this.shape === 'array' ? 'array' : 'object',
      this.columns,
      result.body,
      this.offset,
      result.rowsEnd,
      this.next,
      count,
      result.rowCount,
      this.decoders,
      result.bodyStart,
    );
    this.offset = rowChunkEnd();
    this.next += count;
    return rows as Row[];
  }
}
