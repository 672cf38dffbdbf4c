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
  const where = `${model.className}.${call}`;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    throw new MapperArgumentError(
      `${where}: the key must be an object of primary-key properties (${model.primaryKey.map((c) => c.property).join(', ')}), got ${key === null ? 'null' : typeof key}`,
    );
  }
  const given = key as Record<string, unknown>;
  checkKeyProperties(model, where, given);
  const equalities: ColumnModel[] = [];
  const values: unknown[] = [];
  for (const c of model.partitionKey) {
    const value = given[c.property];
    if (value === undefined || value === null) {
      throw new MapperArgumentError(
        `${where}: missing partition-key property '${c.property}' (the partition key is ${model.partitionKey.map((k) => k.property).join(', ')})`,
      );
    }
    equalities.push(c);
    values.push(converter.write(c, value));
  }
  let prefix = 0;
  for (const c of model.clusteringKey) {
    const value = given[c.property];
    if (value === undefined) break;
    if (value === null)
      throw new MapperArgumentError(`${where}: clustering property '${c.property}' is null`);
    equalities.push(c);
    values.push(converter.write(c, value));
    prefix++;
  }
  for (let i = prefix + 1; i < model.clusteringKey.length; i++) {
    const c = model.clusteringKey[i] as ColumnModel;
    if (given[c.property] !== undefined) {
      const missing = model.clusteringKey[prefix] as ColumnModel;
      throw new MapperArgumentError(
        `${where}: clustering property '${c.property}' is given but '${missing.property}' before it is not (clustering columns restrict in order: ${model.clusteringKey.map((k) => k.property).join(', ')})`,
      );
    }
  }
  const complete = prefix === model.clusteringKey.length;
  if (requirement === 'full' && !complete) {
    throw new MapperArgumentError(
      `${where}: missing clustering property '${model.clusteringKey[prefix]?.property}' (the primary key is ${model.primaryKey.map((k) => k.property).join(', ')})`,
    );
  }
  if (requirement === 'partition-or-full' && prefix > 0 && !complete) {
    throw new MapperArgumentError(
      `${where}: give the partition key alone (static columns only) or the whole primary key (${model.primaryKey.map((k) => k.property).join(', ')}); missing '${model.clusteringKey[prefix]?.property}'`,
    );
  }
  const bounds: string[] = [];
  const rangeShape =
    range === undefined ? '' : restrictRange(converter, where, range, prefix, bounds, values);
  return {
    cql: () => [...equalities.map((c) => `${c.cql} = ?`), ...bounds].join(' AND '),
    values,
    shape: rangeShape === '' ? (SHAPES[prefix] ?? `${prefix}`) : `${prefix}|${rangeShape}`,
    clusteringPrefix: prefix,
  };
}

function checkKeyProperties(model: EntityModel, where: string, given: Record<string, unknown>): void {
  for (const property in given) {
    if (!Object.prototype.hasOwnProperty.call(given, property)) continue;
    if (given[property] === undefined) continue;
    const column = model.byProperty.get(property);
    if (column === undefined) {
      throw new MapperArgumentError(
        `${where}: '${property}' is not a mapped property (primary key: ${model.primaryKey.map((c) => c.property).join(', ')})`,
      );
    }
    if (column.role !== 'partition' && column.role !== 'clustering') {
      throw new MapperArgumentError(
        `${where}: '${property}' is not a primary-key property; keys restrict only ${model.primaryKey.map((c) => c.property).join(', ')}`,
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
