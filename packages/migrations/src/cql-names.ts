/**
 * Keyspace and table names the migrations use in CQL they build (history, lock, keyspace
 * creation). Only unquoted names are accepted (letters, digits, `_`, at most 48 characters) and
 * they are lower-cased, as Cassandra does with unquoted names; they are written into CQL by the
 * driver's identifier helper (`qualifiedName`), which quotes reserved keywords.
 *
 * @packageDocumentation
 */
import { qualifiedName } from '@cqlkit/driver';
import { MigrationConfigError } from './errors';

/** A table in a keyspace. */
export interface TableRef {
  readonly keyspace: string;
  readonly table: string;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/**
 * Validates an unquoted keyspace or table name and returns it lower-cased.
 *
 * @throws MigrationConfigError naming `what` and the rules when `name` is not a valid name.
 *
 * @example
 * ```ts
 * cqlName('Shop', 'keyspace'); // 'shop'
 * ```
 */
export function cqlName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new MigrationConfigError(
      `${what} must be an unquoted CQL name (a letter, then letters, digits or '_', at most 48 characters), ` +
        `got ${JSON.stringify(name)}`,
    );
  }
  return name.toLowerCase();
}

/** `keyspace.table`, ready to put in CQL (each part quoted when it must be, e.g. a reserved keyword). */
export function qualified(ref: TableRef): string {
  return qualifiedName(ref.keyspace, ref.table);
}

/**
 * A CQL string literal: single-quoted, with embedded quotes doubled.
 *
 * @example
 * ```ts
 * cqlString("it's"); // "'it''s'"
 * ```
 */
export function cqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
