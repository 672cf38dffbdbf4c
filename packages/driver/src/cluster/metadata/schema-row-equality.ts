/**
 * Structural equality of decoded schema rows, to tell whether a refreshed element changed.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';

/**
 * Whether two decoded values are equal: primitives by value, arrays and `Map`s element by element
 * (maps in order, as the server returns them sorted), byte arrays by content, other objects (`Uuid`,
 * `Long`, …) by their `toString()` when of the same class, plain objects key by key.
 *
 * @example
 * ```ts
 * valuesEqual(new Map([['a', '1']]), new Map([['a', '1']])); // true
 * ```
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]))
    );
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    const right = [...(b as Map<unknown, unknown>)];
    return [...(a as Map<unknown, unknown>)].every(([k, v], i) => {
      const entry = right[i];
      return entry !== undefined && valuesEqual(k, entry[0]) && valuesEqual(v, entry[1]);
    });
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Object.getPrototypeOf(a) === Object.prototype)
    return recordsEqual(a as Record<string, unknown>, b as Record<string, unknown>);
  return String(a) === String(b);
}

/** Whether two rows (or plain objects) have the same keys with equal values. */
export function recordsEqual(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valuesEqual(a[k], b[k]))
  );
}

/** Whether two lists of rows are equal row by row. */
export function rowListsEqual(
  a: readonly Readonly<Record<string, unknown>>[],
  b: readonly Readonly<Record<string, unknown>>[],
): boolean {
  return a === b || (a.length === b.length && a.every((row, i) => recordsEqual(row, b[i] ?? {})));
}
