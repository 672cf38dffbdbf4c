/**
 * Turns the rows content of a Rows result into JavaScript rows in one pass.
 *
 * For each row shape (the column names, or the column count for array rows) a specialised walker
 * is generated once and cached: it reads each cell's `[bytes]` length straight from the body,
 * calls that column's decoder on `(body, offset, length)` — no per-cell `Buffer` slice — and builds
 * the row with one object (or array) literal, so every row of a shape shares one hidden class and
 * each column has its own call site for its decoder.
 *
 * What is generated is bounded: V8 keeps the source of generated functions in its compilation
 * cache after they are dropped, and the walker cache is bounded by bytes. Shapes too wide for a
 * small source (many columns, or long names) use one generic loop instead, which generates nothing;
 * so do all shapes where code generation from strings is disallowed (`generated-functions.ts`).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { int32At } from '../../binary/byte-reader';
import { DriverError, ProtocolDecodeError } from '../../errors';
import { compileFunction } from './generated-functions';
import type { ColumnSpec } from './rows-metadata';

/**
 * Decodes one non-null cell from `length` bytes of `buf` at `offset`. Never called for null cells
 * (they become `null`). The bytes are only valid during the call; keep a copy if needed.
 */
export type CellDecoder = (buf: Buffer, offset: number, length: number) => unknown;

/** A row as an object: column name → value. With duplicate column names the last column wins. */
export type RowObject = Record<string, unknown>;

/** A row as an array of values in column order. */
export type RowArray = unknown[];

type FailFn = (offset: number, row: number, column: number, origin: number) => never;
type TrailingFn = (left: number, rowCount: number) => void;

type RowsWalker = (
  buf: Buffer,
  offset: number,
  end: number,
  rowCount: number,
  decoders: readonly CellDecoder[],
  fail: FailFn,
  trailing: TrailingFn,
  /** Where the response body starts in `buf` (error offsets count from there). */
  origin: number,
) => unknown[];

/** Widest shape given a generated walker; wider rows are built by the generic loop. */
const MAX_GENERATED_COLUMNS = 128;
/** Most characters of column names in one generated walker (the names are in its source). */
const MAX_GENERATED_NAME_CHARS = 4096;
/**
 * Characters of cache keys and generated sources the walker cache holds before it is emptied.
 * Shapes are few per application (one per statement); the bound only protects against churn.
 */
const MAX_CACHED_CHARS = 1 << 20;
/** Generated source per column, roughly (for the byte count of the cache). */
const SOURCE_CHARS_PER_COLUMN = 240;

const walkers = new Map<string, RowsWalker>();
let cachedChars = 0;
/** The walker of a column list already seen (column lists are shared: see `column-spec-cache`). */
let walkersByColumns = new WeakMap<readonly ColumnSpec[], RowsWalker>();

/**
 * Builds `rowCount` rows as objects keyed by column name, reading cells from `body` starting at
 * `offset`.
 *
 * @param metadata supplies the column names: a Rows result's metadata, or — when the result was
 * requested with skip-metadata — the prepared statement's result metadata
 * @param decoders one decoder per column, in column order
 * @param end exclusive end of the readable region of `body` (a Rows result's `rowsEnd`)
 * @param origin where the response body starts in `body` (a Rows result's `bodyStart`): error
 * messages count offsets from there
 * @example
 * ```ts
 * const rows = materializeRowObjects(result.metadata, result.body, result.rowsOffset, result.rowCount,
 *   decoders, result.rowsEnd, result.bodyStart);
 * rows[0].name; // decoded by decoders[1] if `name` is the second column
 * ```
 * @throws ProtocolDecodeError when the cells run past `end` or stop before it; DriverError when the metadata has no
 * columns or the decoder count differs from the column count.
 */
