/**
 * `Mapper`: the entry point. Holds the session, the models (built once per class), the
 * repositories, the schema tools and the plain ↔ entity conversions.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import type { Session } from '@cqlkit/driver';
import type { ClassTransformOptions } from 'class-transformer';
import { EntityConverter } from './conversion/entity-converter';
import { entityToPlain, plainToEntity } from './conversion/plain-conversion';
import { declaredUdtClasses } from './decorators/declaration-store';
import { EntityBatch, type EntityBatchOptions } from './entity-batch';
import type { EntityClass } from './entity-types';
import { MapperArgumentError, SchemaMismatchError } from './errors';
import type { EntityModel, UdtModel } from './metadata/entity-model';
import { ModelRegistry } from './metadata/model-registry';
import { snakeCaseNaming, type NamingStrategy } from './metadata/naming-strategy';
import { Repository } from './repository/repository';
import type { LiveSchemaSource } from './schema/live-schema';
import { ClusterMetadataSource } from './schema/cluster-metadata-source';
import { SchemaTools } from './schema/schema-tools';
import { validateEntity } from './schema/validation';
import { StatementCache } from './statements/statement-cache';
import { registerUdtModels } from './udt-registration';
import { checkMapperOptions, MAPPER_OPTION_NAMES } from './option-names';

/**
 * Options of a {@link Mapper}.
 *
 * @example
 * ```ts
 * new Mapper(session, { keyspace: 'shop', schemaValidation: 'warn' });
 * ```
 */
export interface MapperOptions {
  /** Keyspace of entities and UDTs that name none (default: the session's keyspace). */
  readonly keyspace?: string;
  /** camelCase → snake_case by default ({@link snakeCaseNaming}). */
  readonly namingStrategy?: NamingStrategy;
  /**
   * What a repository does on first use when its entity does not match the live schema:
   * `'error'` (default) rejects with a `SchemaMismatchError` listing every mismatch, `'warn'`
   * reports it through `onWarning` and carries on, `'off'` skips validation.
   */
  readonly schemaValidation?: 'error' | 'warn' | 'off';
  /** Where the live schema is read (default: the driver's schema metadata, `session.cluster.schema`). */
  readonly schemaSource?: LiveSchemaSource;
  /** Receives warnings (default: `process.emitWarning`). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Maps decorated classes to tables and user-defined types on top of a driver session.
 *
 * @example
 * ```ts
 * import { Cluster, Uuid } from '@cqlkit/driver';
 * import { Column, Entity, Mapper, PartitionKey } from '@cqlkit/mapper';
 *
 * @Entity({ table: 'users' })
 * class User {
 *   @PartitionKey() id!: Uuid;
 *   @Column() name?: string;
 * }
 *
 * const cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
 * const mapper = new Mapper(await cluster.connect('shop'));
 * await mapper.schema.create([User]); // development only
 * const users = mapper.repository(User);
 * await users.insert(Object.assign(new User(), { id: Uuid.random(), name: 'Ann' }));
 * ```
 */
export class Mapper {
  /** Schema tools: DDL, validation, diffs and migration files. */
  readonly schema: SchemaTools;
  private readonly registry: ModelRegistry;
  private readonly repositories = new WeakMap<object, Repository<object>>();
  private readonly converters = new WeakMap<object, EntityConverter<object>>();
  private readonly source: LiveSchemaSource;
  private readonly warn: (message: string) => void;

  constructor(
    /** The raw driver session, for anything the mapper does not cover. */
    readonly session: Session,
    private readonly options: MapperOptions = {},
  ) {
    if (
      session === null ||
      typeof session !== 'object' ||
      typeof (session as Session).execute !== 'function'
    ) {
      throw new MapperArgumentError(
        'new Mapper(session): session must be a connected @cqlkit/driver Session',
      );
    }
    checkMapperOptions('new Mapper()', options, MAPPER_OPTION_NAMES.mapper);
    const mode = options.schemaValidation;
    if (mode !== undefined && mode !== 'error' && mode !== 'warn' && mode !== 'off') {
      throw new MapperArgumentError(
        `new Mapper(): option 'schemaValidation' must be 'error', 'warn' or 'off', got ${String(mode)}`,
      );
    }
    this.warn = options.onWarning ?? ((message) => process.emitWarning(message, 'CqlkitMapperWarning'));
    this.registry = new ModelRegistry(
      options.namingStrategy ?? snakeCaseNaming,
      () => options.keyspace ?? session.keyspace,
      this.warn,
    );
    this.source = options.schemaSource ?? new ClusterMetadataSource(session.cluster);
    this.schema = new SchemaTools(session, this.source, (ctor) => this.model(ctor));
  }

  /**
   * The mapping of an entity class (built once; throws `EntityDefinitionError` listing every
   * problem of the class).
   *
   * @example
   * ```ts
   * mapper.model(User).qualifiedTable; // 'shop.users'
   * ```
   */
  model<T extends object>(ctor: EntityClass<T>): EntityModel<T> {
    if (typeof ctor !== 'function') {
      throw new MapperArgumentError(`expected an @Entity class, got ${ctor === null ? 'null' : typeof ctor}`);
    }
    return this.registry.entity(ctor);
  }

