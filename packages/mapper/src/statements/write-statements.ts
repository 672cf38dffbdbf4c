/**
 * INSERT, UPDATE and DELETE plans of an entity. Undefined properties bind as `unset` (never
 * null tombstones) and never appear in WHERE or IF.
 *
 * @packageDocumentation
 */
import type { EntityConverter } from '../conversion/entity-converter';
import type { EntityData, ExecutionOptions, KeyValues } from '../entity-types';
import { MapperArgumentError } from '../errors';
import type { ColumnModel, EntityModel } from '../metadata/entity-model';
import { buildConditions, type Conditions } from './conditions';
import { restrictKey } from './key-restriction';
import { callName, usingClause, type StatementPlan, type WriteAttributes } from './statement-plan';
import { UpdateOperation, type UpdateOperationKind } from './update-operations';
import { checkMapperOptions, MAPPER_OPTION_NAMES } from '../option-names';

/**
 * Options of `insert()`.
 *
 * @example
 * ```ts
 * const { applied, current } = await users.insert(user, { ifNotExists: true, ttl: 86400 });
 * ```
 */
export interface InsertOptions extends WriteAttributes, ExecutionOptions {
  /** Insert only if no row has this primary key (a lightweight transaction). */
  readonly ifNotExists?: boolean;
}

/**
 * Options of `update()`.
 *
 * @example
 * ```ts
 * await users.update({ id }, { email }, { if: { email: oldEmail } });
 * ```
 */
export interface UpdateOptions<T> extends WriteAttributes, ExecutionOptions {
  /** Update only an existing row (a lightweight transaction). */
  readonly ifExists?: boolean;
  /** Update only if the conditions hold (a lightweight transaction). */
  readonly if?: Conditions<T>;
}

/**
 * Options of `delete()`.
 *
 * @example
 * ```ts
 * await users.delete({ id }, { ifExists: true });
 * ```
 */
export interface DeleteOptions<T> extends ExecutionOptions {
  /** Delete only an existing row (a lightweight transaction). */
  readonly ifExists?: boolean;
  /** Delete only if the conditions hold (a lightweight transaction). */
  readonly if?: Conditions<T>;
  /** Deletion timestamp in microseconds since the epoch; not with conditions. */
  readonly timestamp?: number | bigint;
}

/**
 * The changes of a partial update: a new value (`null` clears the column), an
 * {@link UpdateOperation} from `ops`, or `undefined` (left untouched).
 *
 * @example
 * ```ts
 * const changes: UpdateChanges<User> = { name: 'Ann', tags: ops.append(['vip']), nickname: null };
 * ```
 */
export type UpdateChanges<T> = {
  readonly [K in keyof EntityData<T>]?: EntityData<T>[K] | null | UpdateOperation;
};

/** The INSERT of every column (counter tables excluded). @internal */
export function planInsert(
  converter: EntityConverter<object>,
  entity: unknown,
  options: InsertOptions | undefined,
  overrides?: ReadonlyMap<ColumnModel, unknown>,
): StatementPlan {
  const model = converter.model;
  // The call's name is built only when there is something to check or to report.
  if (options !== undefined)
    checkMapperOptions(callName(model, 'insert()'), options, MAPPER_OPTION_NAMES.insert);
  const record = checkEntity(model, 'insert()', entity);
  if (model.isCounterTable) {
    throw new MapperArgumentError(
      `${callName(model, 'insert()')}: counter tables cannot be inserted into; use update(key, { counter: ops.increment(n) })`,
    );
  }
  const ifNotExists = options?.ifNotExists === true;
  const using =
    options === undefined ? NO_USING : usingClause(callName(model, 'insert()'), options, true, ifNotExists);
  const columns = model.columns;
  const values = converter.columnValues(record);
  const keyCount = model.primaryKey.length; // key columns come first in model.columns
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as ColumnModel;
    const value = overrides !== undefined && overrides.has(c) ? overrides.get(c) : values[i];
    if (i < keyCount && (value === undefined || value === null)) {
      throw new MapperArgumentError(
        `${callName(model, 'insert()')}: primary-key property '${c.property}' is ${value === null ? 'null' : 'missing'} (the primary key is ${model.primaryKey.map((k) => k.property).join(', ')})`,
      );
    }
    values[i] = converter.writeAt(i, value);
  }
  for (let i = 0; i < using.values.length; i++) values.push(using.values[i]);
  return new InsertPlan(model, values, ifNotExists, using);
}

