/**
 * Loading the `system_schema` (and `system_virtual_schema`) rows a refresh needs.
 *
 * @packageDocumentation
 */
import { InvalidRequestError } from '../../errors';
import type { SchemaQuery, SchemaScope } from './schema-scope';

/** One row of a schema table, keyed by column name. */
export type SchemaRow = Readonly<Record<string, unknown>>;

/**
 * The rows of the schema tables for one {@link SchemaScope}, one list per table. Lists a scope does
 * not cover are empty.
 */
export interface SchemaRows {
  /** `system_schema.keyspaces`. */
  readonly keyspaces: readonly SchemaRow[];
  /** `system_schema.tables`. */
  readonly tables: readonly SchemaRow[];
  /** `system_schema.columns` (of tables and views). */
  readonly columns: readonly SchemaRow[];
  /** `system_schema.indexes`. */
  readonly indexes: readonly SchemaRow[];
  /** `system_schema.views`. */
  readonly views: readonly SchemaRow[];
  /** `system_schema.types`. */
  readonly types: readonly SchemaRow[];
  /** `system_schema.functions`. */
  readonly functions: readonly SchemaRow[];
  /** `system_schema.aggregates`. */
  readonly aggregates: readonly SchemaRow[];
  /** `system_schema.column_masks` (Cassandra 5.0+; empty before). */
  readonly columnMasks: readonly SchemaRow[];
  /** `system_virtual_schema.keyspaces` (Cassandra 4.0+; empty before). */
  readonly virtualKeyspaces: readonly SchemaRow[];
  /** `system_virtual_schema.tables`. */
  readonly virtualTables: readonly SchemaRow[];
  /** `system_virtual_schema.columns`. */
  readonly virtualColumns: readonly SchemaRow[];
}

/** Schema rows with every list empty. */
export const NO_SCHEMA_ROWS: SchemaRows = Object.freeze({
  keyspaces: [],
  tables: [],
  columns: [],
  indexes: [],
  views: [],
  types: [],
  functions: [],
  aggregates: [],
  columnMasks: [],
  virtualKeyspaces: [],
  virtualTables: [],
  virtualColumns: [],
});

/** Where each list of {@link SchemaRows} comes from. */
const SOURCES = {
  keyspaces: { table: 'system_schema.keyspaces', optional: false },
  tables: { table: 'system_schema.tables', optional: false },
  columns: { table: 'system_schema.columns', optional: false },
  indexes: { table: 'system_schema.indexes', optional: false },
  views: { table: 'system_schema.views', optional: false },
  types: { table: 'system_schema.types', optional: false },
  functions: { table: 'system_schema.functions', optional: false },
  aggregates: { table: 'system_schema.aggregates', optional: false },
  columnMasks: { table: 'system_schema.column_masks', optional: true },
  virtualKeyspaces: { table: 'system_virtual_schema.keyspaces', optional: true },
  virtualTables: { table: 'system_virtual_schema.tables', optional: true },
  virtualColumns: { table: 'system_virtual_schema.columns', optional: true },
} as const satisfies Record<keyof SchemaRows, { table: string; optional: boolean }>;

type RowList = keyof SchemaRows;

/** One query: which list it fills, and the restriction (`column = ?` pairs) it applies. */
interface PlannedQuery {
  /** The list of {@link SchemaRows} it fills. */
  readonly list: RowList;
  /** `column = ?` restrictions and their values. */
  readonly where: readonly (readonly [column: string, value: string])[];
}

/** The queries that load a scope. */
function planQueries(scope: SchemaScope): PlannedQuery[] {
  const everyList = Object.keys(SOURCES) as RowList[];
  switch (scope.kind) {
    case 'all':
      return everyList.map((list) => ({ list, where: [] }));
    case 'keyspace':
      return everyList.map((list) => ({ list, where: [['keyspace_name', scope.keyspace]] }));
    case 'table': {
      const ks = ['keyspace_name', scope.keyspace] as const;
      const table = ['table_name', scope.table] as const;
      return [
        { list: 'tables', where: [ks, table] },
        { list: 'columns', where: [ks, table] },
        { list: 'indexes', where: [ks, table] },
        { list: 'views', where: [ks, ['view_name', scope.table]] },
        { list: 'columnMasks', where: [ks, table] },
      ];
    }
    case 'type':
      return [
        {
          list: 'types',
          where: [
            ['keyspace_name', scope.keyspace],
            ['type_name', scope.type],
          ],
        },
      ];
    case 'function':
      return [
        {
          list: 'functions',
          where: [
            ['keyspace_name', scope.keyspace],
            ['function_name', scope.name],
          ],
        },
      ];
    case 'aggregate':
      return [
        {
          list: 'aggregates',
          where: [
            ['keyspace_name', scope.keyspace],
            ['aggregate_name', scope.name],
          ],
        },
      ];
  }
}

/**
 * Loads the schema rows a scope covers, running its queries concurrently. Tables that only some
 * servers have (`system_schema.column_masks`, `system_virtual_schema.*`) load as empty when the
 * server rejects the query as invalid (unknown table); any other failure rejects the whole load.
 *
 * Function and aggregate scopes load every overload of the name; {@link SchemaMetadata.withRows}
 * keeps only the one the scope's argument types designate.
 *
 * @example
 * ```ts
 * const rows = await fetchSchemaRows(query, { kind: 'keyspace', keyspace: 'shop' });
 * const schema = SchemaMetadata.EMPTY.withRows({ kind: 'keyspace', keyspace: 'shop' }, rows);
 * ```
 */
export async function fetchSchemaRows(query: SchemaQuery, scope: SchemaScope): Promise<SchemaRows> {
  const planned = planQueries(scope);
  const results = await Promise.all(planned.map((q) => runQuery(query, q)));
  const rows: Record<RowList, readonly SchemaRow[]> = { ...NO_SCHEMA_ROWS };
  planned.forEach((q, i) => {
    rows[q.list] = results[i] ?? [];
  });
  return rows;
}

async function runQuery(query: SchemaQuery, planned: PlannedQuery): Promise<SchemaRow[]> {
  const source = SOURCES[planned.list];
  const where = planned.where.map(([column]) => `${column} = ?`).join(' AND ');
  const cql = `SELECT * FROM ${source.table}${where === '' ? '' : ` WHERE ${where}`}`;
  const params = planned.where.map(([, value]) => value);
  try {
    return await query(cql, params);
  } catch (error) {
    if (source.optional && error instanceof InvalidRequestError) return [];
    throw error;
  }
}
