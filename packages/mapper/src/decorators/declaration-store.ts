/**
 * Where decorators record what they were told, on the class through reflect-metadata. Nothing is
 * validated here: the model builder reads these declarations once and reports every problem.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import type { ColumnConverter } from '../conversion/column-converter';

/**
 * The CQL type of a column or UDT field: CQL type text (`'bigint'`, `'set<text>'`,
 * `'frozen<list<address>>'`, where UDT names refer to `@Udt` classes) or a `@Udt` class.
 *
 * @example
 * ```ts
 * @Column({ type: 'map<text, frozen<address>>' }) addresses?: Map<string, Address>;
 * @Column({ type: Address }) home?: Address; // frozen<address>
 * ```
 */
export type CqlTypeSpec = string | (abstract new () => object);

/** What `@Entity` was given. @internal */
export interface EntityDeclaration {
  readonly keyspace?: string;
  readonly table?: string;
}

/** What `@Udt` was given. @internal */
export interface UdtDeclaration {
  readonly keyspace?: string;
  readonly name?: string;
}

/**
 * Options of a secondary index (`@Index`).
 *
 * @example
 * ```ts
 * @Index({ using: 'sai', options: { case_sensitive: 'false' } }) @Column() city?: string;
 * ```
 */
export interface IndexOptions {
  /** Index name (default `<table>_<column>_idx`). */
  readonly name?: string;
  /**
   * `'sai'` (Storage-Attached Index, the default), `'secondary'` (legacy 2i) or the Java class of
   * a custom index.
   */
  readonly using?: 'sai' | 'secondary' | (string & {});
  /** For collections: index the `values` (default for lists and sets), `keys`, `entries` or `full` frozen value. */
  readonly target?: 'values' | 'keys' | 'entries' | 'full';
  /** Index options (`WITH OPTIONS = {…}`), e.g. `{ case_sensitive: 'false' }` for SAI. */
  readonly options?: Readonly<Record<string, string>>;
}

/**
 * The JavaScript shape of a property, as a constructor: `Number`, `BigInt`, `Long`, `String`,
 * `Set`, `Array`, `Map`, `Object` (a map as a plain object), `Date`, or a class.
 */
export type PropertyShape =
  | NumberConstructor
  | BigIntConstructor
  | StringConstructor
  | BooleanConstructor
  | ArrayConstructor
  | ObjectConstructor
  | (abstract new (...args: never[]) => unknown);

/**
 * Options of `@Column` and `@Field`.
 *
 * @example
 * ```ts
 * @Column({ name: 'e_mail', type: 'ascii' }) email?: string;
 * @Column({ type: 'bigint', as: Number }) views?: number; // the shape, where no design type exists
 * ```
 */
export interface ColumnOptions {
  /** The CQL name (default: from the naming strategy). */
  readonly name?: string;
  /** The CQL type; required when the TypeScript type does not determine it (number, arrays, maps…). */
  readonly type?: CqlTypeSpec;
  /**
   * The JavaScript shape values read back take (`Number`, `BigInt`, `Long`, `Set`, `Array`…), for
   * compile modes that record no TypeScript type: standard (TC39) decorators, esbuild and tsx.
   * With TypeScript's `emitDecoratorMetadata` the declared type gives it; a property's initial
   * value (`count = 0`) does too. Otherwise a natural default applies (`number` for bigint and
   * counter columns, `bigint` for varint, `Set` for sets), with one warning.
   */
  readonly as?: PropertyShape;
  /** A custom converter between the property and the column. */
  readonly converter?: ColumnConverter<never, unknown> | ColumnConverter;
}

/** Everything decorators said about one property. @internal */
export interface PropertyDeclaration {
  readonly property: string;
  /** `design:type` emitted by TypeScript (`String`, `Number`, a class…), if any. */
  readonly designType: unknown;
  /** Decorator names applied, in application order (for error messages). */
  readonly decorators: string[];
  column?: ColumnOptions;
  partitionKeyOrder?: number | undefined;
  isPartitionKey?: boolean;
  clustering?: { readonly order: number | undefined; readonly direction: unknown };
  isStatic?: boolean;
  isCounter?: boolean;
  isTransient?: boolean;
  computed?: unknown;
  isVersion?: boolean;
  indexes?: IndexOptions[];
}

