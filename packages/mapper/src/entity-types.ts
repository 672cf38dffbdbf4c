/**
 * Type-level helpers shared by the public API: entity classes, their data properties and the
 * per-call execution options.
 *
 * @packageDocumentation
 */
import type { QueryOptions } from '@cqlkit/driver';

/**
 * A mapped class: constructible without arguments (rows are materialized with `new Entity()`).
 *
 * @example
 * ```ts
 * const cls: EntityClass<User> = User;
 * ```
 */
export type EntityClass<T extends object = object> = new () => T;

/**
 * The data properties of `T` (methods left out).
 *
 * @example
 * ```ts
 * class User { id!: Uuid; greet(): string { return 'hi'; } }
 * type D = EntityData<User>; // { id: Uuid }
 * ```
 */
export type EntityData<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/**
 * Some properties of an entity, e.g. its primary key (`{ id }`) or a partition key plus a
 * clustering prefix (`{ sensor, day }`). Which ones are required is checked at run time against
 * the entity's keys, with an error naming what is missing.
 *
 * @example
 * ```ts
 * const key: KeyValues<Reading> = { sensor: 's1', day: '2024-05-01' };
 * ```
 */
export type KeyValues<T> = Partial<EntityData<T>>;

/**
 * Driver options a repository call passes through to the request (consistency, timeouts,
 * cancellation, tracing, an execution profile).
 *
 * @example
 * ```ts
 * await users.findOne({ id }, { consistency: Consistency.QUORUM, timeoutMs: 2000 });
 * ```
 */
export type ExecutionOptions = Pick<
  QueryOptions,
  | 'consistency'
  | 'serialConsistency'
  | 'timeoutMs'
  | 'signal'
  | 'executionProfile'
  | 'tracing'
  | 'customPayload'
>;
