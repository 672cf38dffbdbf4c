/**
 * The immutable schema snapshot, and scoped refreshes of it.
 *
 * @packageDocumentation
 */
import { byNameIgnoringCase } from './describe-order';
import { buildKeyspace } from './keyspace-builder';
import { isSystemKeyspace, type KeyspaceMetadata } from './keyspace-metadata';
import { SchemaRowsIndex, type KeyspaceSource } from './keyspace-source';
import { functionSignature, type SchemaScope } from './schema-scope';
import type { SchemaRow, SchemaRows } from './schema-rows';

/** Options of {@link SchemaMetadata.toCql}. */
export interface SchemaCqlOptions {
  /** Include the system keyspaces (like DESCRIBE FULL SCHEMA). Default false (DESCRIBE SCHEMA). */
  readonly includeSystemKeyspaces?: boolean;
}

/**
 * An immutable snapshot of the cluster's schema. Refreshing part of it returns a new snapshot that
 * shares every keyspace, table, type, function… that did not change (same objects), so holders of
 * the old snapshot keep a consistent view and identity comparisons reveal what changed.
 *
 * @example
 * ```ts
 * const rows = await fetchSchemaRows(query, { kind: 'all' });
 * let schema = SchemaMetadata.EMPTY.withRows({ kind: 'all' }, rows);
 * // later, on a SCHEMA_CHANGE event:
 * const scope = schemaScopeOf(event.schemaChange);
 * schema = event.schemaChange.change === 'DROPPED'
 *   ? schema.without(scope)
 *   : schema.withRows(scope, await fetchSchemaRows(query, scope));
 * schema.keyspace('shop')?.table('orders')?.partitionKey;
 * ```
 */
export class SchemaMetadata {
  /** The snapshot with no keyspaces. */
  static readonly EMPTY: SchemaMetadata = new SchemaMetadata(new Map());

  /** Keyspaces by name, ordered by name ignoring case. */
  readonly keyspaces: ReadonlyMap<string, KeyspaceMetadata>;

  private constructor(keyspaces: ReadonlyMap<string, KeyspaceMetadata>) {
    this.keyspaces = keyspaces;
    Object.freeze(this);
  }

  /** The keyspace of that exact (case-sensitive, unquoted) name. */
  keyspace(name: string): KeyspaceMetadata | undefined {
    return this.keyspaces.get(name);
  }

