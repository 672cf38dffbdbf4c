/**
 * Reuse of decoded column specifications. On protocol v3/v4 every Rows response repeats its full
 * result metadata; parsing it again allocates a string per keyspace, table and column name and a
 * type object per column, and the fresh objects defeat every cache keyed on them downstream (cell
 * decoders, row walkers). A column-spec section is self-delimiting, so when the bytes at the read
 * position equal a section decoded before (same count, same global-table-spec flag), decoding
 * them again would consume exactly those bytes and produce equal specs: the earlier, frozen
 * result is returned instead.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import type { DataType } from '../../types/data-type';
import type { ByteReader } from '../../binary/byte-reader';
import type { ColumnSpec } from './rows-metadata';

/** A decoded section and the bytes it was decoded from. */
interface CachedSection {
  readonly bytes: Buffer;
  readonly columns: readonly ColumnSpec[];
  readonly globalTableSpec: boolean;
}

/** Sections kept before the cache is emptied (applications have a few per statement). */
const MAX_SECTIONS = 1024;
/**
 * Bytes of sections kept before the cache is emptied. Each section also keeps its decoded specs,
 * whose names weigh about as much again (twice, as UTF-16).
 */
const MAX_CACHED_BYTES = 2 << 20;
/** Sections larger than this are decoded every time rather than kept (very wide results). */
const MAX_SECTION_BYTES = 64 << 10;
/** Sections kept per key; the least recently used goes first. */
const MAX_PER_KEY = 16;
/** Bytes of the section hashed into the key (fewer when the section can be shorter). */
const KEY_BYTES = 16;

const sections = new Map<number, CachedSection[]>();
let sectionCount = 0;
let cachedBytes = 0;
/**
 * The section matched or stored last, tried first without hashing: the answers of one statement
 * usually follow each other. A miss only costs the comparison up to the first differing byte.
 */
let lastHit: CachedSection | undefined;

/**
 * The cache key: count, flag and a hash of the first bytes the section surely has (the smallest
 * possible section of `count` specs), so equal sections always get equal keys.
 */
function keyOf(reader: ByteReader, count: number, globalTableSpec: boolean, minBytes: number): number {
  const buf = reader.buf;
  const start = reader.offset;
  const end = start + Math.min(KEY_BYTES, minBytes);
  let h = Math.imul(count, 0x9e3779b1) ^ (globalTableSpec ? 0x5bd1e995 : 0);
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h;
}

/** Whether `entry` is the section at the reader's position (`available` bytes left there). */
function matches(
  entry: CachedSection,
  buf: Buffer,
  offset: number,
  available: number,
  count: number,
  globalTableSpec: boolean,
): boolean {
  return (
    entry.bytes.length <= available &&
    entry.columns.length === count &&
    entry.globalTableSpec === globalTableSpec &&
    sameBytes(buf, offset, entry.bytes)
  );
}

function sameBytes(buf: Buffer, offset: number, cached: Buffer): boolean {
  const n = cached.length;
  if (n > 64) return buf.compare(cached, 0, n, offset, offset + n) === 0;
  // Four bytes per iteration: a third faster than one on Node 20 for the usual 40–64-byte sections.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = offset + i;
    if (
      buf[o] !== cached[i] ||
      buf[o + 1] !== cached[i + 1] ||
      buf[o + 2] !== cached[i + 2] ||
      buf[o + 3] !== cached[i + 3]
    ) {
      return false;
    }
  }
  for (; i < n; i++) if (buf[offset + i] !== cached[i]) return false;
  return true;
}

/**
 * Returns the specs of an earlier identical section and moves the reader past it, or `undefined`
 * (reader untouched) when none matches.
 *
 * @param minBytes the smallest size a section of `count` specs can have
 * @internal
 */
export function takeCachedColumnSpecs(
  reader: ByteReader,
  count: number,
  globalTableSpec: boolean,
  minBytes: number,
): readonly ColumnSpec[] | undefined {
  const buf = reader.buf;
  const offset = reader.offset;
  const available = reader.end - offset;
  const last = lastHit;
  if (last !== undefined && matches(last, buf, offset, available, count, globalTableSpec)) {
    reader.offset = offset + last.bytes.length;
    return last.columns;
  }
  const list = sections.get(keyOf(reader, count, globalTableSpec, minBytes));
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as CachedSection;
    if (entry === last || !matches(entry, buf, offset, available, count, globalTableSpec)) continue;
    if (i > 0) {
      list.splice(i, 1);
      list.unshift(entry);
    }
    lastHit = entry;
    reader.offset = offset + entry.bytes.length;
    return entry.columns;
  }
  return undefined;
}

/**
 * Remembers the section that started at `start` and was decoded into `columns` (the reader is at
 * its end). Freezes the specs: they are shared by every later response with the same section.
 *
 * @internal
 */
export function cacheColumnSpecs(
  reader: ByteReader,
  start: number,
  columns: ColumnSpec[],
  globalTableSpec: boolean,
  minBytes: number,
): readonly ColumnSpec[] {
  const end = reader.offset;
  reader.offset = start;
  const key = keyOf(reader, columns.length, globalTableSpec, minBytes);
  reader.offset = end;
  for (const column of columns) {
    deepFreeze(column.type);
    Object.freeze(column);
  }
  const frozen = Object.freeze(columns);
  const size = end - start;
  if (size > MAX_SECTION_BYTES) return frozen;
  if (sectionCount >= MAX_SECTIONS || cachedBytes + size > MAX_CACHED_BYTES) clearColumnSpecCache();
  let list = sections.get(key);
  if (list === undefined) {
    list = [];
    sections.set(key, list);
  }
  const entry: CachedSection = {
    bytes: Buffer.from(reader.buf.subarray(start, end)),
    columns: frozen,
    globalTableSpec,
  };
  list.unshift(entry);
  lastHit = entry;
  sectionCount++;
  cachedBytes += size;
  if (list.length > MAX_PER_KEY) {
    cachedBytes -= (list.pop() as CachedSection).bytes.length;
    sectionCount--;
  }
  return frozen;
}

function deepFreeze(type: DataType): void {
  if (Object.isFrozen(type)) return;
  Object.freeze(type);
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'vector':
      deepFreeze(type.element);
      break;
    case 'map':
      deepFreeze(type.key);
      deepFreeze(type.value);
      break;
    case 'tuple':
      Object.freeze(type.elements);
      type.elements.forEach(deepFreeze);
      break;
    case 'udt':
      Object.freeze(type.fields);
      for (const field of type.fields) {
        Object.freeze(field);
        deepFreeze(field.type);
      }
      break;
    default:
      break;
  }
}

/**
 * Empties the cache. Sections are shared by every cluster of the process; the last cluster to
 * shut down lets them go.
 *
 * @internal
 */
export function clearColumnSpecCache(): void {
  sections.clear();
  sectionCount = 0;
  cachedBytes = 0;
  lastHit = undefined;
}

/** Bytes of sections the cache holds (tests). @internal */
export function columnSpecCacheBytes(): number {
  return cachedBytes;
}
