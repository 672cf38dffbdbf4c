/**
 * CQL literals in the spelling Cassandra's DESCRIBE uses: single-quoted strings, Java-formatted
 * doubles, option maps with sorted keys.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';

/**
 * A single-quoted CQL string literal, inner quotes doubled.
 *
 * @example
 * ```ts
 * cqlString("it's"); // "'it''s'"
 * ```
 */
export function cqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A number the way Java's `Double.toString` writes it (DESCRIBE prints table options such as
 * `bloom_filter_fp_chance` with it): at least one fractional digit, scientific notation with `E`
 * outside [10⁻³, 10⁷).
 *
 * @example
 * ```ts
 * javaDouble(1);      // '1.0'
 * javaDouble(0.01);   // '0.01'
 * javaDouble(0.0001); // '1.0E-4'
 * javaDouble(1e7);    // '1.0E7'
 * ```
 */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    // JavaScript writes this range without an exponent, with the shortest round-trip digits.
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.replace('+', '')}`;
}

/**
 * A `{'key': 'value', …}` map literal with keys sorted (Java `TreeMap` order, i.e. UTF-16 code
 * units), as DESCRIBE writes `caching`, `compaction`, `compression` and index options.
 *
 * @example
 * ```ts
 * cqlTextMap({ rows_per_partition: 'NONE', keys: 'ALL' }); // "{'keys': 'ALL', 'rows_per_partition': 'NONE'}"
 * ```
 */
export function cqlTextMap(map: Readonly<Record<string, string>>): string {
  return cqlMap(Object.entries(map), cqlString);
}

/**
 * A `{'key': 0x…}` map literal with keys sorted, as DESCRIBE writes table `extensions`.
 *
 * @example
 * ```ts
 * cqlBlobMap(new Map([['b', Buffer.from([1, 2])]])); // "{'b': 0x0102}"
 * ```
 */
export function cqlBlobMap(map: ReadonlyMap<string, Uint8Array>): string {
  return cqlMap(
    [...map],
    (bytes) => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`,
  );
}

function cqlMap<V>(entries: readonly (readonly [string, V])[], value: (v: V) => string): string {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${cqlString(k)}: ${value(v)}`).join(', ')}}`;
}