const ENTITY_KEY = Symbol.for('cqlkit.mapper.entity');
const UDT_KEY = Symbol.for('cqlkit.mapper.udt');
const PROPERTIES_KEY = Symbol.for('cqlkit.mapper.properties');
const DECORATION_ERRORS_KEY = Symbol.for('cqlkit.mapper.decorationErrors');

/** Every class decorated with `@Udt`, in declaration order. */
const udtClasses = new Set<abstract new () => object>();

/** Records `@Entity` options on a class. @internal */
export function declareEntity(ctor: object, declaration: EntityDeclaration): void {
  Reflect.defineMetadata(ENTITY_KEY, declaration, ctor);
}

/** The `@Entity` options of a class (its own, not inherited), if decorated. @internal */
export function entityDeclarationOf(ctor: object): EntityDeclaration | undefined {
  return Reflect.getOwnMetadata(ENTITY_KEY, ctor) as EntityDeclaration | undefined;
}

/** Records `@Udt` options on a class. @internal */
export function declareUdt(ctor: abstract new () => object, declaration: UdtDeclaration): void {
  Reflect.defineMetadata(UDT_KEY, declaration, ctor);
  udtClasses.add(ctor);
}

/** The `@Udt` options of a class, if decorated. @internal */
export function udtDeclarationOf(ctor: unknown): UdtDeclaration | undefined {
  if (typeof ctor !== 'function') return undefined;
  return Reflect.getOwnMetadata(UDT_KEY, ctor) as UdtDeclaration | undefined;
}

/** Every `@Udt` class declared so far. @internal */
export function declaredUdtClasses(): readonly (abstract new () => object)[] {
  return [...udtClasses];
}

/**
 * A property decorator that works as a legacy decorator (`experimentalDecorators`, with
 * `emitDecoratorMetadata` giving design types) and as a standard (TC39) field decorator, where no
 * design type exists and column types must be given explicitly.
 *
 * @example
 * ```ts
 * const decorator: MapperPropertyDecorator = Column({ type: 'int' });
 * ```
 */
export type MapperPropertyDecorator = {
  (target: object, propertyKey: string | symbol): void;
  (value: undefined, context: ClassFieldDecoratorContext): void;
};

/** The parts of a standard decorator context the mapper reads. */
interface StandardContext {
  readonly kind: string;
  readonly name: string | symbol;
  readonly static?: boolean;
  readonly private?: boolean;
  readonly metadata?: Record<PropertyKey, unknown>;
}

// Standard decorators keep class metadata under `Symbol.metadata`, which Node 20 lacks; TypeScript
// only passes `context.metadata` when it exists. Polyfill it with the registered symbol esbuild uses.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

/** `Symbol.metadata` (where standard decorators keep class metadata). */
const METADATA: symbol = (Symbol as unknown as { metadata: symbol }).metadata;

function isStandardContext(value: unknown): value is StandardContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

/**
 * The declaration of a decorated property, created on first use. Accepts the arguments of a
 * legacy decorator (`prototype, key`) or of a standard one (`undefined, context`).
 *
 * @internal
 */
export function propertyDeclaration(
  target: unknown,
  key: unknown,
  decorator: string,
): PropertyDeclaration | undefined {
  if (isStandardContext(key)) return standardDeclaration(key, decorator);
  const prototype = target as object;
  const ctor = (prototype as { constructor: object }).constructor;
  if (typeof key === 'symbol') {
    recordDecorationError(ctor, `${decorator} cannot decorate the symbol property ${String(key)}`);
    return undefined;
  }
  const property = key as string;
  let own = Reflect.getOwnMetadata(PROPERTIES_KEY, ctor) as Map<string, PropertyDeclaration> | undefined;
  if (own === undefined) {
    own = new Map();
    Reflect.defineMetadata(PROPERTIES_KEY, own, ctor);
  }
  return touch(own, property, Reflect.getMetadata('design:type', prototype, property), decorator);
}

