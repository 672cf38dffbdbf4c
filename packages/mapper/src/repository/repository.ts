/**
 * `Repository<T>`: the typed operations of one entity, on statements prepared once per shape.
 *
 * @packageDocumentation
 */
import {
  Consistency,
  Long,
  type PreparedStatement,
  type QueryOptions,
  type ResultSet,
  type Session,
} from '@cqlkit/driver';
import type { EntityConverter } from '../conversion/entity-converter';
import type { ExecutionOptions, KeyValues } from '../entity-types';
import { MapperArgumentError, OptimisticLockError } from '../errors';
import type { ColumnModel, EntityModel } from '../metadata/entity-model';
import {
  planCount,
  planFind,
  planFindOne,
  type CountOptions,
  type FindOptions,
  type FindPageOptions,
} from '../statements/select-statements';
import type { StatementCache } from '../statements/statement-cache';
import type { StatementPlan, WriteAttributes } from '../statements/statement-plan';
import {
  planDelete,
  planInsert,
  planUpdate,
  planVersionedUpdate,
  type DeleteOptions,
  type InsertOptions,
  type UpdateChanges,
  type UpdateOptions,
} from '../statements/write-statements';
import { EntityStatement, writeResultOf, type WriteResult } from './write-result';
import { checkMapperOptions, MAPPER_OPTION_NAMES } from '../option-names';
import { namePropertyOf } from '../conversion/value-adapters';

/**
 * One page of entities and how to get the next one.
 *
 * @example
 * ```ts
 * const page = await users.findPage({ org }, { pageSize: 50, pagingState: req.query.cursor });
 * respond(page.items, page.pagingState?.toString('base64'));
 * ```
 */
export interface Page<T> {
  readonly items: T[];
  /** Pass back as `pagingState` to get the next page; `undefined` on the last page. */
  readonly pagingState: Buffer | undefined;
  readonly hasMorePages: boolean;
}

/**
 * Options of `save()`.
 *
 * @example
 * ```ts
 * await users.save(user, { ttl: 3600 });
 * ```
 */
export interface SaveOptions extends ExecutionOptions {
  /** Time to live of the written values, in seconds. */
  readonly ttl?: number;
}

/** What a repository is built from (by the Mapper). @internal */
export interface RepositoryContext<T extends object> {
  readonly session: Session;
  readonly converter: EntityConverter<T>;
  readonly statements: StatementCache;
  /** Validates the entity against the live schema (resolves when valid or validation is off). */
  readonly validate: () => Promise<void>;
}

/** Repository operations, as named in the `summary` of their requests (`findOne User`). */
type Operation = 'findOne' | 'find' | 'findPage' | 'count' | 'insert' | 'update' | 'delete' | 'save';

const READ_OPTIONS: QueryOptions = Object.freeze({ rowShape: 'array', idempotent: true });
const IDEMPOTENT_WRITE: QueryOptions = Object.freeze({ idempotent: true });
const NON_IDEMPOTENT_WRITE: QueryOptions = Object.freeze({ idempotent: false });

/**
 * The operations of one entity class. Get it with `mapper.repository(Entity)`. Every statement is
 * prepared once per entity and shape (which properties, options and conditions) and reused.
 * Input is checked before anything is sent. The first call validates the entity against the live
 * schema (call `ready()` at startup to do it eagerly).
 *
 * @example
 * ```ts
 * const users = mapper.repository(User);
 * await users.ready();
 * await users.insert(Object.assign(new User(), { id: Uuid.random(), name: 'Ann' }));
 * const ann = await users.findOne({ id });
 * await users.update({ id }, { tags: ops.append(['vip']) });
 * for await (const u of users.find({ org: 'acme' }, { limit: 100 })) console.log(u.name);
 * ```
 */
export class Repository<T extends object> {
  private readonly session: Session;
  private readonly converter: EntityConverter<T>;
  private readonly statements: StatementCache;
  private validated = false;
  private validation: Promise<void> | undefined;
  /** The frozen base options with each operation's summary, built on first use. */
  private readonly summarized = new Map<QueryOptions, Map<Operation, QueryOptions>>();

