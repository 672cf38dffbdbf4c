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
    x = upperUnit(x);
    y = upperUnit(y);
    if (x === y) continue;
    x = lowerUnit(x);
    y = lowerUnit(y);
    if (x !== y) return x - y;
  }
  return a.length - b.length;
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
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
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
