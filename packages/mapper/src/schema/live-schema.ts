/**
 * The live schema as the mapper reads it: tables (columns, keys, indexes) and user-defined
 * types. A small interface: the mapper's source is the driver's schema metadata
 * ({@link ClusterMetadataSource}); tests and special setups can pass their own.
 *
 * @packageDocumentation
 */

/**
 * One column of a live table, as `system_schema.columns` describes it.
 *
 * @example
 * ```ts
 * const email: LiveColumn = { name: 'email', type: 'text', kind: 'regular', position: -1, clusteringOrder: 'none' };
 * ```
 */
export interface LiveColumn {
  readonly name: string;
  /** CQL type text, e.g. `frozen<list<int>>`. */
  readonly type: string;
  readonly kind: 'partition_key' | 'clustering' | 'regular' | 'static';
  /** Position within the partition key or clustering columns; -1 otherwise. */
  readonly position: number;
  readonly clusteringOrder: 'asc' | 'desc' | 'none';
}

/**
 * One index of a live table.
 *
 * @example
 * ```ts
 * (await source.table('shop', 'users'))?.indexes.map((i) => i.options.target);
 * ```
 */
export interface LiveIndex {
  readonly name: string;
  /** `COMPOSITES`, `KEYS` or `CUSTOM`. */
  readonly kind: string;
  /** Index options, including `target` and (custom indexes) `class_name`. */
  readonly options: Readonly<Record<string, string>>;
}

/**
 * A live table.
 *
 * @example
 * ```ts
 * (await source.table('shop', 'users'))?.columns.filter((c) => c.kind === 'partition_key');
 * ```
 */
export interface LiveTable {
  readonly keyspace: string;
  readonly name: string;
  readonly columns: readonly LiveColumn[];
  readonly indexes: readonly LiveIndex[];
}

/**
 * A live user-defined type.
 *
 * @example
 * ```ts
 * (await source.userType('shop', 'address'))?.fields.map((f) => f.name);
 * ```
 */
export interface LiveUserType {
  readonly keyspace: string;
  readonly name: string;
  /** Fields in declaration order with their CQL type text. */
  readonly fields: readonly { readonly name: string; readonly type: string }[];
}

/**
 * Where the mapper reads the live schema. Names are exact (case-sensitive, unquoted).
 *
 * @example
 * ```ts
 * const source: LiveSchemaSource = new ClusterMetadataSource(session.cluster);
 * const users = await source.table('shop', 'users');
 * users?.columns.map((c) => `${c.name} ${c.type}`);
 * ```
 */
export interface LiveSchemaSource {
  /** The table, or `undefined` when it does not exist. */
  table(keyspace: string, name: string): Promise<LiveTable | undefined>;
  /** The user-defined type, or `undefined` when it does not exist. */
  userType(keyspace: string, name: string): Promise<LiveUserType | undefined>;
}