  /**
   * A snapshot where what `scope` covers is replaced by `rows` (as loaded by
   * `fetchSchemaRows` for the same scope): elements the rows no longer contain are removed,
   * elements whose rows did not change keep their identity.
   *
   * A `table`, `type`, `function` or `aggregate` scope applies to a keyspace this snapshot already
   * has; for an unknown keyspace it changes nothing (refresh the keyspace instead). A `function` or
   * `aggregate` scope updates only the overload with the scope's argument types.
   *
   * @throws SchemaRowError when rows lack required columns or a user type cannot be resolved.
   */
  withRows(scope: SchemaScope, rows: SchemaRows): SchemaMetadata {
    const index = new SchemaRowsIndex(rows);
    switch (scope.kind) {
      case 'all': {
        const keyspaces = new Map<string, KeyspaceMetadata>();
        for (const name of index.keyspaceNames()) {
          const source = index.keyspace(name);
          if (source !== undefined) keyspaces.set(name, buildKeyspace(source, this.keyspaces.get(name)));
        }
        return this.withKeyspaces(keyspaces);
      }
      case 'keyspace': {
        const source = index.keyspace(scope.keyspace);
        return source === undefined
          ? this.without(scope)
          : this.withKeyspace(buildKeyspace(source, this.keyspaces.get(scope.keyspace)));
      }
      case 'table':
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          tables: replaced(s.tables, scope.table, index.table(scope.keyspace, scope.table)),
          views: replaced(s.views, scope.table, index.view(scope.keyspace, scope.table)),
        }));
      case 'type':
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          types: replaced(s.types, scope.type, index.type(scope.keyspace, scope.type)),
        }));
      case 'function': {
        const key = functionSignature(scope.name, scope.argTypes);
        const row = index.functionRows(scope.keyspace).get(key);
        return this.rebuild(scope.keyspace, (s) => ({ ...s, functions: replaced(s.functions, key, row) }));
      }
      case 'aggregate': {
        const key = functionSignature(scope.name, scope.argTypes);
        const row: SchemaRow | undefined = index.aggregateRows(scope.keyspace).get(key);
        return this.rebuild(scope.keyspace, (s) => ({ ...s, aggregates: replaced(s.aggregates, key, row) }));
      }
    }
  }

  /**
   * A snapshot without what `scope` covers, for DROPPED schema changes: `all` empties it, a
   * keyspace scope removes the keyspace, a table scope the table or view of that name (with its
   * indexes), the other scopes the type, function or aggregate overload.
   */
  without(scope: SchemaScope): SchemaMetadata {
    switch (scope.kind) {
      case 'all':
        return SchemaMetadata.EMPTY;
      case 'keyspace': {
        if (!this.keyspaces.has(scope.keyspace)) return this;
        const keyspaces = new Map(this.keyspaces);
        keyspaces.delete(scope.keyspace);
        return new SchemaMetadata(keyspaces);
      }
      case 'table':
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          tables: replaced(s.tables, scope.table, undefined),
          views: replaced(s.views, scope.table, undefined),
        }));
      case 'type':
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          types: replaced(s.types, scope.type, undefined),
        }));
      case 'function': {
        const key = functionSignature(scope.name, scope.argTypes);
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          functions: replaced(s.functions, key, undefined),
        }));
      }
      case 'aggregate': {
        const key = functionSignature(scope.name, scope.argTypes);
        return this.rebuild(scope.keyspace, (s) => ({
          ...s,
          aggregates: replaced(s.aggregates, key, undefined),
        }));
      }
    }
  }

  /**
   * Every statement DESCRIBE SCHEMA returns: each keyspace's statements (see
   * {@link KeyspaceMetadata.cqlStatements}), keyspaces by name ignoring case.
   */
  cqlStatements(options: SchemaCqlOptions = {}): string[] {
    return [...this.keyspaces.values()]
      .filter((ks) => options.includeSystemKeyspaces === true || !isSystemKeyspace(ks.name))
      .flatMap((ks) => ks.cqlStatements());
  }

  /**
   * A CQL script recreating the schema (system keyspaces left out unless asked for), statements
   * separated by blank lines.
   *
   * @example
   * ```ts
   * await fs.writeFile('schema.cql', schema.toCql());
   * ```
   */
  toCql(options: SchemaCqlOptions = {}): string {
    return this.cqlStatements(options).join('\n\n');
  }

  /** Rebuilds one known keyspace from its edited rows; unknown keyspace: this snapshot. */
  private rebuild(name: string, edit: (source: KeyspaceSource) => KeyspaceSource): SchemaMetadata {
    const current = this.keyspaces.get(name);
    if (current === undefined) return this;
    return this.withKeyspace(buildKeyspace(edit(current.source), current));
  }

  private withKeyspace(keyspace: KeyspaceMetadata): SchemaMetadata {
    if (this.keyspaces.get(keyspace.name) === keyspace) return this;
    const keyspaces = new Map(this.keyspaces);
    keyspaces.set(keyspace.name, keyspace);
    return this.withKeyspaces(keyspaces);
  }

  private withKeyspaces(keyspaces: ReadonlyMap<string, KeyspaceMetadata>): SchemaMetadata {
    const sorted = new Map(byNameIgnoringCase(keyspaces, ([name]) => name));
    const unchanged =
      sorted.size === this.keyspaces.size &&
      [...sorted].every(([name, ks]) => this.keyspaces.get(name) === ks);
    return unchanged ? this : new SchemaMetadata(sorted);
  }
}

/** `map` with `key` set to `value`, or deleted when `value` is undefined; `map` itself when nothing changes. */
function replaced<V>(map: ReadonlyMap<string, V>, key: string, value: V | undefined): ReadonlyMap<string, V> {
  if (value === undefined ? !map.has(key) : map.get(key) === value) return map;
  const copy = new Map(map);
  if (value === undefined) copy.delete(key);
  else copy.set(key, value);
  return copy;
}
