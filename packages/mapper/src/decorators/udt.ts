/**
 * `@Udt` and `@Field`: classes mapped to user-defined types.
 *
 * @packageDocumentation
 */
import {
  declareUdt,
  isPropertyDecoratorCall,
  propertyDeclaration,
  recordDecorationError,
  type ColumnOptions,
  type MapperPropertyDecorator,
} from './declaration-store';

/**
 * Options of `@Udt`.
 *
 * @example
 * ```ts
 * @Udt({ keyspace: 'shop', name: 'address' }) class Address {}
 * ```
 */
export interface UdtOptions {
  /** The type's name (default: the class name through the naming strategy). */
  readonly name?: string;
  /** The type's keyspace (default: the keyspace of the entity that uses it). */
  readonly keyspace?: string;
}

/**
 * Maps a class to a user-defined type. Entities read through the mapper hold instances of the
 * class, and instances bind as UDT values; `mapper.registerUdts()` also makes raw session results
 * yield them. A property typed with the class maps to `frozen<name>`.
 *
 * @example
 * ```ts
 * @Udt({ name: 'address' })
 * class Address {
 *   @Field() street?: string;
 *   @Field({ type: 'int' }) zipCode?: number; // field zip_code
 * }
 * ```
 */
export function Udt(options?: UdtOptions): ClassDecorator;
export function Udt(target: abstract new () => object): void;
export function Udt(arg?: UdtOptions | (abstract new () => object)): ClassDecorator | void {
  if (typeof arg === 'function') {
    declareUdt(arg, {});
    return;
  }
  const options = arg ?? {};
  return (target) => {
    const ctor = target as unknown as abstract new () => object;
    if (typeof options !== 'object' || options === null) {
      recordDecorationError(ctor, `@Udt(options): options must be an object, got ${typeof options}`);
    }
    declareUdt(ctor, {
      ...(options?.keyspace !== undefined ? { keyspace: options.keyspace } : {}),
      ...(options?.name !== undefined ? { name: options.name } : {}),
    });
  };
}

/**
 * Maps a property of a `@Udt` class to a field; types follow the same rules as `@Column`.
 *
 * @example
 * ```ts
 * @Field() city?: string;
 * @Field({ type: 'list<text>' }) lines?: string[];
 * @Field({ type: Geo }) location?: Geo; // nested UDT
 * ```
 */
export function Field(options?: ColumnOptions): MapperPropertyDecorator;
export function Field(target: object, property: string | symbol): void;
export function Field(value: undefined, context: ClassFieldDecoratorContext): void;
export function Field(...args: unknown[]): MapperPropertyDecorator | void {
  const mark = (target: unknown, property: unknown, options: ColumnOptions): void => {
    const d = propertyDeclaration(target, property, '@Field');
    if (d !== undefined) d.column = { ...(d.column ?? {}), ...options };
  };
  if (isPropertyDecoratorCall(args)) return mark(args[0], args[1], {});
  const options = (args[0] ?? {}) as ColumnOptions;
  return (target: unknown, property: unknown) => mark(target, property, options);
}
