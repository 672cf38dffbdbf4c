/**
 * CQL identifiers as DESCRIBE writes them: quoted only when they would not survive unquoted.
 *
 * @packageDocumentation
 */

const UNQUOTED_IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/**
 * The keywords Cassandra 5.0 reserves (`reserved_keywords.txt`): an identifier spelled like one
 * must be quoted even though it is lower case.
 */
const RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'add',
  'allow',
  'alter',
  'and',
  'apply',
  'asc',
  'authorize',
  'batch',
  'begin',
  'by',
  'columnfamily',
  'create',
  'delete',
  'desc',
  'describe',
  'drop',
  'entries',
  'execute',
  'from',
  'full',
  'grant',
  'if',
  'in',
  'index',
  'infinity',
  'insert',
  'into',
  'is',
  'keyspace',
  'limit',
  'materialized',
  'modify',
  'nan',
  'norecursive',
  'not',
  'null',
  'of',
  'on',
  'or',
  'order',
  'primary',
  'rename',
  'revoke',
  'schema',
  'select',
  'set',
  'table',
  'to',
  'token',
  'truncate',
  'unlogged',
  'update',
  'use',
  'using',
  'view',
  'where',
  'with',
]);

/**
 * Whether `name` is a CQL reserved keyword (case-insensitive), which must be quoted to be used as
 * an identifier.
 *
 * @example
 * ```ts
 * isReservedKeyword('select'); // true
 * isReservedKeyword('key');    // false
 * ```
 */
export function isReservedKeyword(name: string): boolean {
  return RESERVED_KEYWORDS.has(name.toLowerCase());
}

/**
 * Writes a schema name (keyspace, table, column, type, field, function, index) as CQL: as it is
 * when it is lower-case alphanumeric and not a reserved keyword, otherwise double-quoted with
 * inner quotes doubled, like Cassandra's `ColumnIdentifier.maybeQuote`.
 *
 * Unlike `quoteIdentifier` from the types module, reserved keywords are quoted too.
 *
 * @example
 * ```ts
 * cqlIdentifier('users');    // 'users'
 * cqlIdentifier('Users');    // '"Users"'
 * cqlIdentifier('select');   // '"select"'
 * cqlIdentifier('say "hi"'); // '"say ""hi"""'
 * ```
 */
export function cqlIdentifier(name: string): string {
  if (UNQUOTED_IDENTIFIER.test(name) && !RESERVED_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `keyspace.name`, each part quoted when needed.
 *
 * @example
 * ```ts
 * qualifiedName('shop', 'Orders'); // 'shop."Orders"'
 * ```
 */
export function qualifiedName(keyspace: string, name: string): string {
  return `${cqlIdentifier(keyspace)}.${cqlIdentifier(name)}`;
}
