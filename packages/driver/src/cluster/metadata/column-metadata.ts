/**
 * Columns of tables and materialized views (`system_schema.columns`), and their masks
 * (`system_schema.column_masks`, Cassandra 5.0+).
 *
 * @packageDocumentation
 */
import type { DataType, UdtResolver } from '../../types';
import { cqlIdentifier } from '../../cql/cql-identifier';
import { isMultiCell } from './cql-type-text';
import { compareUtf8 } from './describe-order';
import {
  nullableTextList,
  optionalNumber,
  optionalText,
  requiredText,
  textList,
  type RowRef,
} from './schema-row-values';
import type { SchemaRow } from './schema-rows';
import { parseSchemaType, schemaTypeCql, type SchemaType } from './schema-type';

/** The role of a column in its table. */
export type ColumnKind = 'partition_key' | 'clustering' | 'regular' | 'static';

/** A clustering column's order; `NONE` for the other columns. */
export type ClusteringOrder = 'ASC' | 'DESC' | 'NONE';

/**
 * A dynamic data mask on a column (`… MASKED WITH system.mask_inner(1, null)`): the masking
 * function and the values of its arguments after the first (CQL literals, `null` for null).
 */
export interface ColumnMask {
  /** Keyspace of the masking function (`system` for the native ones). */
  readonly functionKeyspace: string;
  /** Name of the masking function. */
  readonly functionName: string;
  /** CQL types of the partial arguments. */
  readonly argumentTypes: readonly string[];
  /** The partial arguments as CQL literals (`null` for a null argument). */
  readonly argumentValues: readonly (string | null)[];
}

/**
 * One column of a table or view.
 *
 * @example
 * ```ts
 * const col = schema.keyspace('shop')?.table('orders')?.column('placed_at');
 * col?.kind;            // 'clustering'
 * col?.clusteringOrder; // 'DESC'
 * col?.toCql();         // 'placed_at timestamp'
 * ```
 */
export class ColumnMetadata {
  /** Column name (case kept, unquoted). */
  readonly name: string;
  /** Column type, user types resolved to their fields. */
  readonly type: DataType;
  /** The type as `system_schema` spells it (`frozen<address>`). */
  readonly typeText: string;
  /** Partition key, clustering, regular or static. */
  readonly kind: ColumnKind;
  /** Index within the partition key or clustering key; -1 for regular and static columns. */
  readonly position: number;
  /** `ASC`/`DESC` for clustering columns, `NONE` otherwise. */
  readonly clusteringOrder: ClusteringOrder;
  /** Whether the column is a clustering column in descending order. */
  readonly isReversed: boolean;
  /** Whether values are stored cell by cell (non-frozen collection or user type). */
  readonly isMultiCell: boolean;
  /** The column's dynamic data mask, if any. */
  readonly mask: ColumnMask | undefined;
  /** The parsed type and its stored text. */
  private readonly schemaType: SchemaType;

  /** @internal Built by the schema snapshot from `system_schema.columns` rows. */
  constructor(init: {
    name: string;
    type: SchemaType;
    kind: ColumnKind;
    position: number;
    clusteringOrder: ClusteringOrder;
    mask: ColumnMask | undefined;
  }) {
    this.name = init.name;
    this.schemaType = init.type;
    this.type = init.type.type;
    this.typeText = init.type.text;
    this.kind = init.kind;
    this.position = init.position;
    this.clusteringOrder = init.clusteringOrder;
    this.isReversed = init.clusteringOrder === 'DESC';
    this.isMultiCell = isMultiCell(init.type.type);
    this.mask = init.mask;
    Object.freeze(this);
  }

  /** Whether the column is part of the primary key. */
  get isPrimaryKey(): boolean {
    return this.kind === 'partition_key' || this.kind === 'clustering';
  }

  /**
   * The column definition as in CREATE TABLE: `name type[ static][ MASKED WITH …]`.
   *
   * @example
   * ```ts
   * column.toCql(); // 'owner text static'
   * ```
   */
  toCql(): string {
    const type = schemaTypeCql(this.schemaType);
    const isStatic = this.kind === 'static' ? ' static' : '';
    const mask = this.mask === undefined ? '' : ` MASKED WITH ${maskCql(this.mask)}`;
    return `${cqlIdentifier(this.name)} ${type}${isStatic}${mask}`;
  }
}

