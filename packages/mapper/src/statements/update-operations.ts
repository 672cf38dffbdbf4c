/**
 * Partial-update operations beyond plain assignment: collection append/prepend/remove/put and
 * counter increments, created with {@link ops}.
 *
 * @packageDocumentation
 */

/**
 * The kinds of update operation.
 *
 * @example
 * ```ts
 * ops.append(['x']).kind; // 'append'
 * ```
 */
export type UpdateOperationKind =
  'append' | 'prepend' | 'remove' | 'put' | 'removeKeys' | 'increment' | 'decrement';

/**
 * One update operation on a column (see {@link ops}). Passed as the value of a property in
 * `repository.update(key, changes)`.
 *
 * @example
 * ```ts
 * await users.update({ id }, { tags: ops.append(['admin']) });
 * ```
 */
export class UpdateOperation<V = unknown> {
  /** @internal */
  constructor(
    readonly kind: UpdateOperationKind,
    readonly value: V,
  ) {}
}

/**
 * Builders of {@link UpdateOperation}s:
 *
 * | operation | columns | CQL |
 * |---|---|---|
 * | `ops.append(items)` | list, set | `c = c + ?` |
 * | `ops.prepend(items)` | list | `c = ? + c` |
 * | `ops.remove(items)` | list, set | `c = c - ?` |
 * | `ops.put(entries)` | map | `c = c + ?` |
 * | `ops.removeKeys(keys)` | map | `c = c - ?` |
 * | `ops.increment(n = 1)` | counter | `c = c + ?` |
 * | `ops.decrement(n = 1)` | counter | `c = c - ?` |
 *
 * Appends, prepends and counter changes are not idempotent: the mapper marks those statements so
 * the driver never retries them on another node.
 *
 * @example
 * ```ts
 * await posts.update({ id }, {
 *   tags: ops.append(['cql']),
 *   scores: ops.put(new Map([['ann', 3]])),
 *   title: 'New title', // plain assignment
 * });
 * await stats.update({ page }, { views: ops.increment() });
 * ```
 */
export const ops = Object.freeze({
  /** Adds elements at the end of a list, or to a set. */
  append<E>(items: readonly E[] | ReadonlySet<E>): UpdateOperation<readonly E[] | ReadonlySet<E>> {
    return new UpdateOperation('append', items);
  },
  /** Adds elements at the start of a list (in the order given). */
  prepend<E>(items: readonly E[]): UpdateOperation<readonly E[]> {
    return new UpdateOperation('prepend', items);
  },
  /** Removes every occurrence of the elements from a list, or the elements from a set. */
  remove<E>(items: readonly E[] | ReadonlySet<E>): UpdateOperation<readonly E[] | ReadonlySet<E>> {
    return new UpdateOperation('remove', items);
  },
  /** Sets entries of a map (others are kept). */
  put<K, V>(
    entries: ReadonlyMap<K, V> | Readonly<Record<string, V>>,
  ): UpdateOperation<ReadonlyMap<K, V> | Readonly<Record<string, V>>> {
    return new UpdateOperation('put', entries);
  },
  /** Removes entries of a map by key. */
  removeKeys<K>(keys: readonly K[] | ReadonlySet<K>): UpdateOperation<readonly K[] | ReadonlySet<K>> {
    return new UpdateOperation('removeKeys', keys);
  },
  /** Adds to a counter (default 1). */
  increment(by: number | bigint = 1): UpdateOperation<number | bigint> {
    return new UpdateOperation('increment', by);
  },
  /** Subtracts from a counter (default 1). */
  decrement(by: number | bigint = 1): UpdateOperation<number | bigint> {
    return new UpdateOperation('decrement', by);
  },
});
