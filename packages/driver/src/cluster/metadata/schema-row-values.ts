/**
 * Typed reads of schema-row values, failing with a {@link SchemaRowError} that names the row.
 *
 * @packageDocumentation
 */
import type { SchemaRow } from './schema-rows';
import { SchemaRowError } from './schema-row-error';

/** A schema row and a description of it for error messages (`table shop.orders`). */
export interface RowRef {
  /** The row. */
  readonly row: SchemaRow;
  /** What the row describes, for error messages. */
  readonly what: string;
}

function fail(ref: RowRef, column: string, expected: string): never {
  const value = ref.row[column];
  const shown = value === undefined ? 'no such column' : `got ${describe(value)}`;
  throw new SchemaRowError(`${ref.what}: column "${column}" should be ${expected} (${shown})`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Map) return 'a Map';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Whether the row has the column at all (servers differ in which columns they have). */
export function hasColumn(ref: RowRef, column: string): boolean {
  return Object.prototype.hasOwnProperty.call(ref.row, column);
}

/** A `text` column that must be set. */
export function requiredText(ref: RowRef, column: string): string {
  const value = ref.row[column];
  if (typeof value !== 'string') fail(ref, column, 'text');
  return value;
}

/** A `text` column, `undefined` when null or absent. */
export function optionalText(ref: RowRef, column: string): string | undefined {
  const value = ref.row[column];
  if (value == null) return undefined;
  if (typeof value !== 'string') fail(ref, column, 'text');
  return value;
}

/** A `boolean` column, `undefined` when null or absent. */
export function optionalBoolean(ref: RowRef, column: string): boolean | undefined {
  const value = ref.row[column];
  if (value == null) return undefined;
  if (typeof value !== 'boolean') fail(ref, column, 'a boolean');
  return value;
}

/** An `int` or `double` column, `undefined` when null or absent. */
export function optionalNumber(ref: RowRef, column: string): number | undefined {
  const value = ref.row[column];
  if (value == null) return undefined;
  if (typeof value !== 'number') fail(ref, column, 'a number');
  return value;
}

/** A `map<text, text>` column as a frozen record (empty when null), entries in the row's order. */
export function textMap(ref: RowRef, column: string): Readonly<Record<string, string>> {
  const value = ref.row[column];
  if (value == null) return EMPTY_RECORD;
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : undefined;
  if (entries === undefined || !entries.every(([k, v]) => typeof k === 'string' && typeof v === 'string')) {
    fail(ref, column, 'a map<text, text>');
  }
  return Object.freeze(Object.fromEntries(entries) as Record<string, string>);
}

/** A `map<text, blob>` column (empty when null). */
export function blobMap(ref: RowRef, column: string): ReadonlyMap<string, Uint8Array> {
  const value = ref.row[column];
  if (value == null) return EMPTY_BLOB_MAP;
  const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : undefined;
  if (entries === undefined || !entries.every(([k, v]) => typeof k === 'string' && v instanceof Uint8Array)) {
    fail(ref, column, 'a map<text, blob>');
  }
  return new Map(entries as [string, Uint8Array][]);
}

/** A `list<text>` or `set<text>` column (empty when null). */
export function textList(ref: RowRef, column: string): readonly string[] {
  const value = ref.row[column];
  if (value == null) return EMPTY_LIST;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(ref, column, 'a list<text>');
  return Object.freeze([...(value as string[])]);
}

/** A `list<text>` whose elements may be null (`column_masks.function_argument_values`). */
export function nullableTextList(ref: RowRef, column: string): readonly (string | null)[] {
  const value = ref.row[column];
  if (value == null) return EMPTY_LIST;
  if (!Array.isArray(value) || !value.every((v) => v === null || typeof v === 'string')) {
    fail(ref, column, 'a list<text>');
  }
  return Object.freeze([...(value as (string | null)[])]);
}

/** A `uuid` column as its canonical text, `undefined` when null or absent. */
export function optionalUuidText(ref: RowRef, column: string): string | undefined {
  const value = ref.row[column];
  if (value == null) return undefined;
  if (typeof value !== 'object' && typeof value !== 'string') fail(ref, column, 'a uuid');
  return String(value);
}

const EMPTY_RECORD: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY_BLOB_MAP: ReadonlyMap<string, Uint8Array> = new Map();
const EMPTY_LIST: readonly never[] = Object.freeze([]);