/**
 * An INSERT plan: a class whose CQL is built from its fields on a statement-cache miss, so that
 * the hot path allocates no closure per call.
 */
class InsertPlan implements StatementPlan {
  readonly shape: string;
  readonly idempotent: boolean;
  readonly counter = false;

  constructor(
    private readonly model: EntityModel,
    readonly values: unknown[],
    readonly conditional: boolean,
    private readonly using: { readonly cql: string; readonly shape: string },
  ) {
    this.idempotent = !conditional;
    this.shape =
      using.shape === ''
        ? conditional
          ? 'insert|inx|'
          : 'insert||'
        : `insert|${conditional ? 'inx' : ''}|${using.shape}`;
  }

  cql(): string {
    const columns = this.model.columns;
    return `INSERT INTO ${this.model.qualifiedTable} (${columns.map((c) => c.cql).join(', ')}) VALUES (${columns
      .map(() => '?')
      .join(', ')})${this.conditional ? ' IF NOT EXISTS' : ''}${this.using.cql}`;
  }
}

/** A partial UPDATE of the given changes. @internal */
export function planUpdate(
  converter: EntityConverter<object>,
  key: KeyValues<object>,
  changes: unknown,
  options: UpdateOptions<object> | undefined,
): StatementPlan {
  const model = converter.model;
  const where = `${model.className}.update()`;
  checkMapperOptions(where, options, MAPPER_OPTION_NAMES.update);
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new MapperArgumentError(
      `${where}: changes must be an object of properties to change, got ${typeof changes}`,
    );
  }
  const given = changes as Record<string, unknown>;
  checkChangedProperties(model, where, given);
  const assignments: string[] = [];
  const values: unknown[] = [];
  const shape: string[] = [];
  let idempotent = true;
  const assigned: ColumnModel[] = [];
  for (const column of model.nonKey) {
    const change = given[column.property];
    if (change === undefined) continue;
    assigned.push(column);
    const kind: UpdateOperationKind | 'set' = change instanceof UpdateOperation ? change.kind : 'set';
    checkOperation(column, kind, where);
    if (kind === 'append' || kind === 'prepend' || kind === 'increment' || kind === 'decrement')
      idempotent = false;
    assignments.push(assignmentCql(column, kind));
    values.push(operationValue(converter, column, change, where));
    shape.push(`${column.name}:${kind}`);
  }
  if (assignments.length === 0) {
    throw new MapperArgumentError(
      `${where}: nothing to update (every change is undefined); give at least one of ${model.nonKey.map((c) => c.property).join(', ')}`,
    );
  }
  const conditions = options?.if === undefined ? undefined : buildConditions(converter, where, options.if);
  const ifExists = options?.ifExists === true;
  if (ifExists && conditions !== undefined) {
    throw new MapperArgumentError(`${where}: give either 'ifExists' or 'if' conditions, not both`);
  }
  if (model.isCounterTable && ifExists) {
    throw new MapperArgumentError(`${where}: conditional updates are not supported on counter tables`);
  }
  const conditional = ifExists || conditions !== undefined;
  const staticOnly = [...assigned, ...(conditions?.columns ?? [])].every((c) => c.role === 'static');
  const restriction = restrictKey(converter, 'update()', key, staticOnly ? 'partition-or-full' : 'full');
  const using =
    options === undefined ? NO_USING : usingClause(where, options, !model.isCounterTable, conditional);
  return {
    shape: `update|${using.shape}|${shape.join(',')}|${restriction.shape}|${ifExists ? 'ife' : (conditions?.shape ?? '')}`,
    cql: () =>
      `UPDATE ${model.qualifiedTable}${using.cql} SET ${assignments.join(', ')} WHERE ${restriction.cql()}${
        ifExists ? ' IF EXISTS' : conditions ? ` IF ${conditions.cql}` : ''
      }`,
    values: [...using.values, ...values, ...restriction.values, ...(conditions?.values ?? [])],
    idempotent: idempotent && !conditional,
    conditional,
    counter: model.isCounterTable,
  };
}