  /** @internal */
  constructor(private readonly context: RepositoryContext<T>) {
    this.session = context.session;
    this.converter = context.converter;
    this.statements = context.statements;
  }

  /** The entity's mapping (table, columns, keys). */
  get model(): EntityModel<T> {
    return this.converter.model;
  }

  /**
   * Validates the entity against the live schema once (every mismatch in one
   * `SchemaMismatchError`). Operations call it on first use; call it at startup to fail early.
   * A failed validation is retried by the next call.
   */
  ready(): Promise<void> {
    if (this.validated) return Promise.resolve();
    this.validation ??= this.context.validate().then(
      () => {
        this.validated = true;
      },
      (e: unknown) => {
        this.validation = undefined;
        throw e;
      },
    );
    return this.validation;
  }

  /**
   * The entity with this primary key, or `undefined`.
   *
   * @throws MapperArgumentError when a primary-key property is missing or unknown.
   */
  findOne(key: KeyValues<T>, options?: ExecutionOptions): Promise<T | undefined> {
    let plan: StatementPlan;
    try {
      if (options !== undefined)
        checkMapperOptions(`${this.model.className}.findOne()`, options, MAPPER_OPTION_NAMES.findOne);
      plan = planFindOne(this.converter, key);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.runWith<unknown[]>(plan, this.summarize(READ_OPTIONS, 'findOne'), options).then(
      this.firstEntity,
      this.rethrowNamed,
    );
  }

  /**
   * Every entity of a partition (the key gives the partition key and optionally a clustering
   * prefix), with an optional clustering range, order and limit, fetched page by page as the
   * iteration proceeds. Input is checked when `find()` is called.
   *
   * @example
   * ```ts
   * for await (const r of readings.find({ sensor, day }, { range: { at: { gte: t0 } }, order: 'DESC' })) use(r);
   * ```
   */
  find(key: KeyValues<T>, options?: FindOptions<T>): AsyncIterable<T> {
    const plan = planFind(this.converter, 'find()', key, options);
    const queryOptions = this.readOptions(options, 'find');
    return { [Symbol.asyncIterator]: () => this.iterate(plan, queryOptions) };
  }

  /**
   * One page of `find()`: the entities and the paging state of the next page.
   *
   * @example
   * ```ts
   * let page = await readings.findPage({ sensor }, { pageSize: 100 });
   * while (page.hasMorePages) page = await readings.findPage({ sensor }, { pageSize: 100, pagingState: page.pagingState });
   * ```
   */
  async findPage(key: KeyValues<T>, options?: FindPageOptions<T>): Promise<Page<T>> {
    const plan = planFind(this.converter, 'findPage()', key, options);
    const queryOptions = {
      ...this.readOptions(options, 'findPage'),
      ...(options?.pagingState !== undefined ? { pagingState: options.pagingState } : {}),
    };
    const rs = await this.run<unknown[]>(plan, queryOptions).catch(this.rethrowNamed);
    return {
      items: rs.rows.map((row) => this.converter.fromRow(row)),
      pagingState: rs.pagingState,
      hasMorePages: rs.hasMorePages,
    };
  }

  /**
   * Number of rows in a partition (or a clustering slice of it).
   *
   * @example
   * ```ts
   * const n = await readings.count({ sensor, day });
   * ```
   */
  async count(key: KeyValues<T>, options?: CountOptions<T>): Promise<number> {
    const plan = planCount(this.converter, key, options);
    const rs = await this.run<unknown[]>(plan, {
      ...executionOnly(options),
      ...this.summarize(READ_OPTIONS, 'count'),
    }).catch(this.rethrowNamed);
    const value = rs.rows[0]?.[0];
    return Long.isLong(value) ? (value as Long).toNumber() : Number(value ?? 0);
  }

  /**
   * Inserts (upserts) every column of the entity; undefined properties bind as `unset` and leave
   * the columns untouched. With `ifNotExists`, a lightweight transaction whose result says
   * whether it was applied and carries the existing row when it was not.
   *
   * @example
   * ```ts
   * const { applied, current } = await users.insert(user, { ifNotExists: true });
   * ```
   */
  insert(entity: T, options?: InsertOptions): Promise<WriteResult<T>> {
    let plan: StatementPlan;
    try {
      plan = planInsert(this.converter as EntityConverter<object>, entity, options);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.write(plan, options, 'insert');
  }

  /**
   * Changes some columns of one row (the partition key alone when only static columns change):
   * assignments (`null` clears), collection and counter operations (`ops`), optionally under
   * conditions (`ifExists`, `if`).
   *
   * @example
   * ```ts
   * await users.update({ id }, { name: 'Ann', tags: ops.remove(['trial']) }, { if: { name: 'Anne' } });
   * ```
   */
  update(key: KeyValues<T>, changes: UpdateChanges<T>, options?: UpdateOptions<T>): Promise<WriteResult<T>> {
    let plan: StatementPlan;
    try {
      plan = planUpdate(
        this.converter as EntityConverter<object>,
        key,
        changes,
        options as UpdateOptions<object>,
      );
    } catch (e) {
      return Promise.reject(e);
    }
    return this.write(plan, options, 'update');
  }

  /**
   * Deletes one row, optionally under conditions.
   *
   * @example
   * ```ts
   * const { applied } = await users.delete({ id }, { ifExists: true });
   * ```
   */
  delete(key: KeyValues<T>, options?: DeleteOptions<T>): Promise<WriteResult<T>> {
    let plan: StatementPlan;
    try {
      plan = planDelete(this.converter as EntityConverter<object>, key, options as DeleteOptions<object>);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.write(plan, options, 'delete');
  }

  /**
   * Saves the entity. With a `@Version` property this is optimistic locking through a
   * lightweight transaction: a new entity (version undefined) is inserted if the row does not
   * exist, an existing one is written only if the row still has the entity's version; the
   * version is then incremented on the entity. When another writer got there first, it throws
   * {@link OptimisticLockError} carrying the current row. Without `@Version`, it is `insert()`.
   *
   * @example
   * ```ts
   * const doc = await docs.findOne({ id });
   * doc.title = 'v2';
   * await docs.save(doc); // throws OptimisticLockError if someone saved since
   * ```
   */
  async save(entity: T, options?: SaveOptions): Promise<T> {
    checkMapperOptions(`${this.model.className}.save()`, options, MAPPER_OPTION_NAMES.save);
    const version = this.model.version;
    if (version === undefined) {
      await this.write(
        planInsert(this.converter as EntityConverter<object>, entity, options),
        options,
        'save',
      );
      return entity;
    }
    const record = entity as Record<string, unknown>;
    const expected = record[version.property];
    const attributes: WriteAttributes | undefined =
      options?.ttl !== undefined ? { ttl: options.ttl } : undefined;
    if (expected === undefined || expected === null) {
      const first = initialVersion(version);
      const plan = planInsert(
        this.converter as EntityConverter<object>,
        entity,
        { ...attributes, ifNotExists: true },
        new Map([[version, first]]),
      );
      const rs = await this.run<Record<string, unknown>>(
        plan,
        this.writeOptions(plan, options, 'save'),
      ).catch(this.rethrowNamed);
      if (!rs.wasApplied) {
        const existing = this.entityOf(rs.first());
        throw new OptimisticLockError<T>(
          this.model.className,
          undefined,
          existing?.[version.property as keyof T],
          existing,
        );
      }
      record[version.property] = first;
      return entity;
    }
    const next = nextVersion(version, expected);
    const plan = planVersionedUpdate(
      this.converter as EntityConverter<object>,
      entity,
      version,
      expected,
      next,
      attributes,
    );
    const rs = await this.run<Record<string, unknown>>(plan, this.writeOptions(plan, options, 'save')).catch(
      this.rethrowNamed,
    );
    if (!rs.wasApplied) {
      const key: Record<string, unknown> = {};
      for (const c of this.model.primaryKey) key[c.property] = record[c.property];
      const current = await this.findOne(key as KeyValues<T>, {
        ...executionOnly(options),
        consistency: options?.serialConsistency ?? Consistency.SERIAL,
      });
      throw new OptimisticLockError<T>(
        this.model.className,
        expected,
        current?.[version.property as keyof T],
        current,
      );
    }
    record[version.property] = next;
    return entity;
  }

  /**
   * The bound INSERT of `insert(entity, options)`, for batches.
   *
   * @example
   * ```ts
   * await mapper.session.batch([await users.insertStatement(a), await users.insertStatement(b)]);
   * ```
   */
  async insertStatement(entity: T, options?: InsertOptions): Promise<EntityStatement> {
    return this.bind(
      planInsert(this.converter as EntityConverter<object>, entity, options),
      options,
      'insert',
    );
  }

  /** The bound UPDATE of `update(key, changes, options)`, for batches. */
  async updateStatement(
    key: KeyValues<T>,
    changes: UpdateChanges<T>,
    options?: UpdateOptions<T>,
  ): Promise<EntityStatement> {
    return this.bind(
      planUpdate(this.converter as EntityConverter<object>, key, changes, options as UpdateOptions<object>),
      options,
      'update',
    );
  }

  /** The bound DELETE of `delete(key, options)`, for batches. */
  async deleteStatement(key: KeyValues<T>, options?: DeleteOptions<T>): Promise<EntityStatement> {
    return this.bind(
      planDelete(this.converter as EntityConverter<object>, key, options as DeleteOptions<object>),
      options,
      'delete',
    );
  }

  /**
   * Prepares (once per shape) and binds a plan, with the execution settings of `options` (a
   * statement keeps no AbortSignal: that belongs to the call that runs it) and, given the
   * operation, the `summary` a request of the statement alone is named by (`insert User`; a
   * batch names itself). @internal
   */
  async bind(
    plan: StatementPlan,
    options?: ExecutionOptions,
    operation?: Operation,
  ): Promise<EntityStatement> {
    const query = await this.prepared(plan);
    const { signal: _signal, ...settings } = this.writeOptions(plan, options, operation);
    return new EntityStatement(query, plan.values, settings, plan.conditional, plan.counter);
  }

  private async prepared(plan: StatementPlan): Promise<PreparedStatement> {
    if (!this.validated) await this.ready();
    return this.statements.get(plan) ?? (await this.statements.prepare(plan));
  }

  /** Executes a plan: straight to the session once validated and prepared. */
  private run<R>(plan: StatementPlan, options: QueryOptions): Promise<ResultSet<R>> {
    const prepared = this.validated ? this.statements.get(plan) : undefined;
    if (prepared !== undefined) return this.session.execute<R>(prepared, plan.values, options);
    return this.prepared(plan).then((p) => this.session.execute<R>(p, plan.values, options));
  }

  /**
   * Executes a plan with the frozen `base` options of its operation and the call's execution
   * options. The hot path, a call without options once validated and prepared, runs the shape's
   * handle whose defaults are `base` and passes no options: the driver has none to check or merge.
   */
  private runWith<R>(
    plan: StatementPlan,
    base: QueryOptions,
    options: ExecutionOptions | undefined,
  ): Promise<ResultSet<R>> {
    if (options !== undefined) return this.run<R>(plan, { ...executionOnly(options), ...base });
    const handle = this.validated ? this.statements.handle(plan, base) : undefined;
    if (handle !== undefined) return this.session.execute<R>(handle, plan.values);
    return this.run<R>(plan, base);
  }

  private write(
    plan: StatementPlan,
    options: ExecutionOptions | undefined,
    operation: Operation,
  ): Promise<WriteResult<T>> {
    const rs = this.runWith<Record<string, unknown>>(plan, this.writeBase(plan, operation), options);
    return plan.conditional
      ? rs.then((r) => writeResultOf(r, true, this.converter), this.rethrowNamed)
      : rs.then(applied, this.rethrowNamed);
  }

  /**
   * Rethrows a request's error, a value the driver refused being attributed to the entity property
   * of its column (`Order.orderedAt (column "ordered_at")`). A rejection handler shared by every
   * call: no closure per request.
   */
  private readonly rethrowNamed = (error: unknown): never => {
    throw namePropertyOf(error, [this.model]);
  };

  private readonly firstEntity = (rs: ResultSet<unknown[]>): T | undefined => {
    const row = rs.rows[0];
    return row === undefined ? undefined : this.converter.fromRow(row);
  };

  private writeOptions(
    plan: StatementPlan,
    options: ExecutionOptions | undefined,
    operation: Operation | undefined,
  ): QueryOptions {
    const base = this.writeBase(plan, operation);
    if (options === undefined) return base;
    return { ...executionOnly(options), ...base };
  }

  /** The frozen options of a write: its idempotence and, given the operation, its summary. */
  private writeBase(plan: StatementPlan, operation: Operation | undefined): QueryOptions {
    const idempotence = plan.idempotent ? IDEMPOTENT_WRITE : NON_IDEMPOTENT_WRITE;
    return operation === undefined ? idempotence : this.summarize(idempotence, operation);
  }

  private readOptions(options: FindOptions<T> | undefined, operation: Operation): QueryOptions {
    const base = this.summarize(READ_OPTIONS, operation);
    if (options === undefined) return base;
    return {
      ...executionOnly(options),
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      ...base,
    };
  }

  /**
   * `base` with the `summary` observers see (`findOne User`): one frozen object per base and
   * operation, so that the common call allocates nothing.
   */
  private summarize(base: QueryOptions, operation: Operation): QueryOptions {
    let byOperation = this.summarized.get(base);
    if (byOperation === undefined) this.summarized.set(base, (byOperation = new Map()));
    let options = byOperation.get(operation);
    if (options === undefined) {
      options = Object.freeze({ ...base, summary: `${operation} ${this.model.className}` });
      byOperation.set(operation, options);
    }
    return options;
  }

  private async *iterate(plan: StatementPlan, options: QueryOptions): AsyncGenerator<T, void, undefined> {
    const first = await this.run<unknown[]>(plan, options).catch(this.rethrowNamed);
    for await (const row of first) yield this.converter.fromRow(row);
  }

  private entityOf(row: Record<string, unknown> | undefined): T | undefined {
    if (row === undefined) return undefined;
    const values = this.converter.fromColumns(row);
    return Object.assign(new this.model.ctor(), values);
  }
}

const APPLIED: WriteResult<never> = Object.freeze({ applied: true, current: undefined });

function applied(): WriteResult<never> {
  return APPLIED;
}

const EXECUTION_KEYS = [
  'consistency',
  'serialConsistency',
  'timeoutMs',
  'signal',
  'executionProfile',
  'tracing',
  'customPayload',
] as const;

/** Only the driver execution options of a call's options (mapper options stay out). */
function executionOnly(options: ExecutionOptions | undefined): ExecutionOptions {
  if (options === undefined) return {};
  const out: Record<string, unknown> = {};
  for (const k of EXECUTION_KEYS) if (options[k] !== undefined) out[k] = options[k];
  return out as ExecutionOptions;
}

function initialVersion(version: ColumnModel): unknown {
  if (version.designType === BigInt) return 1n;
  if (version.designType === Long) return Long.ONE;
  return 1;
}

function nextVersion(version: ColumnModel, current: unknown): unknown {
  if (typeof current === 'bigint') return current + 1n;
  if (Long.isLong(current)) return (current as Long).add(1);
  if (typeof current === 'number' && Number.isSafeInteger(current)) return current + 1;
  throw new MapperArgumentError(
    `save(): the @Version property '${version.property}' must hold an integer (number, bigint or Long), got ${String(current)}`,
  );
}
