/**
 * The JavaScript shape of a mapped property — what values read back become (`number`, `bigint`,
 * `Set`, an array…) — in every compile mode. TypeScript's legacy decorators with
 * `emitDecoratorMetadata` give it (`design:type`); standard (TC39) decorators, esbuild and tsx
 * give nothing. So the shape is, in order: `@Column({ as })`, the design type, the type of the
 * property's initial value (`count = 0`, `tags = new Set<string>()`), and last a natural default
 * for the CQL type, announced by one warning where it is a guess. Never holds conversions
 * (`conversion/value-adapters.ts`) nor CQL type inference (`type-resolution.ts`).
 *
 * @packageDocumentation
 */
import { Long, type DataType } from '@cqlkit/driver';
import type { PropertyDeclaration } from '../decorators/declaration-store';
import { designTypeName, isOpaqueDesignType } from './type-resolution';

/** Where a property's shape came from. @internal */
export type ShapeSource = 'as' | 'design type' | 'initial value' | 'default' | 'none';

/**
 * The shape a declaration states, without looking at its CQL type: `@Column({ as })`, else the
 * design type, else the constructor of the property's value on `sample` (an instance made with
 * the class's no-argument constructor), else `undefined`.
 *
 * @internal
 */
export function declaredShape(
  d: PropertyDeclaration,
  sample: object | undefined,
): { readonly shape: unknown; readonly source: ShapeSource } {
  const explicit = d.column?.as;
  if (explicit !== undefined) return { shape: explicit, source: 'as' };
  if (!isOpaqueDesignType(d.designType)) return { shape: d.designType, source: 'design type' };
  const initial = shapeOfValue(sample === undefined ? undefined : Reflect.get(sample, d.property));
  if (initial !== undefined) return { shape: initial, source: 'initial value' };
  return { shape: d.designType, source: 'none' };
}

/** The constructor standing for a value's type (`0` → Number, `0n` → BigInt, a Set → Set…). */
function shapeOfValue(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return Number;
    case 'bigint':
      return BigInt;
    case 'string':
      return String;
    case 'boolean':
      return Boolean;
    case 'object':
      if (value === null) return undefined;
      if (Long.isLong(value)) return Long;
      if (Array.isArray(value)) return Array;
      return Object.getPrototypeOf(value) === Object.prototype ? undefined : value.constructor;
    default:
      return undefined;
  }
}

/**
 * The natural shape of a CQL type when nothing states one: `number` for `bigint` and `counter`
 * (checked to be exact; beyond ±2^53 reading fails and says to declare a bigint), `bigint` for
 * `varint`, a `Set` for sets; for other types the driver's own value (`Date`, `LocalDate`, `Uuid`,
 * arrays, `Map`s…) is the natural one. `guess` is true where a property is often declared
 * otherwise (a warning then says how to state it).
 *
 * @internal
 */
export function naturalShape(type: DataType): { readonly shape: unknown; readonly guess: boolean } {
  switch (type.kind) {
    case 'bigint':
    case 'counter':
      return { shape: Number, guess: true };
    case 'varint':
      return { shape: BigInt, guess: true };
    case 'set':
      return { shape: Set, guess: true };
    default:
      return { shape: undefined, guess: false };
  }
}

/**
 * The final shape of a property of CQL type `type`, warning once (through `warn`) when it had to
 * be guessed.
 *
 * @internal
 */
export function finalShape(
  declared: { readonly shape: unknown; readonly source: ShapeSource },
  type: DataType,
  hasConverter: boolean,
  where: string,
  warn: (message: string) => void,
): unknown {
  if (declared.source !== 'none' || hasConverter) return declared.shape;
  // `Object` from the metadata (an interface or a Record type): a map reads back as a plain object.
  if (declared.shape === Object && type.kind === 'map') return Object;
  const natural = naturalShape(type);
  if (natural.guess) {
    warn(
      `${where}: no TypeScript type is known for this property (standard decorators, esbuild/tsx, or no ` +
        `emitDecoratorMetadata), so its values read back as ${shapeName(natural.shape)}; ` +
        `state the shape with @Column({ as: ${designTypeName(natural.shape)} }) (or Number, BigInt, Long, Set, Array…) ` +
        'or give the property an initial value',
    );
  }
  return natural.shape;
}

function shapeName(shape: unknown): string {
  if (shape === Number) return 'numbers';
  if (shape === BigInt) return 'bigints';
  if (shape === Set) return 'Sets';
  return designTypeName(shape);
}

/**
 * An instance made with the class's no-argument constructor, to read the properties' initial
 * values (`undefined` if the constructor throws: the shapes then come from elsewhere).
 *
 * @internal
 */
export function sampleInstance(ctor: abstract new () => object): object | undefined {
  try {
    return new (ctor as new () => object)();
  } catch {
    return undefined;
  }
}
