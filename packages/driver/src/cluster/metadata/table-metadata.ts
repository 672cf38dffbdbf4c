/**
 * Tables (`system_schema.tables` with their columns, indexes and column masks) and virtual tables
 * (`system_virtual_schema`).
 *
 * @packageDocumentation
 */
import type { UdtResolver } from '../../types';
import { readColumns, type ColumnMetadata } from './column-metadata';
import { qualifiedName } from '../../cql/cql-identifier';
import { cqlString } from './cql-literal';
import { byNameIgnoringCase } from './describe-order';
import { readIndex, type IndexMetadata } from './index-metadata';
import type { TableSource } from './keyspace-source';
import type { MaterializedViewMetadata } from './view-metadata';
import { optionalText, optionalUuidText, requiredText, textList, type RowRef } from './schema-row-values';
import {
  columnDefinitionLines,
  indexColumns,
  layoutColumns,
  withClauseCql,
  withClauseEntries,
  type ClusteringColumn,
  type ColumnLayout,
} from './table-layout';
import { readTableOptions, tableOptionsCql, type TableOptions } from './table-options';

/**
 * A table: its columns by role, options, indexes and materialized views.
 *
 * @example
 * ```ts
 * const orders = schema.keyspace('shop')?.table('orders');
 * orders?.partitionKey.map((c) => c.name);            // ['customer_id']
 * orders?.clusteringKey.map((k) => `${k.column.name} ${k.order}`); // ['placed_at DESC']
 * orders?.options.default_time_to_live;               // 0
 * console.log(orders?.toCql());                       // CREATE TABLE …, its indexes and views
 * ```
 */
export class TableMetadata implements ColumnLayout {
  /** Keyspace name. */
  readonly keyspace: string;
  /** Table name (case kept, unquoted). */
  readonly name: string;
  /** Table id (`system_schema.tables.id`) as UUID text; `undefined` for virtual tables. */
  readonly id: string | undefined;
  /** Whether this is a virtual table (Cassandra 4.0+ `system_views` and the like). */
  readonly virtual: boolean;
  /** Every column in DESCRIBE order: partition key, clustering, static, then regular columns. */
  readonly columns: readonly ColumnMetadata[];
  /** Partition key columns in key order. */
  readonly partitionKey: readonly ColumnMetadata[];
  /** Clustering columns in key order, with their order. */
  readonly clusteringKey: readonly ClusteringColumn[];
  /** Static columns. */
  readonly staticColumns: readonly ColumnMetadata[];
  /** Every option from the `tables` row (only `comment` for virtual tables). */
  readonly options: TableOptions;
  /** Table flags (`compound`; `dense`/`super` for legacy compact storage). */
  readonly flags: readonly string[];
  /** Indexes on the table, by name ignoring case (DESCRIBE order). */
  readonly indexes: readonly IndexMetadata[];
  /** Materialized views of the table, by name ignoring case (DESCRIBE order). */
  readonly views: readonly MaterializedViewMetadata[];
  /** Names of the user types the columns use, directly or nested. */
  readonly userTypeDependencies: ReadonlySet<string>;
  /** @internal The rows this was built from. */
  readonly source: TableSource;
  private readonly columnsByName: ReadonlyMap<string, ColumnMetadata>;

  /** @internal Built by the schema snapshot. */
  constructor(init: {
    source: TableSource;
    keyspace: string;
    name: string;
    id: string | undefined;
    virtual: boolean;
    columns: readonly ColumnMetadata[];
    options: TableOptions;
    flags: readonly string[];
    indexes: readonly IndexMetadata[];
    views: readonly MaterializedViewMetadata[];
  }) {
    this.source = init.source;
    this.keyspace = init.keyspace;
    this.name = init.name;
    this.id = init.id;
    this.virtual = init.virtual;
    const layout = layoutColumns(init.columns);
    this.columns = layout.columns;
    this.partitionKey = layout.partitionKey;
    this.clusteringKey = layout.clusteringKey;
    this.staticColumns = layout.staticColumns;
    const index = indexColumns(layout.columns);
    this.columnsByName = index.byName;
    this.userTypeDependencies = index.userTypes;
    this.options = init.options;
    this.flags = init.flags;
    this.indexes = Object.freeze(byNameIgnoringCase(init.indexes, (i) => i.name));
    this.views = Object.freeze(byNameIgnoringCase(init.views, (v) => v.name));
    Object.freeze(this);
  }

