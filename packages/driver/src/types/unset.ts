/**
 * The "unset" bind value (protocol v4+): the request layer writes it as a `[value]` of length −2,
 * which leaves the column untouched, unlike `null` (length −1) which deletes it. Only a whole bind
 * value can be unset, never an element of a collection, tuple, UDT or vector.
 *
 * @example
 * ```ts
 * await session.execute('UPDATE users SET name = ?, email = ? WHERE id = ?', ['Ann', unset, id], { prepare: true });
 * ```
 */
export const unset: unique symbol = Symbol('cqlkit.unset');

/** The type of {@link unset}. */
export type Unset = typeof unset;

/**
 * Whether `value` is the {@link unset} sentinel.
 *
 * @example
 * ```ts
 * if (isUnset(v)) writer.writeUnset();
 * ```
 */
export function isUnset(value: unknown): value is Unset {
  return value === unset;
}
