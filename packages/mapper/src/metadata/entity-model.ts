/**
 * The mapping of one entity class (and of each `@Udt` class), built once from the decorators:
 * everything the statements, conversions and schema tools need, with names and types resolved.
 *
 * @packageDocumentation
 */
import type { DataType, UdtDataType } from '@cqlkit/driver';
import type { ColumnConverter } from '../conversion/column-converter';
import type { IndexOptions } from '../decorators/declaration-store';
import type { ClusteringDirection } from '../decorators/keys';
import type { EntityClass } from '../entity-types';

/**
 * Where a column sits in the table.
 *
 * @example
 * ```ts
 * mapper.model(User).columns.filter((c) => c.role === 'static');
 * ```
 */
export type ColumnRole = 'partition' | 'clustering' | 'static' | 'regular';

/**
 * One mapped column.
 *
 * @example
 * ```ts
 * const email = mapper.model(User).byProperty.get('email');
 * email?.name; // 'email'
 * ```
 */
export interface ColumnModel {
  /** The entity property. */
  readonly property: string;
  /** The CQL column name (exact case). */
  readonly name: string;
  /** The column name as CQL text (quoted when needed). */
  readonly cql: string;
  /** The CQL type. */
  readonly type: DataType;
  /** Partition key, clustering, static or regular column. */
  readonly role: ColumnRole;
  /** Position within the partition key or the clustering columns (0-based), else -1. */
  readonly position: number;
  /** Direction of a clustering column (`'ASC'` for other columns). */
  readonly direction: ClusteringDirection;
  /** A `@Counter` column. */
  readonly isCounter: boolean;
  /** The `@Version` column. */
  readonly isVersion: boolean;
  /** `design:type` of the property. */
  readonly designType: unknown;
  /** The custom converter, if any. */
  readonly converter: ColumnConverter | undefined;
  /** Indexes declared with `@Index`. */
  readonly indexes: readonly IndexOptions[];
}

/**
 * A `@Computed` property: `writetime(column)` or `ttl(column)`.
 *
 * @example
 * ```ts
 * mapper.model(User).computed.map((c) => c.cql); // ['writetime(name)']
 * ```
 */
export interface ComputedModel {
  readonly property: string;
  readonly fn: 'writetime' | 'ttl';
  /** The column the function reads. */
  readonly column: ColumnModel;
  /** The selector as CQL text, e.g. `writetime(name)`. */
  readonly cql: string;
  /** `design:type` of the property. */
  readonly designType: unknown;
}

/**
 * The mapping of an entity class to its table.
 *
 * @example
 * ```ts
 * const model = mapper.model(User);
 * model.qualifiedTable; // 'shop.users'
 * model.partitionKey.map((c) => c.name); // ['id']
 * ```
 */
export interface EntityModel<T extends object = object> {
  readonly ctor: EntityClass<T>;
  readonly className: string;
  readonly keyspace: string;
  readonly table: string;
  /** `keyspace.table` as CQL text. */
  readonly qualifiedTable: string;
  /** Every column: partition key, clustering columns (in order), then the others as declared. */
  readonly columns: readonly ColumnModel[];
  readonly partitionKey: readonly ColumnModel[];
  readonly clusteringKey: readonly ColumnModel[];
  /** Partition key then clustering columns. */
  readonly primaryKey: readonly ColumnModel[];
  /** Static and regular columns (counters and the version included). */
  readonly nonKey: readonly ColumnModel[];
  readonly computed: readonly ComputedModel[];
  readonly version: ColumnModel | undefined;
  /** True when the table holds counters (then every non-key column is a counter). */
  readonly isCounterTable: boolean;
  /** Columns by property name. */
  readonly byProperty: ReadonlyMap<string, ColumnModel>;
  /** Columns by CQL name. */
  readonly byColumnName: ReadonlyMap<string, ColumnModel>;
  /** The UDTs the table uses, nested ones first (creation order). */
  readonly udts: readonly UdtModel[];
}

/**
 * One field of a `@Udt` class.
 *
 * @example
 * ```ts
 * mapper.udtModel(Address).fields.map((f) => `${f.property} → ${f.name}`);
 * ```
 */
export interface FieldModel {
  readonly property: string;
  /** CQL field name. */
  readonly name: string;
  readonly cql: string;
  readonly type: DataType;
  readonly designType: unknown;
  readonly converter: ColumnConverter | undefined;
}

/**
 * The mapping of a `@Udt` class to a user-defined type in one keyspace.
 *
 * @example
 * ```ts
 * mapper.udtModel(Address, 'shop').fields.map((f) => f.name); // ['street', 'zip_code']
 * ```
 */
export interface UdtModel {
  readonly ctor: abstract new () => object;
  readonly className: string;
  readonly keyspace: string;
  readonly name: string;
  /** `keyspace.name` as CQL text. */
  readonly qualifiedName: string;
  readonly fields: readonly FieldModel[];
  /** The type as the driver describes it (not frozen). */
  readonly dataType: UdtDataType;
  /** UDTs used by the fields, nested ones first. */
  readonly dependencies: readonly UdtModel[];
}
