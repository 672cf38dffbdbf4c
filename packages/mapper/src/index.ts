/**
 * `@cqlkit/mapper`: decorated entity classes, UDT classes and typed repositories on
 * `@cqlkit/driver`, with schema generation, validation against the live schema and migration
 * files from schema diffs.
 *
 * Needs `experimentalDecorators` and `emitDecoratorMetadata` in tsconfig (the CQL type of a
 * column comes from the TypeScript type when that is unambiguous).
 *
 * @example
 * ```ts
 * import { Cluster, TimeUuid } from '@cqlkit/driver';
 * import { ClusteringKey, Column, Entity, Mapper, PartitionKey, ops } from '@cqlkit/mapper';
 *
 * @Entity({ table: 'notes' })
 * class Note {
 *   @PartitionKey() author!: string;
 *   @ClusteringKey(0, 'DESC') id!: TimeUuid;
 *   @Column() body?: string;
 *   @Column({ type: 'set<text>' }) tags?: Set<string>;
 * }
 *
 * const mapper = new Mapper(await new Cluster({ contactPoints: ['127.0.0.1'] }).connect('app'));
 * const notes = mapper.repository(Note);
 * await notes.insert(Object.assign(new Note(), { author: 'ann', id: TimeUuid.now(), body: 'hi' }));
 * await notes.update({ author: 'ann', id }, { tags: ops.append(['cql']) });
 * for await (const n of notes.find({ author: 'ann' }, { limit: 10 })) console.log(n.body);
 * ```
 * @module @cqlkit/mapper
 * @packageDocumentation
 */
export { Mapper, type MapperOptions } from './mapper';
export { Repository, type Page, type SaveOptions } from './repository/repository';
export { EntityStatement, type WriteResult } from './repository/write-result';
export { EntityBatch, type BatchResult, type EntityBatchOptions } from './entity-batch';

export { Entity, type EntityOptions } from './decorators/entity';
export { PartitionKey, ClusteringKey, type ClusteringDirection } from './decorators/keys';
export { Column, Static, Counter, Transient, Computed, Version } from './decorators/column';
export { Index } from './decorators/secondary-index';
export { Udt, Field, type UdtOptions } from './decorators/udt';
export type {
  ColumnOptions,
  CqlTypeSpec,
  IndexOptions,
  MapperPropertyDecorator,
  PropertyShape,
} from './decorators/declaration-store';

export type { EntityClass, EntityData, ExecutionOptions, KeyValues } from './entity-types';
export type { ColumnConverter } from './conversion/column-converter';
export { snakeCaseNaming, exactNaming, toSnakeCase, type NamingStrategy } from './metadata/naming-strategy';
export type {
  ColumnModel,
  ColumnRole,
  ComputedModel,
  EntityModel,
  FieldModel,
  UdtModel,
} from './metadata/entity-model';

export { ops, UpdateOperation, type UpdateOperationKind } from './statements/update-operations';
export { cmp, Comparison, type ComparisonOperator } from './statements/comparisons';
export type { Conditions } from './statements/conditions';
export type { RangeBounds } from './statements/key-restriction';
export type { WriteAttributes } from './statements/statement-plan';
export type {
  ClusteringRange,
  CountOptions,
  FindOptions,
  FindPageOptions,
  QueryShapeOptions,
} from './statements/select-statements';
export type {
  DeleteOptions,
  InsertOptions,
  UpdateChanges,
  UpdateOptions,
} from './statements/write-statements';

export { SchemaTools } from './schema/schema-tools';
export type { LiveColumn, LiveIndex, LiveSchemaSource, LiveTable, LiveUserType } from './schema/live-schema';
export { ClusterMetadataSource } from './schema/cluster-metadata-source';
export { createIndexCql, createTableCql, createTypeCql, schemaCql, type DdlOptions } from './schema/ddl';
export { validateEntity, validateUdt } from './schema/validation';
export { diffSchema, type SchemaDiff, type SchemaDiffOptions } from './schema/diff';
export { migrationText, writeMigrationFile, type MigrationFileOptions } from './schema/migration-file';

export {
  ConversionError,
  EntityDefinitionError,
  MapperArgumentError,
  MapperError,
  OptimisticLockError,
  SchemaMismatchError,
  type MapperErrorCode,
  type SchemaMismatch,
} from './errors';
