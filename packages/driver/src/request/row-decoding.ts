import type { CellDecoder, ColumnSpec, RowsResult } from '../protocol/messages';
import { materializeRowArrays, materializeRowObjects } from '../protocol/messages';
import { codecFor, type CodecOptions } from '../types';
import type { RowShape } from '../options';

const decoderCache = new WeakMap<readonly ColumnSpec[], WeakMap<object, CellDecoder[]>>();
const NO_OPTIONS = {};

/** One decoder per column, built once per column list and codec options. @internal */
export function cellDecodersFor(
  columns: readonly ColumnSpec[],
  codecOptions: CodecOptions | undefined,
): CellDecoder[] {
  const key = codecOptions ?? NO_OPTIONS;
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
        )
      : materializeRowObjects(
          { columns },
          result.body,
          result.rowsOffset,
          result.rowCount,
          decoders,
          result.rowsEnd,
        );
  return rows as Row[];
}
