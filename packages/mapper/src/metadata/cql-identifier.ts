/**
 * Writing CQL identifiers safely: quoted when they would not survive unquoted (upper case,
 * punctuation, reserved words).
 *
 * @packageDocumentation
 */

/** CQL reserved words (quoted when used as names). */
const RESERVED = new Set(
  (
    'add aggregate all allow alter and apply asc authorize batch begin between by columnfamily create default ' +
    'delete desc describe drop entries execute from full grant if in index infinity insert into is keyspace ' +
    'like limit materialized mbean mbeans modify nan norecursive not null of on or order primary rename ' +
    'replace revoke schema select set table to token truncate unlogged unset update use using view where with'
  ).split(' '),
);

const PLAIN = /^[a-z][a-z0-9_]*$/;

/**
 * The identifier as CQL text: as it is when lower-case and not reserved, otherwise in double
 * quotes (inner quotes doubled).
 *
 * @example
 * ```ts
 * cqlIdentifier('user_id'); // 'user_id'
 * cqlIdentifier('order');   // '"order"'
 * cqlIdentifier('userId');  // '"userId"'
 * ```
 */
export function cqlIdentifier(name: string): string {
  return PLAIN.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * `keyspace.name`, each part quoted as needed.
 *
 * @example
 * ```ts
 * qualifiedName('shop', 'users'); // 'shop.users'
 * ```
 */
export function qualifiedName(keyspace: string, name: string): string {
  return `${cqlIdentifier(keyspace)}.${cqlIdentifier(name)}`;
}
