/**
 * The schema rows a keyspace was built from, grouped per element. A snapshot keeps them so that a
 * scoped refresh can replace one part and rebuild the keyspace, reusing every element whose rows
 * (and the user types they depend on) did not change.
 *
 * @packageDocumentation
 */
import { functionSignature } from './schema-scope';
import type { SchemaRow, SchemaRows } from './schema-rows';

/** Rows of one table. */
export interface TableSource {
  /** Its `tables` (or `system_virtual_schema.tables`) row. */
  readonly table: SchemaRow;
  /** Its `columns` rows. */
  readonly columns: readonly SchemaRow[];
  /** Its `indexes` rows. */
  readonly indexes: readonly SchemaRow[];
  /** Its `column_masks` rows. */
  readonly masks: readonly SchemaRow[];
}

/** Rows of one materialized view. */
export interface ViewSource {
  /** Its `views` row. */
  readonly view: SchemaRow;
  /** Its `columns` rows. */
  readonly columns: readonly SchemaRow[];
  /** Its `column_masks` rows. */
  readonly masks: readonly SchemaRow[];
}

/** Rows of one keyspace, grouped per element. */
export interface KeyspaceSource {
  /** The `keyspaces` row (for a virtual keyspace, its `system_virtual_schema.keyspaces` row). */
  readonly keyspace: SchemaRow;
  /** Whether the keyspace comes from `system_virtual_schema`. */
  readonly virtual: boolean;
  /** By table name. */
  readonly tables: ReadonlyMap<string, TableSource>;
  /** By view name. */
  readonly views: ReadonlyMap<string, ViewSource>;
  /** By type name. */
  readonly types: ReadonlyMap<string, SchemaRow>;
  /** By {@link functionSignature}. */
  readonly functions: ReadonlyMap<string, SchemaRow>;
  /** By {@link functionSignature}. */
  readonly aggregates: ReadonlyMap<string, SchemaRow>;
}

/** The string value of a row's column, or '' (rows without it are grouped under ''). */
function text(row: SchemaRow, column: string): string {
  const value = row[column];
  return typeof value === 'string' ? value : '';
}

function argTypes(row: SchemaRow): readonly string[] {
  const value = row['argument_types'];
  return Array.isArray(value) ? value.map(String) : [];
}

/** Signature key of a `functions` row. */
export function functionRowKey(row: SchemaRow): string {
  return functionSignature(text(row, 'function_name'), argTypes(row));
}

/** Signature key of an `aggregates` row. */
export function aggregateRowKey(row: SchemaRow): string {
  return functionSignature(text(row, 'aggregate_name'), argTypes(row));
}

/** Groups rows by `keyspace_name` and then by `key`. */
class RowIndex {
  private readonly byKeyspace = new Map<string, Map<string, SchemaRow[]>>();

  constructor(rows: readonly SchemaRow[], key: (row: SchemaRow) => string) {
    for (const row of rows) {
      const ks = text(row, 'keyspace_name');
      let inKeyspace = this.byKeyspace.get(ks);
      if (inKeyspace === undefined) this.byKeyspace.set(ks, (inKeyspace = new Map()));
      const k = key(row);
      const list = inKeyspace.get(k);
      if (list === undefined) inKeyspace.set(k, [row]);
      else list.push(row);
    }
  }

  /** Rows of `keyspace` under `key`. */
  get(keyspace: string, key: string): readonly SchemaRow[] {
    return this.byKeyspace.get(keyspace)?.get(key) ?? [];
  }

  /** Keys present in `keyspace`. */
  keys(keyspace: string): Iterable<string> {
    return this.byKeyspace.get(keyspace)?.keys() ?? [];
  }
}

/** The rows of schema tables, indexed by keyspace and element, ready to be grouped per keyspace. */
export class SchemaRowsIndex {
  private readonly tables: RowIndex;
  private readonly views: RowIndex;
  private readonly columns: RowIndex;
  private readonly indexes: RowIndex;
  private readonly masks: RowIndex;
  private readonly types: RowIndex;
  private readonly functions: RowIndex;
  private readonly aggregates: RowIndex;
  private readonly virtualTables: RowIndex;
  private readonly virtualColumns: RowIndex;
  private readonly keyspaceRows: ReadonlyMap<string, SchemaRow>;
  private readonly virtualKeyspaceRows: ReadonlyMap<string, SchemaRow>;