  /** The column of that exact (case-sensitive, unquoted) name. */
  column(name: string): ColumnMetadata | undefined {
    return this.columnsByName.get(name);
  }

  /** The index of that name. */
  index(name: string): IndexMetadata | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  /** The materialized view of that name on this table. */
  view(name: string): MaterializedViewMetadata | undefined {
    return this.views.find((v) => v.name === name);
  }

  /** Whether the table holds counters. */
  get isCounterTable(): boolean {
    return this.columns.some((c) => c.type.kind === 'counter');
  }

  /**
   * The CREATE TABLE statement as DESCRIBE writes it (for a virtual table, DESCRIBE's commented-out
   * `VIRTUAL TABLE` reference).
   *
   * @example
   * ```ts
   * table.createStatement();
   * // CREATE TABLE shop.orders (
   * //     customer_id uuid,
   * //     placed_at timestamp,
   * //     total decimal,
   * //     PRIMARY KEY (customer_id, placed_at)
   * // ) WITH CLUSTERING ORDER BY (placed_at DESC)
   * //     AND additional_write_policy = '99p'
   * //     …;
   * ```
   */
  createStatement(): string {
    const options = this.virtual
      ? [`comment = ${cqlString(this.options.comment)}`]
      : tableOptionsCql(this.options, false);
    const body = [
      `${this.virtual ? 'VIRTUAL' : 'CREATE'} TABLE ${qualifiedName(this.keyspace, this.name)} (`,
      ...columnDefinitionLines(this),
      `) ${withClauseCql(withClauseEntries(this, options))}`,
    ].join('\n');
    if (!this.virtual) return body;
    return [
      '/*',
      `Warning: Table ${qualifiedName(this.keyspace, this.name)} is a virtual table and cannot be recreated with CQL.`,
      'Structure, for reference:',
      body,
      '*/',
    ].join('\n');
  }

  /**
   * What DESCRIBE TABLE returns (Cassandra 5): the CREATE TABLE statement, then each CREATE INDEX,
   * then each CREATE MATERIALIZED VIEW on the table.
   */
  cqlStatements(): string[] {
    return [
      this.createStatement(),
      ...this.indexes.map((i) => i.toCql()),
      ...this.views.map((v) => v.toCql()),
    ];
  }

  /**
   * The table's CQL as DESCRIBE TABLE shows it: CREATE TABLE, its indexes and its materialized
   * views, separated by blank lines.
   */
  toCql(): string {
    return this.cqlStatements().join('\n\n');
  }
}

/**
 * Builds a table from its rows (`virtual` for `system_virtual_schema` rows) and its already built
 * views.
 */
export function readTable(
  source: TableSource,
  virtual: boolean,
  resolveUdt: UdtResolver,
  views: readonly MaterializedViewMetadata[],
): TableMetadata {
  const ref: RowRef = { row: source.table, what: 'table' };
  const keyspace = requiredText(ref, 'keyspace_name');
  const name = requiredText(ref, 'table_name');
  const what = `${virtual ? 'virtual table' : 'table'} ${qualifiedName(keyspace, name)}`;
  const named: RowRef = { row: source.table, what };
  return new TableMetadata({
    source,
    keyspace,
    name,
    id: optionalUuidText(named, 'id'),
    virtual,
    columns: readColumns(source.columns, source.masks, what, resolveUdt),
    options: virtual
      ? Object.freeze({ comment: optionalText(named, 'comment') ?? '', others: Object.freeze({}) })
      : readTableOptions(named, false),
    flags: textList(named, 'flags'),
    indexes: source.indexes.map((row) => readIndex(row, `index of ${what}`)),
    views,
  });
}
