import { Buffer } from 'node:buffer';
import { DriverError, type DriverErrorCode } from '../errors';
import { unset } from './unset';

/**
 * A JavaScript value that does not fit the CQL type it is being encoded as, raised before
 * anything is sent. Like every cqlkit error it is a `DriverError` (it was a `TypeError` before:
 * one `catch` now recognises every cqlkit error). The message names the expected CQL type and
 * what was received; {@link ValueEncodingError.withColumn}, {@link ValueEncodingError.withProperty}
 * and the nested-path helpers say where.
 *
 * @example
 * ```ts
 * try {
 *   codecFor({ kind: 'int' }).encode('abc');
 * } catch (e) {
 *   if (e instanceof ValueEncodingError) {
 *     throw e.withColumn('age'); // Invalid value for column "age": expected int (32-bit signed integer), got string "abc"
 *   }
 * }
 * ```
 */
export class ValueEncodingError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_VALUE_ENCODING';
  /** CQL text of the type the offending value was encoded as (the innermost one for nested values). */
  readonly expectedType: string;
  /** Short description of the offending value, e.g. `string "abc"`. */
  readonly received: string;
  /** Why the value does not fit, when not obvious from the types (e.g. `out of range`). */
  readonly reason: string | undefined;
  /** Human description of the expected type, e.g. `int (32-bit signed integer)`. */
  readonly expectedDescription: string;
  /** The column or bind marker name attached with {@link ValueEncodingError.withColumn}. */
  readonly column: string | undefined;
  /** Where inside the value the offending part sits, e.g. `[3]`, `.city` or `[2].tags[0]`. */
  readonly nestedPath: string;
  /**
   * The entity property mapped to the column (`Order.orderedAt`), attached by the mapper with
   * {@link ValueEncodingError.withProperty}.
   */
  readonly property: string | undefined;

  constructor(
    expectedType: string,
    received: string,
    options: {
      readonly expectedDescription?: string;
      readonly reason?: string;
      readonly column?: string;
      readonly nestedPath?: string;
      readonly property?: string;
    } = {},
  ) {
    const expectedDescription = options.expectedDescription ?? expectedType;
    const nestedPath = options.nestedPath ?? '';
    super(
      buildMessage(
        expectedDescription,
        received,
        options.reason,
        options.column,
        nestedPath,
        options.property,
      ),
    );
    this.expectedType = expectedType;
    this.received = received;
    this.reason = options.reason;
    this.expectedDescription = expectedDescription;
    this.column = options.column;
    this.nestedPath = nestedPath;
    this.property = options.property;
  }

  /**
   * The full location of the offending value: column name followed by the nested path
   * (`tags[3]`, `address.city`), or the nested path alone, or `undefined` for a top-level value
   * without a column.
   */
  get path(): string | undefined {
    const full = (this.column ?? '') + this.nestedPath;
    return full === '' ? undefined : full;
  }

  /**
   * The same error attributed to a column (or named bind marker).
   *
   * @example
   * ```ts
   * err.withColumn('age').message; // 'Invalid value for column "age": expected int …'
   * ```
   */
  withColumn(name: string): ValueEncodingError {
    return this.copy({ column: name });
  }

  /**
   * The same error attributed to the entity property mapped to its column (the mapper does this),
   * so the message names both.
   *
   * @example
   * ```ts
   * err.withProperty('Order.orderedAt').message;
   * // 'Invalid value for Order.orderedAt (column "ordered_at"): expected timestamp …'
   * ```
   */
  withProperty(property: string): ValueEncodingError {
    return this.copy({ property });
  }

  /** The same error located one level deeper: inside element `index` of a list, set, tuple or vector. */
  atIndex(index: number): ValueEncodingError {
    return this.copy({ nestedPath: `[${index}]${this.nestedPath}` });
  }

  /** The same error located inside field `name` of a user-defined type. */
  atField(name: string): ValueEncodingError {
    return this.copy({ nestedPath: `.${name}${this.nestedPath}` });
  }

  /** The same error located in the value stored under `key` in a map. */
  atMapValue(key: unknown): ValueEncodingError {
    const shown = typeof key === 'string' ? JSON.stringify(key) : describeMapKey(key);
    return this.copy({ nestedPath: `[${shown}]${this.nestedPath}` });
  }

  /** The same error located in the key of the map entry at position `index`. */
  atMapKey(index: number): ValueEncodingError {
    return this.copy({ nestedPath: `{key #${index}}${this.nestedPath}` });
  }

  private copy(change: { column?: string; nestedPath?: string; property?: string }): ValueEncodingError {
    const err = new ValueEncodingError(this.expectedType, this.received, {
      expectedDescription: this.expectedDescription,
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.column !== undefined ? { column: this.column } : {}),
      ...(this.property !== undefined ? { property: this.property } : {}),
      nestedPath: this.nestedPath,
      ...change,
    });
    return err;
  }
}

function buildMessage(
  expected: string,
  received: string,
  reason: string | undefined,
  column: string | undefined,
  nestedPath: string,
  property: string | undefined,
): string {
  const core = `expected ${expected}, got ${received}${reason !== undefined ? `: ${reason}` : ''}`;
  if (property !== undefined) {
    const where = column === undefined ? '' : ` (column "${column}")`;
    return nestedPath === ''
      ? `Invalid value for ${property}${where}: ${core}`
      : `Invalid value for ${property}${where} at ${property}${nestedPath}: ${core}`;
  }
  if (column !== undefined) {
    return nestedPath === ''
      ? `Invalid value for column "${column}": ${core}`
      : `Invalid value for column "${column}" at ${column}${nestedPath}: ${core}`;
  }
  return nestedPath === '' ? core : `Invalid value at ${nestedPath}: ${core}`;
}

function describeMapKey(key: unknown): string {
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') return String(key);
  return describeValue(key);
}

const MAX_SHOWN = 40;

/**
 * A short description of any JavaScript value for error messages: its type and, for scalars, a
 * truncated rendering (`string "abc"`, `number 3.5`, `array(3)`, `Map(2)`, `object Point`).
 *
 * @example
 * ```ts
 * describeValue('abc'); // 'string "abc"'
 * describeValue([1, 2]); // 'array(2)'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === unset) return 'unset';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string': {
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
      return `string ${JSON.stringify(shown)}${value.length > MAX_SHOWN ? ` (${value.length} chars)` : ''}`;
    }
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value}n`;
    case 'symbol':
      return `symbol ${value.description ?? ''}`.trimEnd();
    case 'function':
      return 'function';
    default:
      return describeObject(value);
  }
}

function describeObject(value: object): string {
  if (Array.isArray(value)) return `array(${value.length})`;
  if (Buffer.isBuffer(value)) return `Buffer(${value.length} bytes)`;
  if (value instanceof Date)
    return `Date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (ArrayBuffer.isView(value)) {
    const length = (value as { length?: number }).length ?? value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const ctorName =
    proto === null || proto === Object.prototype
      ? undefined
      : (value as { constructor?: { name?: string } }).constructor?.name;
  if (ctorName === undefined || ctorName === '') return 'object';
  const text = hasOwnToString(value) ? String(value) : '';
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return shown === '' ? `object ${ctorName}` : `${ctorName} ${shown}`;
}

function hasOwnToString(value: object): boolean {
  const toString = (value as { toString?: unknown }).toString;
  return typeof toString === 'function' && toString !== Object.prototype.toString;
}
