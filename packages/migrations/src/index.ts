/**
 * `@cqlkit/migrations`: versioned CQL and TypeScript/JavaScript migrations for Cassandra and
 * ScyllaDB, with an LWT lease as lock, a schema-agreement wait after every schema change, and
 * resumption of a half-applied file. The `cqlkit-migrate` command runs the same code.
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 * import { formatEvent, migrate, migrationStatus } from '@cqlkit/migrations';
 *
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
 * const session = await cluster.connect();
 * const options = { keyspace: 'shop', migrationsDir: 'migrations', onEvent: (e) => console.log(formatEvent(e)) };
 * await migrate(session, options);
 * console.log((await migrationStatus(session, options)).currentVersion);
 * ```
 * @module @cqlkit/migrations
 * @packageDocumentation
 */
export { migrate, type MigrateOptions, type MigrateResult, type PlannedMigration } from './commands/up';
export { migrationStatus, type MigrationState, type StatusEntry, type StatusReport } from './commands/status';
export {
  createMigration,
  type CreateMigrationOptions,
  type CreatedMigration,
  type NewMigrationKind,
} from './commands/create';
export { baseline, type BaselineOptions } from './commands/baseline';
export { repair, type RepairResult } from './commands/repair';
export { down, type DownOptions, type DownResult, type RevertedMigration } from './commands/down';
export type { MigrationOptions, LockOptions } from './options';
export type { AppliedMigration } from './runner';
export type { CodeMigration } from './code-migration';
export type { MigrationSession, MigrationQueryResult } from './migration-session';
export { formatEvent, type MigrationEvent, type MigrationEventListener } from './events';
export type { KeyspaceCreation, Replication } from './keyspace';
export type { HistoryRecord, HistoryState, HistoryKind } from './history';
export { loadMigrations, type Migration, type UndoScript } from './loader';
export { splitCql, isSchemaStatement, type CqlStatement } from './cql-splitter';
export { parseMigrationFileName, type MigrationFileName, type MigrationKind } from './migration-file-name';
export { canonicalVersion, compareVersions } from './version';
export { importMigrationModule, type ModuleImporter } from './module-importer';
export { sessionSchemaAgreement, type SchemaAgreement } from './schema-agreement';
export {
  MIGRATION_CHANNELS,
  type MigrationCommandTrace,
  type MigrationStatementTrace,
  type MigrationTrace,
  type SchemaAgreementTrace,
  type TraceOutcome,
} from './diagnostics';
export * from './errors';