/** A DELETE of one row. @internal */
export function planDelete(
  converter: EntityConverter<object>,
  key: KeyValues<object>,
  options: DeleteOptions<object> | undefined,
): StatementPlan {
  const model = converter.model;
  const where = `${model.className}.delete()`;
  checkMapperOptions(where, options, MAPPER_OPTION_NAMES.delete);
  const restriction = restrictKey(converter, 'delete()', key, 'full');
  const conditions = options?.if === undefined ? undefined : buildConditions(converter, where, options.if);
  const ifExists = options?.ifExists === true;
  if (ifExists && conditions !== undefined) {
    throw new MapperArgumentError(`${where}: give either 'ifExists' or 'if' conditions, not both`);
  }
  if (model.isCounterTable && ifExists) {
    throw new MapperArgumentError(`${where}: conditional deletes are not supported on counter tables`);
  }
  const conditional = ifExists || conditions !== undefined;
  const using =
    options?.timestamp === undefined
      ? NO_USING
      : usingClause(where, { timestamp: options.timestamp }, false, conditional);
  return {
    shape: `delete|${using.shape}|${restriction.shape}|${ifExists ? 'ife' : (conditions?.shape ?? '')}`,
    cql: () =>
      `DELETE FROM ${model.qualifiedTable}${using.cql} WHERE ${restriction.cql()}${
        ifExists ? ' IF EXISTS' : conditions ? ` IF ${conditions.cql}` : ''
      }`,
    values: [...using.values, ...restriction.values, ...(conditions?.values ?? [])],
    idempotent: !conditional,
    conditional,
    counter: model.isCounterTable,
  };
}

/**
 * The UPDATE of `save()` for a versioned entity: every non-key column (undefined → unset) and the
 * new version, `IF version = expected`.
 *
 * @internal
 */
export function planVersionedUpdate(
  converter: EntityConverter<object>,
  entity: unknown,
  version: ColumnModel,
  expected: unknown,
  next: unknown,
  options: WriteAttributes | undefined,
): StatementPlan {
  const model = converter.model;
  const where = `${model.className}.save()`;
  const record = checkEntity(model, 'save()', entity);
  const key: Record<string, unknown> = {};
  for (const c of model.primaryKey) key[c.property] = record[c.property];
  const restriction = restrictKey(converter, 'save()', key, 'full');
  const using = options === undefined ? NO_USING : usingClause(where, options, true, true);
  const columns = model.nonKey;
  const values = columns.map((c) => converter.write(c, c === version ? next : record[c.property]));
  return {
    shape: `save|${using.shape}`,
    cql: () =>
      `UPDATE ${model.qualifiedTable}${using.cql} SET ${columns.map((c) => `${c.cql} = ?`).join(', ')} WHERE ${restriction.cql()} IF ${version.cql} = ?`,
    values: [...using.values, ...values, ...restriction.values, converter.write(version, expected)],
    idempotent: false,
    conditional: true,
    counter: false,
  };
}

const NO_USING = Object.freeze({ cql: '', values: [] as unknown[], shape: '' });

function checkEntity(model: EntityModel, call: string, entity: unknown): Record<string, unknown> {
  if (typeof entity !== 'object' || entity === null || Array.isArray(entity)) {
    throw new MapperArgumentError(
      `${callName(model, call)}: expected a ${model.className}, got ${entity === null ? 'null' : typeof entity}`,
    );
  }
  if (!(entity instanceof model.ctor)) {
    const computed = new Set(model.computed.map((c) => c.property));
    for (const key of Object.keys(entity)) {
      if (!model.byProperty.has(key) && !computed.has(key)) {
        throw new MapperArgumentError(
          `${callName(model, call)}: '${key}' is not a mapped property of ${model.className} (mapped: ${[...model.byProperty.keys()].join(', ')})`,
        );
      }
    }
  }
  return entity as Record<string, unknown>;
}

