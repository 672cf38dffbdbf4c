/**
 * The IF clause of conditional (lightweight-transaction) updates and deletes. Undefined
 * condition values are left out; `null` tests for a missing value.
 *
 * @packageDocumentation
 */
import type { EntityConverter } from '../conversion/entity-converter';
import type { EntityData } from '../entity-types';
import { MapperArgumentError } from '../errors';
import type { ColumnModel } from '../metadata/entity-model';
import { Comparison } from './comparisons';

/**
 * Conditions of a lightweight transaction: property → value (equality) or {@link Comparison}.
 *
 * @example
 * ```ts
 * const ifUnchanged: Conditions<Account> = { owner: 'ann', balance: cmp.gte(10) };
 * ```
 */
export type Conditions<T> = {
  readonly [K in keyof EntityData<T>]?: EntityData<T>[K] | null | Comparison;
};

/** A built IF clause (without the `IF` keyword). @internal */
export interface ConditionClause {
  readonly cql: string;
  readonly values: unknown[];
  readonly shape: string;
  /** The columns the conditions test. */
  readonly columns: readonly ColumnModel[];
}

/**
 * Checks and builds the IF clause of `conditions`; `undefined` when every condition is undefined.
 *
 * @throws MapperArgumentError for unknown or primary-key properties and malformed comparisons.
 * @internal
 */
export function buildConditions(
  converter: EntityConverter<object>,
  where: string,
  conditions: unknown,
): ConditionClause | undefined {
  const model = converter.model;
  if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) {
    throw new MapperArgumentError(
      `${where}: option 'if' must be an object of property conditions, got ${typeof conditions}`,
    );
  }
  const given = conditions as Record<string, unknown>;
  for (const property of Object.keys(given)) {
    const column = model.byProperty.get(property);
    if (column === undefined) {
      throw new MapperArgumentError(`${where}: condition on '${property}', which is not a mapped property`);
    }
    if (column.role === 'partition' || column.role === 'clustering') {
      throw new MapperArgumentError(
        `${where}: condition on primary-key property '${property}'; conditions test non-key columns (use the key to pick the row)`,
      );
    }
  }
  if (model.isCounterTable) {
    throw new MapperArgumentError(`${where}: conditional updates are not supported on counter tables`);
  }
  const parts: string[] = [];
  const values: unknown[] = [];
  const shape: string[] = [];
  const columns: ColumnModel[] = [];
  for (const column of model.nonKey) {
    const condition = given[column.property];
    if (condition === undefined) continue;
    columns.push(column);
    if (condition instanceof Comparison) {
      if (condition.operator === 'IN') {
        const list = condition.value as unknown;
        if (!Array.isArray(list) || list.length === 0) {
          throw new MapperArgumentError(`${where}: cmp.in() on '${column.property}' needs a non-empty array`);
        }
        parts.push(`${column.cql} IN (${list.map(() => '?').join(', ')})`);
        for (const v of list) values.push(converter.write(column, v));
        shape.push(`${column.name}:IN${list.length}`);
        continue;
      }
      if (condition.value === undefined) {
        throw new MapperArgumentError(`${where}: comparison on '${column.property}' has an undefined value`);
      }
      parts.push(`${column.cql} ${condition.operator} ?`);
      values.push(converter.write(column, condition.value));
      shape.push(`${column.name}:${condition.operator}`);
      continue;
    }
    parts.push(`${column.cql} = ?`);
    values.push(converter.write(column, condition));
    shape.push(`${column.name}:=`);
  }
  if (parts.length === 0) return undefined;
  return { cql: parts.join(' AND '), values, shape: shape.join(','), columns };
}