export function materializeRowObjects(
  metadata: { readonly columns: readonly ColumnSpec[] | undefined },
  body: Buffer,
  offset: number,
  rowCount: number,
  decoders: readonly CellDecoder[],
  end: number = body.length,
  origin = 0,
): RowObject[] {
  const columns = metadata.columns;
  if (columns === undefined) {
    throw new DriverError(
      'the rows carry no column metadata (No_metadata); pass the prepared statement result metadata instead',
    );
  }
  checkArguments(body, offset, end, rowCount, columns.length, decoders);
  let walker = walkersByColumns.get(columns);
  if (walker === undefined) {
    walker = objectWalker(columns.map((c) => c.name));
    walkersByColumns.set(columns, walker);
  }
  return walker(body, offset, end, rowCount, decoders, failTruncated, failTrailing, origin) as RowObject[];
}

/**
 * Builds `rowCount` rows as arrays of values in column order, reading cells from `body` starting
 * at `offset`. Works with No_metadata results (only the column count is needed).
 *
 * @param decoders one decoder per column, in column order
 * @param end exclusive end of the readable region of `body` (a Rows result's `rowsEnd`)
 * @param origin where the response body starts in `body` (a Rows result's `bodyStart`)
 * @example
 * ```ts
 * const rows = materializeRowArrays(result.metadata, result.body, result.rowsOffset, result.rowCount,
 *   decoders, result.rowsEnd, result.bodyStart);
 * ```
 * @throws ProtocolDecodeError when the cells run past `end` or stop before it; DriverError when the decoder count
 * differs from the column count.
 */
export function materializeRowArrays(
  metadata: { readonly columnCount: number },
  body: Buffer,
  offset: number,
  rowCount: number,
  decoders: readonly CellDecoder[],
  end: number = body.length,
  origin = 0,
): RowArray[] {
  const n = metadata.columnCount;
  checkArguments(body, offset, end, rowCount, n, decoders);
  const walker = n > MAX_GENERATED_COLUMNS ? walkArrays : arrayWalker(n);
  return walker(body, offset, end, rowCount, decoders, failTruncated, failTrailing, origin) as RowArray[];
}

/**
 * Builds rows `[first, first + count)` of a rows region of `rowCount` rows, row `first` starting
 * at `offset` — a page decoded a few rows at a time (rows that are consumed soon after they are
 * built die young, instead of a whole page of rows outliving several garbage collections). After
 * the call, {@link rowChunkEnd}() is where row `first + count` starts. The chunk that ends the region
 * also checks that no bytes trail its last row; errors name rows by their index in the region.
 *
 * @internal
 */
export function materializeRowChunk(
  shape: 'object' | 'array',
  columns: readonly ColumnSpec[],
  body: Buffer,
  offset: number,
  end: number,
  first: number,
  count: number,
  rowCount: number,
  decoders: readonly CellDecoder[],
  origin = 0,
): unknown[] {
  checkArguments(body, offset, end, count, columns.length, decoders);
  if (!(first >= 0 && first + count <= rowCount)) {
    throw new DriverError(`rows [${first}, ${first + count}) are not within the ${rowCount} rows`);
  }
  let walker: RowsWalker;
  if (shape === 'array') {
    walker = columns.length > MAX_GENERATED_COLUMNS ? walkArrays : arrayWalker(columns.length);
  } else {
    let cached = walkersByColumns.get(columns);
    if (cached === undefined) {
      cached = objectWalker(columns.map((c) => c.name));
      walkersByColumns.set(columns, cached);
    }
    walker = cached;
  }
  const last = first + count === rowCount;
  rowBase = first;
  restLeft = 0;
  try {
    const rows = walker(
      body,
      offset,
      end,
      count,
      decoders,
      failTruncated,
      last ? failTrailing : noteRest,
      origin,
    );
    chunkEnd = end - restLeft;
    return rows;
  } finally {
    rowBase = 0;
  }
}

let chunkEnd = 0;

/** Where the row after the last chunk built by {@link materializeRowChunk} starts. @internal */
export function rowChunkEnd(): number {
  return chunkEnd;
}

