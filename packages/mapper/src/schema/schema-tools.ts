/**
 * The mapper's schema tools: DDL from entities, validation against the live schema, and diffs
 * written as migration files.
 *
 * @packageDocumentation
 */
import type { Session } from '@cqlkit/driver';
import type { EntityClass } from '../entity-types';
import { SchemaMismatchError, type SchemaMismatch } from '../errors';
import type { EntityModel } from '../metadata/entity-model';
import { schemaCql, type DdlOptions } from './ddl';
import { diffSchema, type SchemaDiff, type SchemaDiffOptions } from './diff';
import type { LiveSchemaSource } from './live-schema';
import { writeMigrationFile, type MigrationFileOptions } from './migration-file';
import { validateEntity } from './validation';

/**
 * Schema tools bound to a mapper (`mapper.schema`).
 *
 * @example
 * ```ts
 * console.log(mapper.schema.createStatements([User, Order]).join(';\n'));
 * const mismatches = await mapper.schema.validate([User]);
 * await mapper.schema.writeMigration([User, Order], { directory: 'migrations', description: 'orders' });
 * ```
 */
export class SchemaTools {
  /** @internal */
  constructor(
    private readonly session: Session,
    private readonly source: LiveSchemaSource,
    private readonly model: <T extends object>(ctor: EntityClass<T>) => EntityModel<T>,
  ) {}

  /** CREATE TYPE / TABLE / INDEX statements for the entities (types first, each once). */
  createStatements(entities: readonly EntityClass[], options?: DdlOptions): string[] {
    return schemaCql(
      entities.map((e) => this.model(e)),
      options,
    );
  }

  /**
   * Runs {@link SchemaTools.createStatements} one by one (for development and tests; production
   * schemas belong in migrations). Returns the statements run.
   */
  async create(entities: readonly EntityClass[], options?: DdlOptions): Promise<string[]> {
    const statements = this.createStatements(entities, options);
    for (const cql of statements) await this.session.execute(cql);
    return statements;
  }

  /** Every mismatch between the entities and the live schema (empty when they match). */
  async validate(entities: readonly EntityClass[]): Promise<SchemaMismatch[]> {
    const lists = await Promise.all(entities.map((e) => validateEntity(this.model(e), this.source)));
    return lists.flat();
  }

  /**
   * Like {@link SchemaTools.validate}, throwing when anything differs.
   *
   * @throws SchemaMismatchError listing every mismatch.
   */
  async assertValid(entities: readonly EntityClass[]): Promise<void> {
    const mismatches = await this.validate(entities);
    if (mismatches.length > 0) throw new SchemaMismatchError(mismatches);
  }

  /** The statements (and warnings) that bring the live schema to the entities. */
  diff(entities: readonly EntityClass[], options?: SchemaDiffOptions): Promise<SchemaDiff> {
    return diffSchema(
      entities.map((e) => this.model(e)),
      this.source,
      options,
    );
  }

  /**
   * Writes the diff as a migration file for `@cqlkit/migrations` (`V<version>__<description>.cql`).
   * Resolves with the file path and the diff, or `undefined` (no file) when nothing differs.
   */
  async writeMigration(
    entities: readonly EntityClass[],
    options: MigrationFileOptions & SchemaDiffOptions,
  ): Promise<{ path: string; diff: SchemaDiff } | undefined> {
    const diff = await this.diff(entities, options);
    if (diff.statements.length === 0 && diff.warnings.length === 0) return undefined;
    return { path: await writeMigrationFile(diff, options), diff };
  }
}
