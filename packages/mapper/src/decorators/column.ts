/**
 * Column decorators: `@Column`, `@Static`, `@Counter`, `@Transient`, `@Computed` and `@Version`.
 *
 * @packageDocumentation
 */
import {
  isPropertyDecoratorCall,
  propertyDeclaration,
  type ColumnOptions,
  type MapperPropertyDecorator,
} from './declaration-store';

/**
 * Maps a property to a column. The CQL type comes from the TypeScript type when that is
 * unambiguous (`string` → text, `boolean`, `Date` → timestamp, `Uuid`, `TimeUuid`, `LocalDate`,
 * `LocalTime`, `Duration`, `InetAddress`, `BigDecimal`, `Long` → bigint, `Buffer` → blob, a
 * `@Udt` class → `frozen<udt>`) and must be given otherwise (`number`: int or double…, `bigint`:
 * bigint or varint, arrays: list or set, maps, tuples, vectors).
 *
 * @example
 * ```ts
 * @Column() email?: string;
 * @Column({ type: 'int' }) age?: number;
 * @Column({ name: 'tags', type: 'set<text>' }) labels?: Set<string>;
 * @Column({ type: 'text', converter: jsonText }) settings?: Settings;
 * ```
 */
export function Column(options?: ColumnOptions): MapperPropertyDecorator;
export function Column(target: object, property: string | symbol): void;
export function Column(value: undefined, context: ClassFieldDecoratorContext): void;
export function Column(...args: unknown[]): MapperPropertyDecorator | void {
  if (isPropertyDecoratorCall(args)) return markColumn(args[0], args[1], {});
  const options = (args[0] ?? {}) as ColumnOptions;
  return (target: unknown, property: unknown) => markColumn(target, property, options);
}

function markColumn(target: unknown, property: unknown, options: ColumnOptions): void {
  const d = propertyDeclaration(target, property, '@Column');
  if (d !== undefined) d.column = { ...(d.column ?? {}), ...options };
}

/**
 * Marks a static column (one value per partition).
 *
 * @example
 * ```ts
 * @Static() @Column({ type: 'int' }) partitionBudget?: number;
 * @Static ownerName?: string;
 * ```
 */
export function Static(): MapperPropertyDecorator;
export function Static(target: object, property: string | symbol): void;
export function Static(value: undefined, context: ClassFieldDecoratorContext): void;
export function Static(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown): void => {
    const d = propertyDeclaration(target, property, '@Static');
    if (d !== undefined) d.isStatic = true;
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1]);
  return mark;
}

/**
 * Marks a counter column (CQL `counter`; the property is a `number` or `bigint`). A table with
 * counters holds only keys and counters; change them with `ops.increment`/`ops.decrement`.
 *
 * @example
 * ```ts
 * @Counter() views?: number;
 * ```
 */
export function Counter(): MapperPropertyDecorator;
export function Counter(target: object, property: string | symbol): void;
export function Counter(value: undefined, context: ClassFieldDecoratorContext): void;
export function Counter(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown): void => {
    const d = propertyDeclaration(target, property, '@Counter');
    if (d !== undefined) d.isCounter = true;
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1]);
  return mark;
}

/**
 * Keeps a property out of the table. Every data property of an entity must be mapped or
 * transient, so that nothing is dropped silently.
 *
 * @example
 * ```ts
 * @Transient() cachedDisplayName?: string;
 * ```
 */
export function Transient(): MapperPropertyDecorator;
export function Transient(target: object, property: string | symbol): void;
export function Transient(value: undefined, context: ClassFieldDecoratorContext): void;
export function Transient(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown): void => {
    const d = propertyDeclaration(target, property, '@Transient');
    if (d !== undefined) d.isTransient = true;
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1]);
  return mark;
}

/**
 * A read-only value computed by the server when rows are read: `writetime(x)` (microseconds
 * since the epoch) or `ttl(x)` (seconds left, `undefined` without TTL), where `x` names a
 * property or a column. Never written.
 *
 * @example
 * ```ts
 * @Computed('writetime(name)') nameWrittenAt?: number;
 * @Computed('ttl(name)') nameTtl?: number;
 * ```
 */
export function Computed(expression: `writetime(${string})` | `ttl(${string})`): MapperPropertyDecorator {
  return (target: unknown, property: unknown) => {
    const d = propertyDeclaration(target, property, '@Computed');
    if (d !== undefined) d.computed = expression;
  };
}

/**
 * The optimistic-locking version (CQL `bigint` unless `@Column({ type })` says otherwise; the
 * property is a `number` or `bigint`). `save()` writes with a lightweight transaction that
 * succeeds only if the row still has the version the entity was loaded with, then increments it.
 *
 * @example
 * ```ts
 * @Version() version?: number;
 * ```
 */
export function Version(): MapperPropertyDecorator;
export function Version(target: object, property: string | symbol): void;
export function Version(value: undefined, context: ClassFieldDecoratorContext): void;
export function Version(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown): void => {
    const d = propertyDeclaration(target, property, '@Version');
    if (d !== undefined) d.isVersion = true;
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1]);
  return mark;
}