/** Index in the region of a walker's row 0 (non-zero only while a chunk is built), for errors. */
let rowBase = 0;
/** Bytes after a chunk's last row (the rest of the region), noted instead of failing. */
let restLeft = 0;

function noteRest(left: number): void {
  restLeft = left;
}

/**
 * Empties the walker cache. Walkers are shared by every cluster of the process; the last cluster
 * to shut down lets them go.
 *
 * @internal
 */
export function clearRowWalkers(): void {
  walkers.clear();
  walkersByColumns = new WeakMap();
  cachedChars = 0;
}

/** Characters of keys and generated sources the walker cache holds (tests). @internal */
export function rowWalkerCacheChars(): number {
  return cachedChars;
}

function objectWalker(names: readonly string[]): RowsWalker {
  if (names.length > MAX_GENERATED_COLUMNS) return genericObjectWalker(names);
  let nameChars = 0;
  for (const name of names) nameChars += name.length;
  if (nameChars > MAX_GENERATED_NAME_CHARS) return genericObjectWalker(names);
  const key = `o${JSON.stringify(names)}`;
  return (
    walkers.get(key) ??
    cacheWalker(key, names.length, () => generateWalker(names.length, objectLiteral(names))) ??
    genericObjectWalker(names)
  );
}

function arrayWalker(n: number): RowsWalker {
  const key = `a${n}`;
  return walkers.get(key) ?? cacheWalker(key, n, () => generateWalker(n, arrayLiteral(n))) ?? walkArrays;
}

function checkArguments(
  body: Buffer,
  offset: number,
  end: number,
  rowCount: number,
  columnCount: number,
  decoders: readonly CellDecoder[],
): void {
  if (decoders.length !== columnCount) {
    throw new DriverError(`${decoders.length} cell decoders given for ${columnCount} columns`);
  }
  if (
    !Number.isInteger(offset) ||
    !Number.isInteger(end) ||
    offset < 0 ||
    end > body.length ||
    offset > end
  ) {
    throw new ProtocolDecodeError(`invalid rows region [${offset}, ${end}) over ${body.length} bytes`);
  }
  if (!Number.isInteger(rowCount) || rowCount < 0)
    throw new ProtocolDecodeError(`invalid row count ${rowCount}`);
  if (rowCount > 0 && (columnCount === 0 || rowCount * columnCount * 4 > end - offset)) {
    throw new ProtocolDecodeError(
      `${rowCount} rows of ${columnCount} cells cannot fit in the ${end - offset} bytes of the rows content`,
    );
  }
}

function failTruncated(offset: number, row: number, column: number, origin: number): never {
  throw new ProtocolDecodeError(
    `truncated rows content: cell ${column} of row ${rowBase + row} runs past offset ${offset - origin}`,
  );
}

function failTrailing(left: number, rowCount: number): never {
  throw new ProtocolDecodeError(
    `invalid rows content: ${left} bytes after the last cell of row ${rowBase + rowCount - 1}`,
  );
}

/** Generates and caches the walker of `key`; `undefined` where code generation is disallowed. */
function cacheWalker(
  key: string,
  columnCount: number,
  generate: () => RowsWalker | undefined,
): RowsWalker | undefined {
  const chars = 2 * key.length + columnCount * SOURCE_CHARS_PER_COLUMN;
  if (cachedChars + chars > MAX_CACHED_CHARS) {
    walkers.clear();
    cachedChars = 0;
  }
  const walker = generate();
  if (walker === undefined) return undefined;
  walkers.set(key, walker);
  cachedChars += chars;
  return walker;
}

/** `{ "name": v0, … }`; `__proto__` as a computed key so it stays an own property. */
function objectLiteral(names: readonly string[]): string {
  const entries = names.map((name, i) =>
    name === '__proto__' ? `[${JSON.stringify(name)}]: v${i}` : `${JSON.stringify(name)}: v${i}`,
  );
  return `{ ${entries.join(', ')} }`;
}

function arrayLiteral(n: number): string {
  return `[${Array.from({ length: n }, (_, i) => `v${i}`).join(', ')}]`;
}

