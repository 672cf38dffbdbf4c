/**
 * Batches of entity writes (inserts, updates, deletes, across entities), logged or unlogged, or
 * counter batches.
 *
 * @packageDocumentation
 */
import type { BatchOptions, Session } from '@cqlkit/driver';
import type { EntityClass, ExecutionOptions, KeyValues } from './entity-types';
import { namePropertyOf } from './conversion/value-adapters';
import { MapperArgumentError } from './errors';
import type { Repository } from './repository/repository';
import type { StatementPlan } from './statements/statement-plan';
import {
  planDelete,
  planInsert,
  planUpdate,
  type DeleteOptions,
  type InsertOptions,
  type UpdateChanges,
  type UpdateOptions,
} from './statements/write-statements';
import type { EntityConverter } from './conversion/entity-converter';

/**
 * Options of an entity batch.
 *
 * @example
 * ```ts
 * mapper.batch({ type: 'unlogged', consistency: Consistency.QUORUM });
 * ```
 */
export interface EntityBatchOptions extends ExecutionOptions {
  /**
   * `'logged'` (atomic through the batch log; the default), `'unlogged'` or `'counter'` (chosen
   * automatically when every statement changes counters).
   */
  readonly type?: 'logged' | 'unlogged' | 'counter';
  /** One write timestamp for every statement, in microseconds since the epoch. */
  readonly timestamp?: number | bigint;
}

/**
 * The outcome of a batch: `applied` is false only when a conditional batch was not applied.
 *
 * @example
 * ```ts
 * const { applied } = await mapper.batch().insert(User, user, { ifNotExists: true }).execute();
 * ```
 */
export interface BatchResult {
  readonly applied: boolean;
}

/** What a batch needs from the mapper. @internal */
export interface BatchContext {
  readonly session: Session;
  readonly repository: <T extends object>(ctor: EntityClass<T>) => Repository<T>;
  readonly converter: <T extends object>(ctor: EntityClass<T>) => EntityConverter<T>;
}

/**
 * Collects entity writes and runs them as one BATCH. Each call checks its input at once (so a
 * bad entity throws where it is added); `execute()` prepares what is not prepared yet and sends
 * the batch.
 *
 * @example
 * ```ts
 * await mapper
 *   .batch({ type: 'logged' })
 *   .insert(User, user)
 *   .insert(UserByEmail, byEmail)
 *   .delete(Invitation, { code })
 *   .execute();
 * ```
 */
export class EntityBatch {
  private readonly entries: { readonly ctor: EntityClass; readonly plan: StatementPlan }[] = [];

  /** @internal */
  constructor(
    private readonly context: BatchContext,
    private readonly options: EntityBatchOptions = {},
  ) {}

  /** Adds an insert (see `Repository.insert`). */
  insert<T extends object>(ctor: EntityClass<T>, entity: T, options?: InsertOptions): this {
    return this.add(ctor, planInsert(this.converter(ctor), entity, options));
  }

  /** Adds an update (see `Repository.update`). */
  update<T extends object>(
    ctor: EntityClass<T>,
    key: KeyValues<T>,
    changes: UpdateChanges<T>,
    options?: UpdateOptions<T>,
  ): this {
    return this.add(ctor, planUpdate(this.converter(ctor), key, changes, options as UpdateOptions<object>));
  }

  /** Adds a delete (see `Repository.delete`). */
  delete<T extends object>(ctor: EntityClass<T>, key: KeyValues<T>, options?: DeleteOptions<T>): this {
    return this.add(ctor, planDelete(this.converter(ctor), key, options as DeleteOptions<object>));
  }

  /** Number of statements added. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Sends the batch.
   *
   * @throws MapperArgumentError for an empty batch or counter and non-counter statements mixed.
   */
  async execute(): Promise<BatchResult> {
    if (this.entries.length === 0)
      throw new MapperArgumentError('batch.execute(): the batch is empty; add statements first');
    const counters = this.entries.filter((e) => e.plan.counter).length;
    if (counters > 0 && counters < this.entries.length) {
      throw new MapperArgumentError(
        'batch.execute(): counter updates and other statements cannot share a batch; use two batches',
      );
    }
    const type = this.options.type ?? (counters > 0 ? 'counter' : 'logged');
    if ((type === 'counter') !== counters > 0) {
      throw new MapperArgumentError(
        `batch.execute(): a '${type}' batch ${type === 'counter' ? 'can only hold counter updates' : 'cannot hold counter updates; use type counter'}`,
      );
    }
    const statements = await Promise.all(
      this.entries.map(async ({ ctor, plan }) => {
        const bound = await this.context.repository(ctor).bind(plan);
        return { query: bound.query, params: bound.params };
      }),
    );
    const { type: _type, timestamp, ...execution } = this.options;
    const entities = new Set(this.entries.map((e) => this.context.repository(e.ctor).model.className));
    const options: BatchOptions = {
      ...execution,
      type,
      summary: `batch ${[...entities].join(' ')}`,
      idempotent: type !== 'counter' && this.entries.every((e) => e.plan.idempotent),
      ...(timestamp !== undefined ? { timestamp } : {}),
    };
    const rs = await this.context.session.batch(statements, options).catch((error: unknown) => {
      // "batch statement #i: Invalid value for column …": name the property of entry i's entity.
      const index = error instanceof Error ? /^batch statement #(\d+): /.exec(error.message) : null;
      const entry = index === null ? undefined : this.entries[Number(index[1])];
      if (entry === undefined) throw error;
      const named = namePropertyOf(error, [this.context.repository(entry.ctor).model]);
      if (named instanceof Error && named !== error) named.message = `${index?.[0] ?? ''}${named.message}`;
      throw named;
    });
    return { applied: rs.wasApplied };
  }

  private converter<T extends object>(ctor: EntityClass<T>): EntityConverter<object> {
    return this.context.converter(ctor) as unknown as EntityConverter<object>;
  }

  private add(ctor: EntityClass, plan: StatementPlan): this {
    this.entries.push({ ctor, plan });
    return this;
  }
}
