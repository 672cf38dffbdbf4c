/**
 * Schema metadata: loading `system_schema` through a query function, an immutable snapshot with
 * scoped refreshes, and CQL (DESCRIBE-compatible) output for every element.
 *
 * @example
 * ```ts
 * const query: SchemaQuery = (cql, params) =>
 *   session.execute(cql, params ?? [], { paging: false }).then((rs) => rs.rows);
 * const schema = SchemaMetadata.EMPTY.withRows({ kind: 'all' }, await fetchSchemaRows(query, { kind: 'all' }));
 * console.log(schema.keyspace('shop')?.toCql());
 * ```
 *
 * @packageDocumentation
 */
export { SchemaMetadata, type SchemaCqlOptions } from './schema-metadata';
export { fetchSchemaRows, NO_SCHEMA_ROWS, type SchemaRow, type SchemaRows } from './schema-rows';
export { functionSignature, schemaScopeOf, type SchemaQuery, type SchemaScope } from './schema-scope';
export { KeyspaceMetadata, isSystemKeyspace } from './keyspace-metadata';
export { TableMetadata } from './table-metadata';
export type { ClusteringColumn, ColumnLayout } from './table-layout';
export type { TableOptions } from './table-options';
export { ColumnMetadata, type ClusteringOrder, type ColumnKind, type ColumnMask } from './column-metadata';
export { IndexMetadata, type IndexKind } from './index-metadata';
export { MaterializedViewMetadata } from './view-metadata';
export { UserTypeMetadata } from './user-type-metadata';
export { FunctionMetadata } from './function-metadata';
export { AggregateMetadata } from './aggregate-metadata';
export { cqlTypeText, type TypeTextContext } from './cql-type-text';
export { SchemaRowError } from './schema-row-error';