function standardDeclaration(context: StandardContext, decorator: string): PropertyDeclaration | undefined {
  const metadata = context.metadata;
  if (metadata === undefined) {
    throw new TypeError(
      `${decorator}: standard decorators need decorator metadata (TypeScript 5.2+ or esbuild 0.21+); or compile with experimentalDecorators`,
    );
  }
  const problem =
    context.kind !== 'field' && context.kind !== 'accessor'
      ? `${decorator} decorates fields, not the ${context.kind} ${String(context.name)}`
      : typeof context.name === 'symbol' || context.private === true
        ? `${decorator} cannot decorate the private or symbol field ${String(context.name)}`
        : context.static === true
          ? `${decorator} cannot decorate the static field ${String(context.name)}`
          : undefined;
  if (problem !== undefined) {
    ownOf<string[]>(metadata, DECORATION_ERRORS_KEY, () => []).push(problem);
    return undefined;
  }
  const own = ownOf<Map<string, PropertyDeclaration>>(metadata, PROPERTIES_KEY, () => new Map());
  return touch(own, context.name as string, undefined, decorator);
}

function touch(
  own: Map<string, PropertyDeclaration>,
  property: string,
  designType: unknown,
  decorator: string,
): PropertyDeclaration {
  let declaration = own.get(property);
  if (declaration === undefined) {
    declaration = { property, designType, decorators: [] };
    own.set(property, declaration);
  }
  declaration.decorators.push(decorator);
  return declaration;
}

/** The own value under `key` of a standard metadata object, created when missing. */
function ownOf<V>(metadata: Record<PropertyKey, unknown>, key: symbol, create: () => V): V {
  if (!Object.prototype.hasOwnProperty.call(metadata, key)) metadata[key] = create();
  return metadata[key] as V;
}

/** The own standard-decorator metadata value of a class under `key`, if any. */
function standardMetadataOf<V>(ctor: object, key: symbol): V | undefined {
  const metadata = (ctor as Record<PropertyKey, unknown>)[METADATA] as
    Record<PropertyKey, unknown> | undefined;
  if (metadata === undefined || metadata === null || !Object.prototype.hasOwnProperty.call(metadata, key)) {
    return undefined;
  }
  return metadata[key] as V;
}

/**
 * The property declarations of a class and its ancestors (ancestors first; a subclass
 * redeclaring a property replaces it), from legacy and standard decorators alike.
 *
 * @internal
 */
export function propertyDeclarationsOf(ctor: object): PropertyDeclaration[] {
  const chain: object[] = [];
  for (let c: object | null = ctor; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c);
  }
  const merged = new Map<string, PropertyDeclaration>();
  for (const c of chain) {
    const legacy = Reflect.getOwnMetadata(PROPERTIES_KEY, c) as Map<string, PropertyDeclaration> | undefined;
    const standard = standardMetadataOf<Map<string, PropertyDeclaration>>(c, PROPERTIES_KEY);
    for (const own of [legacy, standard]) if (own) for (const [name, d] of own) merged.set(name, d);
  }
  return [...merged.values()];
}

/** Remembers a misuse found while decorating, reported when the class is mapped. @internal */
export function recordDecorationError(ctor: object, problem: string): void {
  const list = (Reflect.getOwnMetadata(DECORATION_ERRORS_KEY, ctor) as string[] | undefined) ?? [];
  list.push(problem);
  Reflect.defineMetadata(DECORATION_ERRORS_KEY, list, ctor);
}

/** Misuses recorded while decorating a class. @internal */
export function decorationErrorsOf(ctor: object): readonly string[] {
  return [
    ...((Reflect.getOwnMetadata(DECORATION_ERRORS_KEY, ctor) as string[] | undefined) ?? []),
    ...(standardMetadataOf<string[]>(ctor, DECORATION_ERRORS_KEY) ?? []),
  ];
}

/**
 * Whether `args` are those of a property decorator call — legacy `(prototype, key)` or standard
 * `(undefined, context)` — rather than of a decorator factory call. @internal
 */
export function isPropertyDecoratorCall(args: readonly unknown[]): args is [unknown, unknown] {
  const [target, key] = args;
  if (args.length >= 2 && isStandardContext(key)) return true;
  return (
    args.length >= 2 &&
    typeof target === 'object' &&
    target !== null &&
    typeof (target as { constructor?: unknown }).constructor === 'function' &&
    (typeof key === 'string' || typeof key === 'symbol')
  );
}
