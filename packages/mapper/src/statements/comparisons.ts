/**
 * Comparisons for the `if` conditions of lightweight transactions, created with {@link cmp}
 * (plain values mean equality).
 *
 * @packageDocumentation
 */

/**
 * The comparison operators of CQL conditions.
 *
 * @example
 * ```ts
 * cmp.gte(10).operator; // '>='
 * ```
 */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN';

/**
 * One comparison in an `if` condition (see {@link cmp}).
 *
 * @example
 * ```ts
 * await accounts.update({ id }, { balance: 90 }, { if: { balance: cmp.gte(10) } });
 * ```
 */
export class Comparison<V = unknown> {
  /** @internal */
  constructor(
    readonly operator: ComparisonOperator,
    readonly value: V,
  ) {}
}

/**
 * Builders of {@link Comparison}s for `if` conditions: `cmp.ne(v)`, `cmp.lt(v)`, `cmp.lte(v)`,
 * `cmp.gt(v)`, `cmp.gte(v)`, `cmp.in([a, b])`. A plain value is an equality (`null` tests for
 * a missing value).
 *
 * @example
 * ```ts
 * await orders.delete({ id }, { if: { status: cmp.in(['new', 'cancelled']) } });
 * ```
 */
export const cmp = Object.freeze({
  eq: <V>(value: V) => new Comparison('=', value),
  ne: <V>(value: V) => new Comparison('!=', value),
  lt: <V>(value: V) => new Comparison('<', value),
  lte: <V>(value: V) => new Comparison('<=', value),
  gt: <V>(value: V) => new Comparison('>', value),
  gte: <V>(value: V) => new Comparison('>=', value),
  in: <V>(values: readonly V[]) => new Comparison<readonly V[]>('IN', values),
});
