/**
 * The WHERE clause of an entity statement: equality on the partition key and a prefix of the
 * clustering columns, then optionally a range on the next clustering column. Input is checked
 * before anything is sent; `undefined` key values count as absent and never reach WHERE.
 *
 * @packageDocumentation
 */
import type { EntityConverter } from '../conversion/entity-converter';
import { MapperArgumentError } from '../errors';
import type { ColumnModel, EntityModel } from '../metadata/entity-model';
import { callName } from './statement-plan';

/**
 * Bounds of a range on a clustering column; at most one lower (`gt`/`gte`) and one upper
 * (`lt`/`lte`) bound.
 *
 * @example
 * ```ts
 * const lastWeek: RangeBounds<Date> = { gte: weekAgo, lt: now };
 * ```
 */
export interface RangeBounds<V> {
  readonly gt?: V;
  readonly gte?: V;
  readonly lt?: V;
  readonly lte?: V;
}

/**
 * How much of the primary key a statement needs.
 *
 * @internal
 */
export type KeyRequirement = 'full' | 'partition' | 'partition-or-full';

/**
 * A validated WHERE clause: CQL, bind values, and its shape for the statement cache.
 *
 * @internal
 */
export interface KeyRestriction {
  /** `a = ? AND b = ? AND c >= ?` (built on demand: only a statement-cache miss needs it). */
  cql(): string;
  readonly values: unknown[];
  /** Identifies the clause's shape (not its values). */
  readonly shape: string;
  /** Number of clustering columns restricted by equality. */
  readonly clusteringPrefix: number;
}

const BOUND_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** Shape strings of equality-only restrictions, by clustering prefix length (no allocation). */
const SHAPES: readonly string[] = Array.from({ length: 64 }, (_, i) => `${i}`);

/**
 * Checks `key` (and `range`) against the entity's primary key and builds the WHERE clause.
 *
 * - `'full'`: every primary-key property is required (findOne, update, delete);
 * - `'partition'`: the partition key, then any clustering prefix (find, count);
 * - `'partition-or-full'`: the partition key alone or the whole primary key (static updates).
 *
 * @throws MapperArgumentError naming the missing, unknown or misplaced property.
 * @internal
 */
export function restrictKey(
  converter: EntityConverter<object>,
  call: string,
  key: unknown,
  requirement: KeyRequirement,
  range?: unknown,
): KeyRestriction {
  const model = converter.model;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    throw new MapperArgumentError(
      `${callName(model, call)}: the key must be an object of primary-key properties (${model.primaryKey.map((c) => c.property).join(', ')}), got ${key === null ? 'null' : typeof key}`,
    );
  }
  const given = key as Record<string, unknown>;
  checkKeyProperties(model, call, given);
  const partitionKey = model.partitionKey;
  const clusteringKey = model.clusteringKey;
  const values: unknown[] = [];
  for (let i = 0; i < partitionKey.length; i++) {
    const c = partitionKey[i] as ColumnModel;
    const value = given[c.property];
    if (value === undefined || value === null) {
      throw new MapperArgumentError(
        `${callName(model, call)}: missing partition-key property '${c.property}' (the partition key is ${partitionKey.map((k) => k.property).join(', ')})`,
      );
    }
    values.push(converter.write(c, value));
  }
  let prefix = 0;
  for (; prefix < clusteringKey.length; prefix++) {
    const c = clusteringKey[prefix] as ColumnModel;
    const value = given[c.property];
    if (value === undefined) break;
    if (value === null)
      throw new MapperArgumentError(`${callName(model, call)}: clustering property '${c.property}' is null`);
    values.push(converter.write(c, value));
  }
  for (let i = prefix + 1; i < clusteringKey.length; i++) {
    const c = clusteringKey[i] as ColumnModel;
    if (given[c.property] !== undefined) {
      const missing = clusteringKey[prefix] as ColumnModel;
      throw new MapperArgumentError(
        `${callName(model, call)}: clustering property '${c.property}' is given but '${missing.property}' before it is not (clustering columns restrict in order: ${clusteringKey.map((k) => k.property).join(', ')})`,
      );
    }
  }
  const complete = prefix === clusteringKey.length;
  if (requirement === 'full' && !complete) {
    throw new MapperArgumentError(
      `${callName(model, call)}: missing clustering property '${clusteringKey[prefix]?.property}' (the primary key is ${model.primaryKey.map((k) => k.property).join(', ')})`,
    );
  }
  if (requirement === 'partition-or-full' && prefix > 0 && !complete) {
    throw new MapperArgumentError(
      `${callName(model, call)}: give the partition key alone (static columns only) or the whole primary key (${model.primaryKey.map((k) => k.property).join(', ')}); missing '${clusteringKey[prefix]?.property}'`,
    );
  }
  if (range === undefined) {
    return new Restriction(model, values, SHAPES[prefix] ?? `${prefix}`, prefix, NO_BOUNDS);
  }
  const bounds: string[] = [];
  const rangeShape = restrictRange(converter, callName(model, call), range, prefix, bounds, values);
  return new Restriction(
    model,
    values,
    rangeShape === '' ? (SHAPES[prefix] ?? `${prefix}`) : `${prefix}|${rangeShape}`,
    prefix,
    bounds,
  );
}