function checkChangedProperties(model: EntityModel, where: string, given: Record<string, unknown>): void {
  for (const property of Object.keys(given)) {
    if (given[property] === undefined) continue;
    const column = model.byProperty.get(property);
    if (column === undefined) {
      const computed = model.computed.some((c) => c.property === property);
      throw new MapperArgumentError(
        computed
          ? `${where}: '${property}' is @Computed (read-only)`
          : `${where}: '${property}' is not a mapped property of ${model.className}`,
      );
    }
    if (column.role === 'partition' || column.role === 'clustering') {
      throw new MapperArgumentError(
        `${where}: primary-key property '${property}' cannot be changed; pass it in the key (first argument)`,
      );
    }
  }
}

const OPERATION_TARGETS: Readonly<Record<UpdateOperationKind, string>> = {
  append: 'list or set',
  prepend: 'list',
  remove: 'list or set',
  put: 'map',
  removeKeys: 'map',
  increment: 'counter',
  decrement: 'counter',
};

function checkOperation(column: ColumnModel, kind: UpdateOperationKind | 'set', where: string): void {
  const t = column.type;
  if (kind === 'set') {
    if (column.isCounter) {
      throw new MapperArgumentError(
        `${where}: counter '${column.property}' cannot be assigned; use ops.increment(n) or ops.decrement(n)`,
      );
    }
    return;
  }
  const fits =
    kind === 'increment' || kind === 'decrement'
      ? column.isCounter
      : kind === 'prepend'
        ? t.kind === 'list'
        : kind === 'append' || kind === 'remove'
          ? t.kind === 'list' || t.kind === 'set'
          : t.kind === 'map';
  if (!fits) {
    throw new MapperArgumentError(
      `${where}: ops.${kind}() needs a ${OPERATION_TARGETS[kind]} column, but '${column.property}' is ${column.isCounter ? 'counter' : t.kind}`,
    );
  }
  if ((t.kind === 'list' || t.kind === 'set' || t.kind === 'map') && t.frozen === true) {
    throw new MapperArgumentError(
      `${where}: '${column.property}' is a frozen collection; it can only be replaced whole (assign a new value)`,
    );
  }
}

function assignmentCql(column: ColumnModel, kind: UpdateOperationKind | 'set'): string {
  const c = column.cql;
  switch (kind) {
    case 'set':
      return `${c} = ?`;
    case 'prepend':
      return `${c} = ? + ${c}`;
    case 'remove':
    case 'removeKeys':
    case 'decrement':
      return `${c} = ${c} - ?`;
    default:
      return `${c} = ${c} + ?`;
  }
}

function operationValue(
  converter: EntityConverter<object>,
  column: ColumnModel,
  change: unknown,
  where: string,
): unknown {
  if (!(change instanceof UpdateOperation)) return converter.write(column, change);
  const value = change.value as unknown;
  switch (change.kind) {
    case 'increment':
    case 'decrement':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))
        return value;
      throw new MapperArgumentError(
        `${where}: ops.${change.kind}() on '${column.property}' needs an integer (number or bigint), got ${String(value)}`,
      );
    case 'removeKeys': {
      const keys = toArray(value, where, column, change.kind);
      return keys;
    }
    case 'put':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new MapperArgumentError(
          `${where}: ops.put() on '${column.property}' needs a Map or an object of entries`,
        );
      }
      return converter.write(column, value);
    default: {
      const items = toArray(value, where, column, change.kind);
      return converter.write(column, items);
    }
  }
}

function toArray(value: unknown, where: string, column: ColumnModel, kind: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  throw new MapperArgumentError(
    `${where}: ops.${kind}() on '${column.property}' needs an array or a Set, got ${typeof value}`,
  );
}