  constructor(readonly rows: SchemaRows) {
    this.keyspaceRows = new Map(rows.keyspaces.map((row) => [text(row, 'keyspace_name'), row]));
    this.virtualKeyspaceRows = new Map(rows.virtualKeyspaces.map((row) => [text(row, 'keyspace_name'), row]));
    const tableName = (row: SchemaRow): string => text(row, 'table_name');
    this.tables = new RowIndex(rows.tables, tableName);
    this.views = new RowIndex(rows.views, (row) => text(row, 'view_name'));
    this.columns = new RowIndex(rows.columns, tableName);
    this.indexes = new RowIndex(rows.indexes, tableName);
    this.masks = new RowIndex(rows.columnMasks, tableName);
    this.types = new RowIndex(rows.types, (row) => text(row, 'type_name'));
    this.functions = new RowIndex(rows.functions, functionRowKey);
    this.aggregates = new RowIndex(rows.aggregates, aggregateRowKey);
    this.virtualTables = new RowIndex(rows.virtualTables, tableName);
    this.virtualColumns = new RowIndex(rows.virtualColumns, tableName);
  }

  /** Names of the keyspaces the rows define (regular ones, then virtual ones). */
  keyspaceNames(): string[] {
    return [...this.keyspaceRows.keys(), ...this.virtualKeyspaceRows.keys()];
  }

  /** The table of that name in the rows, if its `tables` row is there. */
  table(keyspace: string, name: string): TableSource | undefined {
    const [table] = this.tables.get(keyspace, name);
    if (table === undefined) return undefined;
    return {
      table,
      columns: this.columns.get(keyspace, name),
      indexes: this.indexes.get(keyspace, name),
      masks: this.masks.get(keyspace, name),
    };
  }

  /** The view of that name in the rows, if its `views` row is there. */
  view(keyspace: string, name: string): ViewSource | undefined {
    const [view] = this.views.get(keyspace, name);
    if (view === undefined) return undefined;
    return { view, columns: this.columns.get(keyspace, name), masks: this.masks.get(keyspace, name) };
  }

  /** The `types` row of that name. */
  type(keyspace: string, name: string): SchemaRow | undefined {
    return this.types.get(keyspace, name)[0];
  }

  /** The `functions` rows of the keyspace, by signature. */
  functionRows(keyspace: string): Map<string, SchemaRow> {
    return firstOfEach(this.functions, keyspace);
  }

  /** The `aggregates` rows of the keyspace, by signature. */
  aggregateRows(keyspace: string): Map<string, SchemaRow> {
    return firstOfEach(this.aggregates, keyspace);
  }

  /** Everything the rows hold about one keyspace, or `undefined` when they lack its row. */
  keyspace(name: string): KeyspaceSource | undefined {
    const row = this.keyspaceRows.get(name);
    if (row !== undefined) {
      return {
        keyspace: row,
        virtual: false,
        tables: collect(this.tables.keys(name), (t) => this.table(name, t)),
        views: collect(this.views.keys(name), (v) => this.view(name, v)),
        types: collect(this.types.keys(name), (t) => this.type(name, t)),
        functions: this.functionRows(name),
        aggregates: this.aggregateRows(name),
      };
    }
    const virtualRow = this.virtualKeyspaceRows.get(name);
    if (virtualRow === undefined) return undefined;
    return {
      keyspace: virtualRow,
      virtual: true,
      tables: collect(this.virtualTables.keys(name), (t) => {
        const [table] = this.virtualTables.get(name, t);
        return table && { table, columns: this.virtualColumns.get(name, t), indexes: [], masks: [] };
      }),
      views: new Map(),
      types: new Map(),
      functions: new Map(),
      aggregates: new Map(),
    };
  }
}

function firstOfEach(index: RowIndex, keyspace: string): Map<string, SchemaRow> {
  return collect(index.keys(keyspace), (key) => index.get(keyspace, key)[0]);
}

function collect<T>(keys: Iterable<string>, get: (key: string) => T | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const key of keys) {
    const value = get(key);
    if (value !== undefined) map.set(key, value);
  }
  return map;
}