  /**
   * The mapping of a `@Udt` class in a keyspace (default: the mapper's).
   *
   * @example
   * ```ts
   * mapper.udtModel(Address).fields.map((f) => f.name);
   * ```
   */
  udtModel(ctor: abstract new () => object, keyspace?: string): UdtModel {
    return this.registry.udt(ctor, this.keyspaceFor('udtModel()', keyspace));
  }

  /**
   * The repository of an entity class (one per class and mapper).
   *
   * @example
   * ```ts
   * const users = mapper.repository(User);
   * ```
   */
  repository<T extends object>(ctor: EntityClass<T>): Repository<T> {
    let repository = this.repositories.get(ctor) as Repository<T> | undefined;
    if (repository === undefined) {
      const converter = this.converter(ctor);
      const model = converter.model;
      repository = new Repository<T>({
        session: this.session,
        converter,
        statements: new StatementCache(this.session, model.className, this.warn),
        validate: () => this.validateModel(model),
      });
      this.repositories.set(ctor, repository as Repository<object>);
    }
    return repository;
  }

  /**
   * A batch of entity writes.
   *
   * @example
   * ```ts
   * await mapper.batch({ type: 'unlogged' }).insert(User, a).insert(User, b).execute();
   * ```
   */
  batch(options?: EntityBatchOptions): EntityBatch {
    checkMapperOptions('mapper.batch()', options, MAPPER_OPTION_NAMES.batch);
    return new EntityBatch(
      {
        session: this.session,
        repository: (ctor) => this.repository(ctor),
        converter: (ctor) => this.converter(ctor),
      },
      options,
    );
  }

  /**
   * An entity from a plain object (e.g. parsed JSON) through class-transformer's
   * `plainToInstance`; mapped values are converted from their JSON forms (uuid strings to Uuid,
   * ISO strings to Date, base64 to Buffer, objects to UDT class instances…).
   *
   * @example
   * ```ts
   * const user = mapper.toEntity(User, { id: '5b6962dd-3f90-4c93-8f61-eabfa4a803e2', name: 'Ann' });
   * ```
   */
  toEntity<T extends object>(ctor: EntityClass<T>, plain: object, options?: ClassTransformOptions): T {
    if (typeof plain !== 'object' || plain === null) {
      throw new MapperArgumentError(
        `toEntity(${ctor.name}, plain): plain must be an object, got ${plain === null ? 'null' : typeof plain}`,
      );
    }
    return plainToEntity(this.model(ctor), this.registry, plain, options);
  }

  /**
   * A plain JSON-ready object from an entity through class-transformer's `instanceToPlain`
   * (honouring `@Expose`/`@Exclude`); mapped values become strings, numbers, arrays and objects.
   *
   * @example
   * ```ts
   * JSON.stringify(mapper.toPlain(user)); // {"id":"5b6962dd-…","name":"Ann"}
   * ```
   */
  toPlain<T extends object>(entity: T, options?: ClassTransformOptions): Record<string, unknown> {
    if (typeof entity !== 'object' || entity === null) {
      throw new MapperArgumentError(
        `toPlain(entity): expected an entity instance, got ${entity === null ? 'null' : typeof entity}`,
      );
    }
    return entityToPlain(this.model(entity.constructor as EntityClass<T>), entity, options);
  }

  /**
   * Registers `@Udt` classes (default: every declared one) with the driver through the
   * session's `cluster.registerUserType`, so raw session results yield class instances too. Each
   * class goes to its `@Udt({ keyspace })` or `keyspace` (default: the mapper's).
   *
   * @throws UserTypeDoesNotExistError (from the driver) when a type does not exist.
   * @example
   * ```ts
   * const mapper = new Mapper(session);
   * await mapper.registerUdts([Address, Geo]);
   * ```
   */
  async registerUdts(classes?: readonly (abstract new () => object)[], keyspace?: string): Promise<void> {
    const ks = this.keyspaceFor('registerUdts()', keyspace);
    const models = (classes ?? declaredUdtClasses()).map((c) => this.registry.udt(c, ks));
    await registerUdtModels(this.session.cluster, models);
  }

  private converter<T extends object>(ctor: EntityClass<T>): EntityConverter<T> {
    let converter = this.converters.get(ctor) as EntityConverter<T> | undefined;
    if (converter === undefined) {
      converter = new EntityConverter(this.model(ctor), this.registry);
      this.converters.set(ctor, converter as EntityConverter<object>);
    }
    return converter;
  }

  private async validateModel(model: EntityModel): Promise<void> {
    const mode = this.options.schemaValidation ?? 'error';
    if (mode === 'off') return;
    const mismatches = await validateEntity(model, this.source);
    if (mismatches.length === 0) return;
    const error = new SchemaMismatchError(mismatches);
    if (mode === 'error') throw error;
    this.warn(error.message);
  }

  private keyspaceFor(call: string, keyspace: string | undefined): string {
    const ks = keyspace ?? this.options.keyspace ?? this.session.keyspace;
    if (ks === undefined) {
      throw new MapperArgumentError(
        `${call}: no keyspace; pass one, give new Mapper(session, { keyspace }) or connect the session to a keyspace`,
      );
    }
    return ks;
  }
}
