/**
 * CQL types for the bind values of unprepared statements, where the server does not say.
 *
 * @packageDocumentation
 */
import Long from 'long';
import type { DataType } from './data-type';
import { parseTypeString, type UdtResolver } from './type-string';
import { describeValue, ValueEncodingError } from './value-encoding-error';
import { BigDecimal } from './values/big-decimal';
import { Duration } from './values/duration';
import { InetAddress } from './values/inet-address';
import { LocalDate } from './values/local-date';
import { LocalTime } from './values/local-time';
import { TimeUuid } from './values/time-uuid';
import { Tuple } from './values/tuple';
import { Uuid } from './values/uuid';

/**
 * A type hint for one bind value: a {@link DataType} or CQL type text such as `'int'` or
 * `'map<text, frozen<list<int>>>'`.
 */
export type TypeHint = DataType | string;

/** Stand-in element type for empty or all-null collections: every type encodes them identically. */
const ANY: DataType = { kind: 'blob' };

/**
 * Chooses the CQL type used to encode `value` in an unprepared statement.
 *
 * | JavaScript value | CQL type |
 * |---|---|
 * | number | `double` (as the DataStax Node.js driver does: a JS number is a double, and an integer-valued one may target any numeric column; pass a hint such as `'int'` otherwise) |
 * | bigint, Long | `bigint` |
 * | string | `text` |
 * | boolean | `boolean` |
 * | Date | `timestamp` |
 * | Buffer, Uint8Array | `blob` |
 * | Uuid / TimeUuid | `uuid` / `timeuuid` |
 * | LocalDate, LocalTime, Duration, InetAddress, BigDecimal | `date`, `time`, `duration`, `inet`, `decimal` |
 * | Float32Array | `vector<float, length>` |
 * | array, Set | `list` / `set` of the first non-null element's type |
 * | Map | `map` of the first entry's key type and first non-null value's type |
 * | Tuple | `tuple` of its components' types |
 * | null, undefined | `blob` (a null needs no type) |
 *
 * Empty or all-null collections get `blob` elements, which encode the same as any other.
 *
 * @example
 * ```ts
 * inferDataType(42); // { kind: 'double' }
 * inferDataType(42, 'int'); // { kind: 'int' }
 * inferDataType(new Map([['a', [1n]]])); // map<text, list<bigint>>
 * ```
 * @throws ValueEncodingError for values with no CQL counterpart (plain objects, functions…),
 * suggesting a hint or a prepared statement.
 */
export function inferDataType(value: unknown, hint?: TypeHint, resolveUdt?: UdtResolver): DataType {
  return hint !== undefined ? resolveTypeHint(hint, resolveUdt) : infer(value);
}

/**
 * A hint as a {@link DataType}: type text is parsed with {@link parseTypeString}.
 *
 * @example
 * ```ts
 * resolveTypeHint('set<int>'); // { kind: 'set', element: { kind: 'int' } }
 * ```
 */
export function resolveTypeHint(hint: TypeHint, resolveUdt?: UdtResolver): DataType {
  return typeof hint === 'string' ? parseTypeString(hint, resolveUdt) : hint;
}

/**
 * Whether the JavaScript value alone settles the CQL type it binds as in an unprepared statement.
 * Not for a `number` (an `int`, `bigint`, `smallint`, `tinyint`, `varint`, `float`, `double`,
 * `decimal` or `counter` column each want different bytes) nor for values whose type cannot be
 * inferred (a plain object for a UDT), anywhere inside lists, sets, maps and tuples. The session
 * learns those types from the server (a PREPARE) instead of guessing.
 *
 * @example
 * ```ts
 * settlesCqlType('Ann'); // true (text)
 * settlesCqlType(42); // false: int? bigint? double?
 * settlesCqlType(new Map([['a', [1]]])); // false
 * ```
 * @internal
 */
export function settlesCqlType(value: unknown): boolean {
  switch (typeof value) {
    case 'number':
      return false;
    case 'object':
      return value === null || settledObject(value);
    case 'function':
    case 'symbol':
      return false;
    default:
      return true;
  }
}

function settledObject(value: object): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (!settlesCqlType(item)) return false;
    return true;
  }
  if (value instanceof Set) {
    for (const item of value) if (!settlesCqlType(item)) return false;
    return true;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) if (!settlesCqlType(k) || !settlesCqlType(v)) return false;
    return true;
  }
  if (value instanceof Tuple) return value.values.every(settlesCqlType);
  try {
    inferObject(value);
    return true;
  } catch {
    return false; // no inferable type (a UDT value as a plain object…): the server knows it
  }
}

function infer(value: unknown): DataType {
  switch (typeof value) {
    case 'undefined':
      return ANY;
    case 'number':
      return { kind: 'double' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'string':
      return { kind: 'text' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'object':
      return value === null ? ANY : inferObject(value);
    default:
      throw notInferable(value);
  }
}

function inferObject(value: object): DataType {
  if (value instanceof Date) return { kind: 'timestamp' };
  if (Long.isLong(value)) return { kind: 'bigint' };
  if (value instanceof TimeUuid) return { kind: 'timeuuid' };
  if (value instanceof Uuid) return { kind: 'uuid' };
  if (value instanceof LocalDate) return { kind: 'date' };
  if (value instanceof LocalTime) return { kind: 'time' };
  if (value instanceof Duration) return { kind: 'duration' };
  if (value instanceof InetAddress) return { kind: 'inet' };
  if (value instanceof BigDecimal) return { kind: 'decimal' };
  if (value instanceof Float32Array)
    return { kind: 'vector', element: { kind: 'float' }, dimension: value.length };
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return { kind: 'blob' };
  if (Array.isArray(value)) return { kind: 'list', element: inferElement(value) };
  if (value instanceof Set) return { kind: 'set', element: inferElement(value) };
  if (value instanceof Tuple) {
    return {
      kind: 'tuple',
      elements: value.values.map((v, i) =>
        withPath(
          () => infer(v),
          (e) => e.atIndex(i),
        ),
      ),
    };
  }
  if (value instanceof Map) return inferMap(value);
  throw notInferable(value);
}

/** The type of the first non-null element of a list or set. */
function inferElement(items: Iterable<unknown>): DataType {
  let index = 0;
  for (const item of items) {
    if (item !== null && item !== undefined)
      return withPath(
        () => infer(item),
        (e) => e.atIndex(index),
      );
    index++;
  }
  return ANY;
}

function inferMap(map: Map<unknown, unknown>): DataType {
  let key: DataType = ANY;
  let value: DataType = ANY;
  let index = 0;
  for (const [k, v] of map) {
    if (key === ANY && k !== null && k !== undefined)
      key = withPath(
        () => infer(k),
        (e) => e.atMapKey(index),
      );
    if (value === ANY && v !== null && v !== undefined)
      value = withPath(
        () => infer(v),
        (e) => e.atMapValue(k),
      );
    if (key !== ANY && value !== ANY) break;
    index++;
  }
  return { kind: 'map', key, value };
}

function withPath(fn: () => DataType, locate: (e: ValueEncodingError) => ValueEncodingError): DataType {
  try {
    return fn();
  } catch (e) {
    throw e instanceof ValueEncodingError ? locate(e) : e;
  }
}

function notInferable(value: unknown): ValueEncodingError {
  return new ValueEncodingError('a value with an inferable CQL type', describeValue(value), {
    reason:
      'its CQL type cannot be inferred; pass a type hint (e.g. "int" or "frozen<address>") or use a prepared statement',
  });
}