/**
 * The walker of shapes too wide to generate code for: the same walk in a loop over the columns,
 * each row built by assignments (rows that wide are dictionaries in V8 anyway).
 */
function genericObjectWalker(names: readonly string[]): RowsWalker {
  const n = names.length;
  const protoAt = names.indexOf('__proto__');
  return (buf, offset, end, rowCount, decoders, fail, trailing, origin) => {
    const rows = new Array<RowObject>(rowCount);
    let o = offset;
    for (let r = 0; r < rowCount; r++) {
      const row: RowObject = {};
      for (let c = 0; c < n; c++) {
        const cell = readCell(buf, o, end, r, c, decoders, fail, origin);
        o = cellEnd;
        // `__proto__` stays an own property, as in a generated literal.
        if (protoAt >= 0 && names[c] === '__proto__') {
          Object.defineProperty(row, '__proto__', ownProperty(cell));
        } else {
          row[names[c] as string] = cell;
        }
      }
      rows[r] = row;
    }
    if (o !== end) trailing(end - o, rowCount);
    return rows;
  };
}

function ownProperty(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/** The array walker of rows too wide to generate code for. */
const walkArrays: RowsWalker = (buf, offset, end, rowCount, decoders, fail, trailing, origin) => {
  const n = decoders.length;
  const rows = new Array<RowArray>(rowCount);
  let o = offset;
  for (let r = 0; r < rowCount; r++) {
    const row = new Array<unknown>(n);
    for (let c = 0; c < n; c++) {
      row[c] = readCell(buf, o, end, r, c, decoders, fail, origin);
      o = cellEnd;
    }
    rows[r] = row;
  }
  if (o !== end) trailing(end - o, rowCount);
  return rows;
};

/** Where the cell read by the last {@link readCell} ends (a module slot: no tuple per cell). */
let cellEnd = 0;

/** Reads the cell at `o`: its decoded value (`null` for a null cell); sets {@link cellEnd}. */
function readCell(
  buf: Buffer,
  o: number,
  end: number,
  r: number,
  c: number,
  decoders: readonly CellDecoder[],
  fail: FailFn,
  origin: number,
): unknown {
  if (o + 4 > end) fail(o, r, c, origin);
  const len = int32At(buf, o);
  o += 4;
  if (len < 0) {
    cellEnd = o;
    return null;
  }
  if (o + len > end) fail(o, r, c, origin);
  cellEnd = o + len;
  return (decoders[c] as CellDecoder)(buf, o, len);
}

/**
 * Generates the walker for `n` columns building each row with `rowExpression` (over `v0…v{n-1}`),
 * or `undefined` where code generation is disallowed. Only numbers and JSON-quoted column names
 * are interpolated into the source.
 */
function generateWalker(n: number, rowExpression: string): RowsWalker | undefined {
  const lines: string[] = [];
  for (let c = 0; c < n; c++) lines.push(`const d${c} = decoders[${c}];`);
  lines.push('const rows = new Array(rowCount);');
  lines.push('let o = offset;');
  lines.push('let len = 0;');
  lines.push('for (let r = 0; r < rowCount; r++) {');
  for (let c = 0; c < n; c++) {
    lines.push(
      `  if (o + 4 > end) fail(o, r, ${c}, origin);`,
      '  len = (buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3];',
      '  o += 4;',
      `  let v${c} = null;`,
      '  if (len >= 0) {',
      `    if (o + len > end) fail(o, r, ${c}, origin);`,
      `    v${c} = d${c}(buf, o, len);`,
      '    o += len;',
      '  }',
    );
  }
  lines.push(`  rows[r] = ${rowExpression};`);
  lines.push('}');
  lines.push('if (o !== end) trailing(end - o, rowCount);');
  lines.push('return rows;');
  return compileFunction<RowsWalker>(
    ['buf', 'offset', 'end', 'rowCount', 'decoders', 'fail', 'trailing', 'origin'],
    lines.join('\n'),
  );
}
