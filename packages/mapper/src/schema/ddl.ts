/**
 * CQL DDL generated from entity and UDT models: CREATE TYPE, CREATE TABLE (with clustering
 * order and static columns) and CREATE INDEX (SAI by default).
 *
 * @packageDocumentation
 */
import { cqlIdentifier, dataTypeToString, type DataType } from '@cqlkit/driver';
import type { IndexOptions } from '../decorators/declaration-store';
import type { ColumnModel, EntityModel, UdtModel } from '../metadata/entity-model';

/**
 * Options of generated DDL.
 *
 * @example
 * ```ts
 * mapper.schema.createStatements([User], { ifNotExists: false });
 * ```
 */
export interface DdlOptions {
  /** Add `IF NOT EXISTS` (default true). */
  readonly ifNotExists?: boolean;
}

/**
 * `CREATE TYPE` of a UDT model.
 *
 * @example
 * ```ts
 * createTypeCql(mapper.udtModel(Address, 'shop'));
 * // CREATE TYPE IF NOT EXISTS shop.address (street text, zip_code int)
 * ```
 */
export function createTypeCql(udt: UdtModel, options: DdlOptions = {}): string {
  const fields = udt.fields.map((f) => `${f.cql} ${typeText(f.type)}`).join(', ');
  return `CREATE TYPE ${ifNotExists(options)}${udt.qualifiedName} (${fields})`;
}

/**
 * `CREATE TABLE` of an entity model.
 *
 * @example
 * ```ts
 * createTableCql(mapper.model(Reading));
 * // CREATE TABLE IF NOT EXISTS iot.reading (
 * //   sensor text,
 * //   at timestamp,
 * //   value double,
 * //   PRIMARY KEY ((sensor), at)
 * // ) WITH CLUSTERING ORDER BY (at DESC)
 * ```
 */
export function createTableCql(model: EntityModel, options: DdlOptions = {}): string {
  const lines = model.columns.map((c) => `  ${columnDefinition(c)}`);
  const partition = `(${model.partitionKey.map((c) => c.cql).join(', ')})`;
  const clustering = model.clusteringKey.map((c) => c.cql);
  lines.push(`  PRIMARY KEY (${[partition, ...clustering].join(', ')})`);
  const order =
    model.clusteringKey.length > 0
      ? ` WITH CLUSTERING ORDER BY (${model.clusteringKey.map((c) => `${c.cql} ${c.direction}`).join(', ')})`
      : '';
  return `CREATE TABLE ${ifNotExists(options)}${model.qualifiedTable} (\n${lines.join(',\n')}\n)${order}`;
}

/** `name type [STATIC]` of a column, as in CREATE TABLE and ALTER TABLE ADD. @internal */
export function columnDefinition(c: ColumnModel): string {
  return `${c.cql} ${typeText(c.type)}${c.role === 'static' ? ' STATIC' : ''}`;
}

/**
 * The default name of an index on a column.
 *
 * @internal
 */
export function indexName(model: EntityModel, column: ColumnModel, index: IndexOptions): string {
  return index.name ?? `${model.table}_${column.name}_idx`;
}

/**
 * `CREATE INDEX` statements of the entity's `@Index` declarations: `CREATE CUSTOM INDEX … USING
 * 'StorageAttachedIndex'` for SAI (the default), `CREATE INDEX` for legacy secondary indexes.
 *
 * @example
 * ```ts
 * createIndexCql(mapper.model(User));
 * // ["CREATE CUSTOM INDEX IF NOT EXISTS user_email_idx ON shop.user (email) USING 'StorageAttachedIndex'"]
 * ```
 */
export function createIndexCql(model: EntityModel, options: DdlOptions = {}): string[] {
  const out: string[] = [];
  for (const column of model.columns) {
    for (const index of column.indexes) {
      const name = cqlIdentifier(indexName(model, column, index));
      const target = indexTarget(column, index);
      const using = index.using ?? 'sai';
      const withOptions =
        index.options && Object.keys(index.options).length > 0
          ? ` WITH OPTIONS = {${Object.entries(index.options)
              .map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`)
              .join(', ')}}`
          : '';
      if (using === 'secondary') {
        out.push(
          `CREATE INDEX ${ifNotExists(options)}${name} ON ${model.qualifiedTable} (${target})${withOptions}`,
        );
      } else {
        const cls = using === 'sai' ? 'StorageAttachedIndex' : using;
        out.push(
          `CREATE CUSTOM INDEX ${ifNotExists(options)}${name} ON ${model.qualifiedTable} (${target}) USING ${quoteString(cls)}${withOptions}`,
        );
      }
    }
  }
  return out;
}

/**
 * Every statement that creates the schema of the entities: their UDTs (nested ones first, each
 * once), tables, then indexes.
 *
 * @example
 * ```ts
 * for (const cql of schemaCql([mapper.model(User), mapper.model(Order)])) await session.execute(cql);
 * ```
 */
export function schemaCql(models: readonly EntityModel[], options: DdlOptions = {}): string[] {
  const udts: UdtModel[] = [];
  for (const m of models) for (const u of m.udts) if (!udts.includes(u)) udts.push(u);
  return [
    ...udts.map((u) => createTypeCql(u, options)),
    ...models.map((m) => createTableCql(m, options)),
    ...models.flatMap((m) => createIndexCql(m, options)),
  ];
}

/** CQL type text of a column type (`frozen<…>` as declared). @internal */
export function typeText(type: DataType): string {
  return dataTypeToString(type);
}

function indexTarget(column: ColumnModel, index: IndexOptions): string {
  const t = column.type;
  const isCollection = t.kind === 'list' || t.kind === 'set' || t.kind === 'map';
  if (!isCollection) return column.cql;
  if (t.frozen === true) return `FULL(${column.cql})`;
  const target = index.target ?? 'values';
  return `${target.toUpperCase()}(${column.cql})`;
}

function ifNotExists(options: DdlOptions): string {
  return options.ifNotExists === false ? '' : 'IF NOT EXISTS ';
}

function quoteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
