/**
 * Materialized views (`system_schema.views` with their columns).
 *
 * @packageDocumentation
 */
import type { UdtResolver } from '../../types';
import { readColumns, type ColumnMetadata } from './column-metadata';
import { cqlIdentifier, qualifiedName } from '../../cql/cql-identifier';
import type { ViewSource } from './keyspace-source';
import {
  optionalBoolean,
  optionalText,
  optionalUuidText,
  requiredText,
  type RowRef,
} from './schema-row-values';
import {
  indexColumns,
  layoutColumns,
  primaryKeyCql,
  withClauseCql,
  withClauseEntries,
  type ClusteringColumn,
  type ColumnLayout,
} from './table-layout';
import { readTableOptions, tableOptionsCql, type TableOptions } from './table-options';

/**
 * A materialized view.
 *
 * @example
 * ```ts
 * const view = schema.keyspace('shop')?.view('users_by_email');
 * view?.baseTableName;     // 'users'
 * view?.whereClause;       // 'email IS NOT NULL AND id IS NOT NULL'
 * console.log(view?.toCql()); // CREATE MATERIALIZED VIEW shop.users_by_email AS …
 * ```
 */
export class MaterializedViewMetadata implements ColumnLayout {
  /** Keyspace name. */
  readonly keyspace: string;
  /** View name (case kept, unquoted). */
  readonly name: string;
  /** View id as UUID text. */
  readonly id: string | undefined;
  /** Name of the base table. */
  readonly baseTableName: string;
  /** Id of the base table as UUID text. */
  readonly baseTableId: string | undefined;
  /** The WHERE clause as the server stores it. */
  readonly whereClause: string;
  /** Whether the view was created with `SELECT *`. */
  readonly includeAllColumns: boolean;
  /** Every column in DESCRIBE order: partition key, clustering, static, then regular columns. */
  readonly columns: readonly ColumnMetadata[];
  /** Partition key columns in key order. */
  readonly partitionKey: readonly ColumnMetadata[];
  /** Clustering columns in key order, with their order. */
  readonly clusteringKey: readonly ClusteringColumn[];
  /** Static columns. */
  readonly staticColumns: readonly ColumnMetadata[];
  /** Every option from the `views` row. */
  readonly options: TableOptions;
  /** Names of the user types the columns use, directly or nested. */
  readonly userTypeDependencies: ReadonlySet<string>;
  /** @internal The rows this was built from. */
  readonly source: ViewSource;
  private readonly columnsByName: ReadonlyMap<string, ColumnMetadata>;

  /** @internal Built by the schema snapshot. */
  constructor(init: {
    source: ViewSource;
    keyspace: string;
    name: string;
    id: string | undefined;
    baseTableName: string;
    baseTableId: string | undefined;
    whereClause: string;
    includeAllColumns: boolean;
    columns: readonly ColumnMetadata[];
    options: TableOptions;
  }) {
    this.source = init.source;
    this.keyspace = init.keyspace;
    this.name = init.name;
    this.id = init.id;
    this.baseTableName = init.baseTableName;
    this.baseTableId = init.baseTableId;
    this.whereClause = init.whereClause;
    this.includeAllColumns = init.includeAllColumns;
    const layout = layoutColumns(init.columns);
    this.columns = layout.columns;
    this.partitionKey = layout.partitionKey;
    this.clusteringKey = layout.clusteringKey;
    this.staticColumns = layout.staticColumns;
    const index = indexColumns(layout.columns);
    this.columnsByName = index.byName;
    this.userTypeDependencies = index.userTypes;
    this.options = init.options;
    Object.freeze(this);
  }

  /** The column of that exact (case-sensitive, unquoted) name. */
  column(name: string): ColumnMetadata | undefined {
    return this.columnsByName.get(name);
  }

  /**
   * The CREATE MATERIALIZED VIEW statement as DESCRIBE writes it (including its quirk of starting
   * the WITH clause on a new line with a single space).
   *
   * @example
   * ```ts
   * view.toCql();
   * // CREATE MATERIALIZED VIEW shop.users_by_email AS
   * //     SELECT email, id, name
   * //     FROM shop.users
   * //     WHERE email IS NOT NULL AND id IS NOT NULL
   * //     PRIMARY KEY (email, id)
   * //  WITH CLUSTERING ORDER BY (id ASC)
   * //     AND additional_write_policy = '99p'
   * //     …;
   * ```
   */
  toCql(): string {
    const selected = this.includeAllColumns ? '*' : this.columns.map((c) => cqlIdentifier(c.name)).join(', ');
    return [
      `CREATE MATERIALIZED VIEW ${qualifiedName(this.keyspace, this.name)} AS`,
      `    SELECT ${selected}`,
      `    FROM ${qualifiedName(this.keyspace, this.baseTableName)}`,
      `    WHERE ${this.whereClause}`,
      `    ${primaryKeyCql(this)}`,
      ` ${withClauseCql(withClauseEntries(this, tableOptionsCql(this.options, true)))}`,
    ].join('\n');
  }

  /** Same as {@link toCql}. */
  createStatement(): string {
    return this.toCql();
  }
}

/** Builds a view from its rows. */
export function readView(source: ViewSource, resolveUdt: UdtResolver): MaterializedViewMetadata {
  const bare: RowRef = { row: source.view, what: 'view' };
  const keyspace = requiredText(bare, 'keyspace_name');
  const name = requiredText(bare, 'view_name');
  const what = `view ${qualifiedName(keyspace, name)}`;
  const ref: RowRef = { row: source.view, what };
  return new MaterializedViewMetadata({
    source,
    keyspace,
    name,
    id: optionalUuidText(ref, 'id'),
    baseTableName: requiredText(ref, 'base_table_name'),
    baseTableId: optionalUuidText(ref, 'base_table_id'),
    whereClause: optionalText(ref, 'where_clause') ?? '',
    includeAllColumns: optionalBoolean(ref, 'include_all_columns') ?? false,
    columns: readColumns(source.columns, source.masks, what, resolveUdt),
    options: readTableOptions(ref, true),
  });
}
