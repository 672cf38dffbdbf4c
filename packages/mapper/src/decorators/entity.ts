/**
 * `@Entity`: marks a class as mapped to a table.
 *
 * @packageDocumentation
 */
import { declareEntity, recordDecorationError, type EntityDeclaration } from './declaration-store';

/**
 * Options of `@Entity`.
 *
 * @example
 * ```ts
 * @Entity({ keyspace: 'shop', table: 'orders' }) class Order {}
 * ```
 */
export interface EntityOptions {
  /** Keyspace of the table (default: the mapper's keyspace, then the session's). */
  readonly keyspace?: string;
  /** Table name (default: the class name through the naming strategy, `UserProfile` → `user_profile`). */
  readonly table?: string;
}

/**
 * Maps a class to a table. The class needs a constructor callable without arguments, at least one
 * `@PartitionKey` property, and every other data property decorated (`@Column`, `@Static`,
 * `@Counter`, `@Computed`, `@Version`, …) or marked `@Transient`.
 *
 * @example
 * ```ts
 * @Entity({ table: 'users' })
 * class User {
 *   @PartitionKey() id!: Uuid;
 *   @Column() name?: string;
 * }
 * @Entity // bare form: table `audit_event` in the mapper's keyspace
 * class AuditEvent { @PartitionKey id!: TimeUuid }
 * ```
 */
export function Entity(options?: EntityOptions): ClassDecorator;
export function Entity(target: abstract new () => object): void;
export function Entity(arg?: EntityOptions | (abstract new () => object)): ClassDecorator | void {
  if (typeof arg === 'function') {
    declareEntity(arg, {});
    return;
  }
  const options = arg ?? {};
  return (target) => {
    if (typeof options !== 'object' || options === null) {
      recordDecorationError(target, `@Entity(options): options must be an object, got ${typeof options}`);
      declareEntity(target, {});
      return;
    }
    const declaration: EntityDeclaration = {
      ...(options.keyspace !== undefined ? { keyspace: options.keyspace } : {}),
      ...(options.table !== undefined ? { table: options.table } : {}),
    };
    declareEntity(target, declaration);
  };
}
