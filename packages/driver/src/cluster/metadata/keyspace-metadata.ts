/**
 * Keyspaces (`system_schema.keyspaces`) with everything in them.
 *
 * @packageDocumentation
 */
import type { ReplicationOptions } from '../../routing/replication-strategy';
import type { AggregateMetadata } from './aggregate-metadata';
import { cqlIdentifier } from '../../cql/cql-identifier';
import { cqlString } from './cql-literal';
import type { FunctionMetadata } from './function-metadata';
import { javaHashMapOrder } from './java-hash-order';
import type { KeyspaceSource } from './keyspace-source';
import { functionSignature } from './schema-scope';
import type { TableMetadata } from './table-metadata';
import type { UserTypeMetadata } from './user-type-metadata';
import type { MaterializedViewMetadata } from './view-metadata';

/** Keyspaces DESCRIBE SCHEMA leaves out (Cassandra's local, replicated and virtual system keyspaces). */
const SYSTEM_KEYSPACES: ReadonlySet<string> = new Set([
  'system',
  'system_schema',
  'system_auth',
  'system_distributed',
  'system_traces',
  'system_views',
  'system_virtual_schema',
  'system_cluster_metadata',
]);

/**
 * Whether a keyspace is one of Cassandra's system keyspaces (which DESCRIBE SCHEMA leaves out).
 *
 * @example
 * ```ts
 * isSystemKeyspace('system_auth'); // true
 * ```
 */
export function isSystemKeyspace(name: string): boolean {
  return SYSTEM_KEYSPACES.has(name);
}

/** The replication strategy package DESCRIBE leaves out of class names. */
const LOCATOR_PACKAGE = 'org.apache.cassandra.locator.';

/**
 * A keyspace and everything in it. Maps iterate in DESCRIBE order: user types in dependency order,
 * the others by name ignoring case.
 *
 * @example
 * ```ts
 * const shop = schema.keyspace('shop');
 * shop?.replication;                 // { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' }
 * [...(shop?.tables.keys() ?? [])];  // ['orders', 'users']
 * console.log(shop?.toCql());        // CREATE KEYSPACE …, then types, functions, aggregates, tables…
 * ```
 */
export class KeyspaceMetadata {
  /** Keyspace name (case kept, unquoted). */
  readonly name: string;
  /** Replication options including `class` (full Java class name as stored). Empty for virtual keyspaces. */
  readonly replication: ReplicationOptions;
  /** Whether writes go through the commit log. */
  readonly durableWrites: boolean;
  /** Whether this is a virtual keyspace (`system_views`, `system_virtual_schema`). */
  readonly virtual: boolean;
  /** Tables by name. */
  readonly tables: ReadonlyMap<string, TableMetadata>;
  /** Materialized views by name. */
  readonly views: ReadonlyMap<string, MaterializedViewMetadata>;
  /** User types by name, each after the types it uses. */
  readonly userTypes: ReadonlyMap<string, UserTypeMetadata>;
  /** Functions by signature (`name(type,…)`, see {@link functionSignature}). */
  readonly functions: ReadonlyMap<string, FunctionMetadata>;
  /** Aggregates by signature. */
  readonly aggregates: ReadonlyMap<string, AggregateMetadata>;
  /** @internal The rows this was built from. */
  readonly source: KeyspaceSource;

  /** @internal Built by the schema snapshot. */
  constructor(init: {
    source: KeyspaceSource;
    name: string;
    replication: ReplicationOptions;
    durableWrites: boolean;
    tables: ReadonlyMap<string, TableMetadata>;
    views: ReadonlyMap<string, MaterializedViewMetadata>;
    userTypes: ReadonlyMap<string, UserTypeMetadata>;
    functions: ReadonlyMap<string, FunctionMetadata>;
    aggregates: ReadonlyMap<string, AggregateMetadata>;
  }) {
    this.source = init.source;
    this.name = init.name;
    this.replication = init.replication;
    this.durableWrites = init.durableWrites;
    this.virtual = init.source.virtual;
    this.tables = init.tables;
    this.views = init.views;
    this.userTypes = init.userTypes;
    this.functions = init.functions;
    this.aggregates = init.aggregates;
    Object.freeze(this);
  }

