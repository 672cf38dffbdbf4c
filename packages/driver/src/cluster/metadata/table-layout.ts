/**
 * What tables and materialized views share: their columns arranged into partition key, clustering
 * key and the rest, and the CQL for the column list, primary key and `WITH` clause.
 *
 * @packageDocumentation
 */
import { sortColumns, type ColumnMetadata } from './column-metadata';
import { cqlIdentifier } from '../../cql/cql-identifier';
import { referencedUserTypes } from './cql-type-text';

/** A clustering column and its order. */
export interface ClusteringColumn {
  /** The column. */
  readonly column: ColumnMetadata;
  /** Its clustering order. */
  readonly order: 'ASC' | 'DESC';
}

/** Columns of a table or view, arranged by role. */
export interface ColumnLayout {
  /** Every column in DESCRIBE order: partition key, clustering, static, then regular columns. */
  readonly columns: readonly ColumnMetadata[];
  /** Partition key columns in key order. */
  readonly partitionKey: readonly ColumnMetadata[];
  /** Clustering columns in key order, with their order. */
  readonly clusteringKey: readonly ClusteringColumn[];
  /** Static columns. */
  readonly staticColumns: readonly ColumnMetadata[];
}

/** Arranges columns by role (see {@link ColumnLayout}). */
export function layoutColumns(columns: readonly ColumnMetadata[]): ColumnLayout {
  const sorted = Object.freeze(sortColumns(columns));
  return Object.freeze({
    columns: sorted,
    partitionKey: Object.freeze(sorted.filter((c) => c.kind === 'partition_key')),
    clusteringKey: Object.freeze(
      sorted
        .filter((c) => c.kind === 'clustering')
        .map((column) => Object.freeze({ column, order: column.isReversed ? 'DESC' : 'ASC' } as const)),
    ),
    staticColumns: Object.freeze(sorted.filter((c) => c.kind === 'static')),
  });
}

/** Lookup structures shared by tables and views: columns by name, user types the columns use. @internal */
export function indexColumns(columns: readonly ColumnMetadata[]): {
  readonly byName: ReadonlyMap<string, ColumnMetadata>;
  readonly userTypes: ReadonlySet<string>;
} {
  const userTypes = new Set<string>();
  for (const column of columns) referencedUserTypes(column.type, userTypes);
  return { byName: new Map(columns.map((c) => [c.name, c])), userTypes };
}

/** `PRIMARY KEY ((a, b), c, d)` / `PRIMARY KEY (a, c)` / `PRIMARY KEY ((a, b))`. */
export function primaryKeyCql(layout: ColumnLayout): string {
  const names = (cols: readonly ColumnMetadata[]): string =>
    cols.map((c) => cqlIdentifier(c.name)).join(', ');
  const partition =
    layout.partitionKey.length === 1 ? names(layout.partitionKey) : `(${names(layout.partitionKey)})`;
  const clustering = layout.clusteringKey.map((c) => `, ${cqlIdentifier(c.column.name)}`).join('');
  return `PRIMARY KEY (${partition}${clustering})`;
}

/** Column definitions of CREATE TABLE, indented, with the separate PRIMARY KEY line when needed. */
export function columnDefinitionLines(layout: ColumnLayout): string[] {
  const singleColumnKey = layout.partitionKey.length === 1 && layout.clusteringKey.length === 0;
  const lines = layout.columns.map((column, i) => {
    const key = singleColumnKey && column.kind === 'partition_key' ? ' PRIMARY KEY' : '';
    const comma = !singleColumnKey || i < layout.columns.length - 1 ? ',' : '';
    return `    ${column.toCql()}${key}${comma}`;
  });
  if (!singleColumnKey) lines.push(`    ${primaryKeyCql(layout)}`);
  return lines;
}

/**
 * The entries of the `WITH` clause: `CLUSTERING ORDER BY (…)` when there are clustering columns,
 * then `options`.
 */
export function withClauseEntries(layout: ColumnLayout, options: readonly string[]): string[] {
  if (layout.clusteringKey.length === 0) return [...options];
  const order = layout.clusteringKey.map((c) => `${cqlIdentifier(c.column.name)} ${c.order}`).join(', ');
  return [`CLUSTERING ORDER BY (${order})`, ...options];
}

/** `WITH a\n    AND b\n    AND c;` as DESCRIBE lays it out. */
export function withClauseCql(entries: readonly string[]): string {
  return `WITH ${entries.join('\n    AND ')};`;
}
