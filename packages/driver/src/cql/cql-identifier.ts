/**
 * CQL identifiers (keyspace, table, column, type, field, function and index names): the case
 * rules, the Cassandra 5.0 reserved keywords and quoting, in one place for the whole toolkit
 * (the driver's metadata and requests, the mapper's DDL, the migrations' history tables).
 *
 * Holds only names as CQL text; never CQL literals, type text or statements.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../errors';

/** An identifier that CQL accepts without quotes, once lower-cased. */
const UNQUOTED = /^[a-z][a-z0-9_]*$/;

/** What the CQL grammar accepts as an unquoted identifier (any case). */
const UNQUOTED_ANY_CASE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The keywords Cassandra 5.0 reserves: `reserved_keywords.txt` of `cassandra-all` 5.0, read by
 * `org.apache.cassandra.cql3.ReservedKeywords`. A name spelled like one of them must be quoted,
 * even in lower case. Every other keyword of the grammar (`key`, `type`, `ttl`, `like`,
 * `between`…) is unreserved and works as a name unquoted.
 */
const RESERVED_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'add allow alter and apply asc authorize batch begin by columnfamily create delete desc describe ' +
    'drop entries execute from full grant if in index infinity insert into is keyspace limit ' +
    'materialized modify nan norecursive not null of on or order primary rename revoke schema select ' +
    'set table to token truncate unlogged update use using view where with'
  ).split(' '),
);

/**
 * Whether `word` is a keyword Cassandra 5.0 reserves (case-insensitive): used as a name, it must
 * be quoted.
 *
 * @example
 * ```ts
 * isReservedKeyword('select'); // true
 * isReservedKeyword('KEY');    // false (unreserved)
 * ```
 */
export function isReservedKeyword(word: string): boolean {
  return RESERVED_KEYWORDS.has(word.toLowerCase());
}

/**
 * A CQL identifier, modelled on the Java driver's `CqlIdentifier`. It holds the name as Cassandra
 * stores it (the *internal* form: exact case, no quotes) and writes it back as CQL.
 *
 * The case rules: an unquoted name in CQL is case-insensitive and Cassandra stores it lower-cased
 * (`Users` is `users`); a double-quoted name keeps its case and may contain anything, a `"` being
 * written `""`. A name that is not lower-case alphanumeric (starting with a letter), or that is a
 * reserved keyword, must therefore be quoted to be read back as itself.
 *
 * @example
 * ```ts
 * CqlIdentifier.fromCql('Users').asInternal();    // 'users'
 * CqlIdentifier.fromCql('"Users"').asInternal();  // 'Users'
 * CqlIdentifier.fromInternal('Users').asCql();    // '"Users"'
 * CqlIdentifier.fromInternal('select').asCql();   // '"select"'
 * CqlIdentifier.fromInternal('users').asCql();    // 'users'
 * CqlIdentifier.fromInternal('users').asCql(false); // '"users"' (always quoted)
 * ```
 */
export class CqlIdentifier {
  private constructor(private readonly internal: string) {}

  /**
   * The identifier written in CQL: an unquoted name (letters, digits and `_`, starting with a
   * letter, not a reserved keyword) is lower-cased; a double-quoted name is taken as it is
   * (`""` read as `"`).
   *
   * @throws InvalidOptionsError when `cql` is neither a valid unquoted name nor a well-formed
   * double-quoted one.
   * @example
   * ```ts
   * CqlIdentifier.fromCql('Shop').asInternal();        // 'shop'
   * CqlIdentifier.fromCql('"say ""hi"""').asInternal(); // 'say "hi"'
   * ```
   */
  static fromCql(cql: string): CqlIdentifier {
    if (typeof cql !== 'string') {
      throw new InvalidOptionsError(`CqlIdentifier.fromCql(): expected a string, got ${typeof cql}`);
    }
    if (cql.startsWith('"')) {
      const inner = cql.length >= 2 && cql.endsWith('"') ? cql.slice(1, -1) : undefined;
      if (inner === undefined || !/^(?:[^"]|"")*$/.test(inner)) {
        throw new InvalidOptionsError(
          `CqlIdentifier.fromCql(${JSON.stringify(cql)}): a quoted name must end with '"' and write each inner '"' as '""'`,
        );
      }
      return new CqlIdentifier(inner.replace(/""/g, '"'));
    }
    if (!UNQUOTED_ANY_CASE.test(cql)) {
      throw new InvalidOptionsError(
        `CqlIdentifier.fromCql(${JSON.stringify(cql)}): an unquoted name is a letter followed by letters, digits or '_'; quote other names`,
      );
    }
    if (RESERVED_KEYWORDS.has(cql.toLowerCase())) {
      throw new InvalidOptionsError(
        `CqlIdentifier.fromCql(${JSON.stringify(cql)}): '${cql}' is a reserved keyword; quote it to use it as a name`,
      );
    }
    return new CqlIdentifier(cql.toLowerCase());
  }

  /**
   * The identifier whose stored name is exactly `name` (as `system_schema` lists it).
   *
   * @example
   * ```ts
   * CqlIdentifier.fromInternal('Orders').asCql(); // '"Orders"'
   * ```
   */
  static fromInternal(name: string): CqlIdentifier {
    if (typeof name !== 'string') {
      throw new InvalidOptionsError(`CqlIdentifier.fromInternal(): expected a string, got ${typeof name}`);
    }
    return new CqlIdentifier(name);
  }

  /** The name as Cassandra stores it: exact case, never quoted. */
  asInternal(): string {
    return this.internal;
  }

  /**
   * The name as CQL text. `pretty` (default): quoted only when needed, as Cassandra's DESCRIBE
   * writes it; otherwise always quoted.
   */
  asCql(pretty = true): string {
    return pretty ? cqlIdentifier(this.internal) : quoted(this.internal);
  }

  /** Whether both identifiers name the same thing (compares the internal forms). */
  equals(other: CqlIdentifier): boolean {
    return other instanceof CqlIdentifier && other.internal === this.internal;
  }

  /** The internal form, as {@link CqlIdentifier.asInternal}. */
  toString(): string {
    return this.internal;
  }
}

/**
 * Writes a stored name (keyspace, table, column, type, field, function, index) as CQL: as it is
 * when it is lower-case alphanumeric, starts with a letter and is not a reserved keyword,
 * otherwise double-quoted with inner quotes doubled, like Cassandra's `ColumnIdentifier.maybeQuote`.
 * Shorthand for `CqlIdentifier.fromInternal(name).asCql()`.
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
  return UNQUOTED.test(name) && !RESERVED_KEYWORDS.has(name) ? name : quoted(name);
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

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
