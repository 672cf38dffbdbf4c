/**
 * The orderings DESCRIBE lists schema elements in.
 *
 * @packageDocumentation
 */

/**
 * Java's `String.compareToIgnoreCase`: UTF-16 code units compared after upper-casing, then
 * lower-casing, each one. DESCRIBE sorts keyspaces, tables, indexes, views, functions and
 * aggregates by name this way.
 *
 * @example
 * ```ts
 * ['b', 'Users', 'a'].sort(compareIgnoreCase); // ['a', 'b', 'Users']
 * ```
 */
export function compareIgnoreCase(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0x80 && y < 0x80) {
      // ASCII fast path: lower-casing decides.
      const diff = asciiLower(x) - asciiLower(y);
      if (diff !== 0) return diff;
      continue;
    }
    x = upperUnit(x);
    y = upperUnit(y);
    if (x === y) continue;
    x = lowerUnit(x);
    y = lowerUnit(y);
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

function asciiLower(unit: number): number {
  return unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit;
}

/** `Character.toUpperCase(char)`: a one-unit mapping, or the unit itself. */
function upperUnit(unit: number): number {
  const upper = String.fromCharCode(unit).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : unit;
}

/** `Character.toLowerCase(char)`: a one-unit mapping, or the unit itself. */
function lowerUnit(unit: number): number {
  const lower = String.fromCharCode(unit).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : unit;
}

/**
 * Compares strings by their UTF-8 bytes, unsigned: how Cassandra orders column names (and the
 * user types DESCRIBE starts its dependency walk from).
 *
 * @example
 * ```ts
 * ['b', 'Z', 'a'].sort(compareUtf8); // ['Z', 'a', 'b']
 * ```
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order is code point (= UTF-8) order, except that a surrogate (a code point above
    // U+FFFF) sorts below U+E000–U+FFFF in UTF-16 but above them in UTF-8.
    const xSurrogate = isSurrogate(x);
    if (xSurrogate !== isSurrogate(y)) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * Sorts by name ignoring case ({@link compareIgnoreCase}), ties by exact UTF-8 order so the result
 * does not depend on the input order.
 */
export function byNameIgnoringCase<T>(items: Iterable<T>, nameOf: (item: T) => string): T[] {
  return [...items].sort((x, y) => {
    const a = nameOf(x);
    const b = nameOf(y);
    return compareIgnoreCase(a, b) || compareUtf8(a, b);
  });
}