  /** The table of that exact (case-sensitive, unquoted) name. */
  table(name: string): TableMetadata | undefined {
    return this.tables.get(name);
  }

  /** The materialized view of that name. */
  view(name: string): MaterializedViewMetadata | undefined {
    return this.views.get(name);
  }

  /** The user type of that name. */
  userType(name: string): UserTypeMetadata | undefined {
    return this.userTypes.get(name);
  }

  /**
   * The function overload with these argument types (CQL type text; spacing and `frozen<…>` do not
   * matter).
   *
   * @example
   * ```ts
   * ks.function('avg_state', ['tuple<int, bigint>', 'int']);
   * ```
   */
  function(name: string, argTypes: readonly string[]): FunctionMetadata | undefined {
    return this.functions.get(functionSignature(name, argTypes));
  }

  /** The aggregate overload with these argument types. */
  aggregate(name: string, argTypes: readonly string[]): AggregateMetadata | undefined {
    return this.aggregates.get(functionSignature(name, argTypes));
  }

  /**
   * The CREATE KEYSPACE statement as DESCRIBE writes it (replication class without its
   * `org.apache.cassandra.locator` package, options in the server's order); for a virtual keyspace
   * DESCRIBE's commented-out reference.
   *
   * @example
   * ```ts
   * ks.createStatement();
   * // "CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '3'}  AND durable_writes = true;"
   * ```
   */
  createStatement(): string {
    const name = cqlIdentifier(this.name);
    if (this.virtual) {
      return [
        '/*',
        `Warning: Keyspace ${name} is a virtual keyspace and cannot be recreated with CQL.`,
        'Structure, for reference:',
        `VIRTUAL KEYSPACE ${name};`,
        '*/',
      ].join('\n');
    }
    // DESCRIBE's own spacing: two spaces before AND.
    return `CREATE KEYSPACE ${name} WITH replication = ${replicationCql(this.replication)}  AND durable_writes = ${this.durableWrites};`;
  }

  /**
   * Every statement DESCRIBE KEYSPACE returns, in its order: CREATE KEYSPACE, user types (each
   * after those it uses), functions, aggregates, then each table followed by its indexes and
   * materialized views.
   */
  cqlStatements(): string[] {
    const statements = [this.createStatement()];
    for (const type of this.userTypes.values()) statements.push(type.toCql());
    for (const fn of this.functions.values()) statements.push(fn.toCql());
    for (const aggregate of this.aggregates.values()) statements.push(aggregate.toCql());
    for (const table of this.tables.values()) statements.push(...table.cqlStatements());
    return statements;
  }

  /** {@link cqlStatements} separated by blank lines: a script that recreates the keyspace. */
  toCql(): string {
    return this.cqlStatements().join('\n\n');
  }
}

/**
 * The replication map as DESCRIBE writes it: `class` first, shortened when in Cassandra's locator
 * package, then the other options in the order Cassandra's in-memory `HashMap` copy yields.
 */
function replicationCql(replication: ReplicationOptions): string {
  const className = replication['class'] ?? '';
  const shortName =
    className.startsWith(LOCATOR_PACKAGE) && !className.slice(LOCATOR_PACKAGE.length).includes('.')
      ? className.slice(LOCATOR_PACKAGE.length)
      : className;
  const keys = Object.keys(replication).filter((k) => k !== 'class');
  const copiedSize = keys.length + ('class' in replication ? 1 : 0);
  const options = javaHashMapOrder(keys, copiedSize).map(
    (k) => `, ${cqlString(k)}: ${cqlString(replication[k] ?? '')}`,
  );
  return `{'class': ${cqlString(shortName)}${options.join('')}}`;
}