const NO_BOUNDS: readonly string[] = Object.freeze([]);

/**
 * A checked WHERE clause whose CQL is built from the model on demand (a class, so that the hot
 * path allocates no closure per call).
 */
class Restriction implements KeyRestriction {
  constructor(
    private readonly model: EntityModel,
    readonly values: unknown[],
    readonly shape: string,
    readonly clusteringPrefix: number,
    private readonly bounds: readonly string[],
  ) {}

  cql(): string {
    const equalities = [
      ...this.model.partitionKey,
      ...this.model.clusteringKey.slice(0, this.clusteringPrefix),
    ];
    return [...equalities.map((c) => `${c.cql} = ?`), ...this.bounds].join(' AND ');
  }
}

function checkKeyProperties(model: EntityModel, call: string, given: Record<string, unknown>): void {
  for (const property in given) {
    if (!Object.prototype.hasOwnProperty.call(given, property)) continue;
    if (given[property] === undefined) continue;
    const column = model.byProperty.get(property);
    if (column === undefined) {
      throw new MapperArgumentError(
        `${callName(model, call)}: '${property}' is not a mapped property (primary key: ${model.primaryKey.map((c) => c.property).join(', ')})`,
      );
    }
    if (column.role !== 'partition' && column.role !== 'clustering') {
      throw new MapperArgumentError(
        `${callName(model, call)}: '${property}' is not a primary-key property; keys restrict only ${model.primaryKey.map((c) => c.property).join(', ')}`,
      );
    }
  }
}

function restrictRange(
  converter: EntityConverter<object>,
  where: string,
  range: unknown,
  prefix: number,
  parts: string[],
  values: unknown[],
): string {
  const model = converter.model;
  const next = model.clusteringKey[prefix];
  if (typeof range !== 'object' || range === null || Array.isArray(range)) {
    throw new MapperArgumentError(
      `${where}: range must be an object such as { ${next?.property ?? 'clusteringProperty'}: { gte: a, lt: b } }`,
    );
  }
  const entries = Object.entries(range as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '';
  if (next === undefined) {
    throw new MapperArgumentError(
      `${where}: a range needs a clustering column after the equality restrictions, but ${model.clusteringKey.length === 0 ? 'the table has none' : 'every clustering column is already restricted'}`,
    );
  }
  if (entries.length > 1 || entries[0]?.[0] !== next.property) {
    throw new MapperArgumentError(
      `${where}: the range must be on '${next.property}' (the first clustering column not restricted by the key), got ${entries.map(([k]) => `'${k}'`).join(', ')}`,
    );
  }
  const bounds = entries[0]?.[1];
  if (typeof bounds !== 'object' || bounds === null) {
    throw new MapperArgumentError(
      `${where}: range.${next.property} must be an object of bounds { gt?, gte?, lt?, lte? }`,
    );
  }
  const ops: string[] = [];
  const given = Object.entries(bounds as Record<string, unknown>).filter(([, v]) => v !== undefined);
  for (const [op, value] of given) {
    if (!(op in BOUND_OPERATORS)) {
      throw new MapperArgumentError(
        `${where}: unknown range bound '${op}' on '${next.property}' (expected gt, gte, lt or lte)`,
      );
    }
    if (value === null)
      throw new MapperArgumentError(`${where}: range bound ${op} on '${next.property}' is null`);
    ops.push(op);
  }
  if (ops.filter((o) => o.startsWith('g')).length > 1 || ops.filter((o) => o.startsWith('l')).length > 1) {
    throw new MapperArgumentError(
      `${where}: give at most one lower bound (gt or gte) and one upper bound (lt or lte) on '${next.property}'`,
    );
  }
  if (ops.length === 0) return '';
  ops.sort();
  for (const op of ops) {
    parts.push(`${next.cql} ${BOUND_OPERATORS[op as keyof typeof BOUND_OPERATORS]} ?`);
    values.push(converter.write(next, (bounds as Record<string, unknown>)[op]));
  }
  return ops.join(',');
}