function maskCql(mask: ColumnMask): string {
  const args = mask.argumentValues.map((v) => v ?? 'null').join(', ');
  return `${cqlIdentifier(mask.functionKeyspace)}.${cqlIdentifier(mask.functionName)}(${args})`;
}

/** Reads a `system_schema.column_masks` row. */
export function readColumnMask(row: SchemaRow, what: string): ColumnMask {
  const ref: RowRef = { row, what };
  return Object.freeze({
    functionKeyspace: requiredText(ref, 'function_keyspace'),
    functionName: requiredText(ref, 'function_name'),
    argumentTypes: textList(ref, 'function_argument_types'),
    argumentValues: nullableTextList(ref, 'function_argument_values'),
  });
}

const KINDS: ReadonlyMap<string, ColumnKind> = new Map([
  ['partition_key', 'partition_key'],
  ['clustering', 'clustering'],
  ['regular', 'regular'],
  ['static', 'static'],
  // Legacy (compact storage) kind; behaves as a regular column.
  ['compact_value', 'regular'],
]);

/**
 * Builds a column from its `system_schema.columns` (or `system_virtual_schema.columns`) row,
 * resolving user types through `resolveUdt`. An unparsable type does not fail the column: its
 * `type` becomes a custom placeholder and {@link ColumnMetadata.toCql} writes the stored text.
 */
export function readColumn(
  row: SchemaRow,
  what: string,
  resolveUdt: UdtResolver,
  mask: ColumnMask | undefined,
): ColumnMetadata {
  const ref: RowRef = { row, what };
  const name = requiredText(ref, 'column_name');
  const typeText = requiredText(ref, 'type');
  const kind = KINDS.get(requiredText(ref, 'kind').toLowerCase()) ?? 'regular';
  const order = (optionalText(ref, 'clustering_order') ?? 'none').toUpperCase();
  return new ColumnMetadata({
    name,
    type: parseSchemaType(typeText, resolveUdt),
    kind,
    position: optionalNumber(ref, 'position') ?? -1,
    clusteringOrder: kind === 'clustering' ? (order === 'DESC' ? 'DESC' : 'ASC') : 'NONE',
    mask,
  });
}

/**
 * Orders columns the way Cassandra (and DESCRIBE) does: partition key and clustering columns by
 * position, then static columns, then regular ones; within each of the last two groups simple
 * columns before multi-cell ones, each by name in UTF-8 byte order.
 */
export function sortColumns(columns: readonly ColumnMetadata[]): ColumnMetadata[] {
  const byPosition = (a: ColumnMetadata, b: ColumnMetadata): number => a.position - b.position;
  const byStorage = (a: ColumnMetadata, b: ColumnMetadata): number =>
    Number(a.isMultiCell) - Number(b.isMultiCell) || compareUtf8(a.name, b.name);
  const of = (kind: ColumnKind): ColumnMetadata[] => columns.filter((c) => c.kind === kind);
  return [
    ...of('partition_key').sort(byPosition),
    ...of('clustering').sort(byPosition),
    ...of('static').sort(byStorage),
    ...of('regular').sort(byStorage),
  ];
}

/** The masks of a table's or view's columns, by column name. */
export function readColumnMasks(masks: readonly SchemaRow[], what: string): Map<string, ColumnMask> {
  const byColumn = new Map<string, ColumnMask>();
  for (const row of masks) {
    const column = requiredText({ row, what }, 'column_name');
    byColumn.set(column, readColumnMask(row, `${what} column ${column} mask`));
  }
  return byColumn;
}

/** Builds the columns of a table or view from their rows. */
export function readColumns(
  rows: readonly SchemaRow[],
  masks: readonly SchemaRow[],
  what: string,
  resolveUdt: UdtResolver,
): ColumnMetadata[] {
  const maskOf = readColumnMasks(masks, what);
  return rows.map((row) => {
    const name = requiredText({ row, what }, 'column_name');
    return readColumn(row, `${what} column ${name}`, resolveUdt, maskOf.get(name));
  });
}
