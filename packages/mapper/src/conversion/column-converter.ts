/**
 * Per-column custom conversion between what an entity property holds and what the driver binds
 * for (and returns from) the column.
 *
 * @packageDocumentation
 */

/**
 * Converts one column's values: `toDb` before binding, `fromDb` after reading. `null`/`undefined`
 * never reach a converter (they mean "no value" and "unset").
 *
 * @example
 * ```ts
 * const jsonText: ColumnConverter<Settings, string> = {
 *   toDb: (settings) => JSON.stringify(settings),
 *   fromDb: (text) => JSON.parse(text) as Settings,
 * };
 * class User {
 *   @Column({ type: 'text', converter: jsonText }) settings?: Settings;
 * }
 * ```
 */
export interface ColumnConverter<TProperty = unknown, TDb = unknown> {
  /** The value to bind for the column. */
  toDb(value: TProperty): TDb;
  /** The property value for what the driver decoded. */
  fromDb(value: TDb): TProperty;
}
