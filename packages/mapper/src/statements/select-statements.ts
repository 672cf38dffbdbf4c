/**
 * SELECT plans of an entity: one row by primary key, rows of a partition (optionally a
 * clustering prefix and range, ordered and limited), and counts.
 *
 * @packageDocumentation
 */
import type { EntityConverter } from '../conversion/entity-converter';
import type { EntityData, ExecutionOptions, KeyValues } from '../entity-types';
import { MapperArgumentError } from '../errors';
import type { EntityModel } from '../metadata/entity-model';
import { restrictKey, type KeyRestriction, type RangeBounds } from './key-restriction';
import type { StatementPlan } from './statement-plan';
import { checkMapperOptions, MAPPER_OPTION_NAMES } from '../option-names';

/**
 * A range on the first clustering property not fixed by the key.
 *
 * @example
 * ```ts
 * const range: ClusteringRange<Reading> = { at: { gte: from, lt: to } };
 * ```
 */
export type ClusteringRange<T> = {
  readonly [K in keyof EntityData<T>]?: RangeBounds<EntityData<T>[K]>;
};

/**
 * What `find()`, `findPage()` and `count()` read: the partition given by the key, a clustering
 * range, the order and a limit.
 *
 * @example
 * ```ts
 * for await (const r of readings.find({ sensor: 's1' }, { range: { at: { gte: from } }, order: 'DESC', limit: 100 })) {}
 * ```
 */
export interface QueryShapeOptions<T> {
  /** A range on the first clustering property the key does not fix. */
  readonly range?: ClusteringRange<T>;
  /**
   * `'ASC'` or `'DESC'` along the first clustering column (the others follow, as CQL requires);
   * default: the table's clustering order.
   */
  readonly order?: 'ASC' | 'DESC';
  /** At most this many rows in total. */
  readonly limit?: number;
}

/**
 * Options of `find()` (every page).
 *
 * @example
 * ```ts
 * users.find({ org }, { pageSize: 500, consistency: Consistency.LOCAL_QUORUM });
 * ```
 */
export interface FindOptions<T> extends QueryShapeOptions<T>, ExecutionOptions {
  /** Rows fetched per page (default: the session's, 5000). */
  readonly pageSize?: number;
}

/**
 * Options of `findPage()` (one page).
 *
 * @example
 * ```ts
 * await users.findPage({ org }, { pageSize: 50, pagingState: Buffer.from(cursor, 'base64') });
 * ```
 */
export interface FindPageOptions<T> extends FindOptions<T> {
  /** Continue after the page that returned this state. */
  readonly pagingState?: Buffer;
}

/**
 * Options of `count()`.
 *
 * @example
 * ```ts
 * await readings.count({ sensor }, { range: { at: { gte: since } } });
 * ```
 */
export interface CountOptions<T> extends ExecutionOptions {
  /** A range on the first clustering property the key does not fix. */
  readonly range?: ClusteringRange<T>;
}

/** The select list: every column in model order, then the computed selectors. @internal */
export function selectList(model: EntityModel): string {
  return [...model.columns.map((c) => c.cql), ...model.computed.map((c) => c.cql)].join(', ');
}

/** SELECT one row by its full primary key. @internal */
export function planFindOne(converter: EntityConverter<object>, key: KeyValues<object>): StatementPlan {
  return new FindOnePlan(converter.model, restrictKey(converter, 'findOne()', key, 'full'));
}

/**
 * The SELECT of `findOne()`: a class whose CQL is built on a statement-cache miss, so that the
 * hot path allocates no closure per call.
 */
class FindOnePlan implements StatementPlan {
  readonly shape = 'findOne';
  readonly values: unknown[];
  readonly idempotent = true;
  readonly conditional = false;
  readonly counter = false;

  constructor(
    private readonly model: EntityModel,
    private readonly restriction: KeyRestriction,
  ) {
    this.values = restriction.values;
  }

  cql(): string {
    return `SELECT ${selectList(this.model)} FROM ${this.model.qualifiedTable} WHERE ${this.restriction.cql()}`;
  }
}

/** SELECT the rows of a partition (with optional clustering restrictions, order and limit). @internal */
export function planFind(
  converter: EntityConverter<object>,
  call: string,
  key: KeyValues<object>,
  options: QueryShapeOptions<object> | undefined,
): StatementPlan {
  const model = converter.model;
  const where = `${model.className}.${call}`;
  checkMapperOptions(
    where,
    options,
    call === 'findPage()' ? MAPPER_OPTION_NAMES.findPage : MAPPER_OPTION_NAMES.find,
  );
  const restriction = restrictKey(converter, call, key, 'partition', options?.range);
  const order = options?.order;
  if (order !== undefined && order !== 'ASC' && order !== 'DESC') {
    throw new MapperArgumentError(`${where}: option 'order' must be 'ASC' or 'DESC', got ${String(order)}`);
  }
  if (order !== undefined && model.clusteringKey.length === 0) {
    throw new MapperArgumentError(
      `${where}: option 'order' needs clustering columns, and ${model.className} has none`,
    );
  }
  const limit = options?.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 2 ** 31 - 1)) {
    throw new MapperArgumentError(
      `${where}: option 'limit' must be a positive integer, got ${String(limit)}`,
    );
  }
  const first = model.clusteringKey[0];
  const reversed = order !== undefined && first !== undefined && order !== first.direction;
  return {
    shape: `find|${restriction.shape}|${order ?? ''}|${limit !== undefined ? 'l' : ''}`,
    cql: () => {
      const orderBy =
        order === undefined
          ? ''
          : ` ORDER BY ${model.clusteringKey
              .map((c) => `${c.cql} ${reversed ? (c.direction === 'ASC' ? 'DESC' : 'ASC') : c.direction}`)
              .join(', ')}`;
      return `SELECT ${selectList(model)} FROM ${model.qualifiedTable} WHERE ${restriction.cql()}${orderBy}${
        limit !== undefined ? ' LIMIT ?' : ''
      }`;
    },
    values: limit !== undefined ? [...restriction.values, limit] : restriction.values,
    idempotent: true,
    conditional: false,
    counter: false,
  };
}

/** SELECT COUNT(*) of a partition (or a clustering slice of it). @internal */
export function planCount(
  converter: EntityConverter<object>,
  key: KeyValues<object>,
  options: CountOptions<object> | undefined,
): StatementPlan {
  const model = converter.model;
  checkMapperOptions(`${model.className}.count()`, options, MAPPER_OPTION_NAMES.count);
  const restriction = restrictKey(converter, 'count()', key, 'partition', options?.range);
  return {
    shape: `count|${restriction.shape}`,
    cql: () => `SELECT COUNT(*) FROM ${model.qualifiedTable} WHERE ${restriction.cql()}`,
    values: restriction.values,
    idempotent: true,
    conditional: false,
    counter: false,
  };
}
