/**
 * The CQL type of a column or UDT field: from `@Column({ type })` when given, otherwise from the
 * TypeScript design type when that is unambiguous. Problems are collected, not thrown, so that one
 * error can list every problem of a class.
 *
 * @packageDocumentation
 */
import {
  BigDecimal,
  dataTypeToString,
  Duration,
  InetAddress,
  LocalDate,
  LocalTime,
  Long,
  parseTypeString,
  TimeUuid,
  Tuple,
  TypeParseError,
  Uuid,
  type DataType,
  type UdtDataType,
} from '@cqlkit/driver';
import type { PropertyDeclaration } from '../decorators/declaration-store';
import { udtDeclarationOf } from '../decorators/declaration-store';

/** What type resolution needs from its surroundings. @internal */
export interface TypeContext {
  /** `Class.property`, for messages. */
  readonly where: string;
  /** The `@Udt` class's type in the context keyspace (frozen or not as written). */
  readonly udtOfClass: (ctor: abstract new () => object) => UdtDataType | undefined;
  /** The `@Udt` class named `name` (in `keyspace`, else the context keyspace). */
  readonly udtOfName: (name: string, keyspace: string | undefined) => UdtDataType | undefined;
  /** Collected problems. */
  readonly problems: string[];
}

/** Design types that determine the CQL type on their own. */
const UNAMBIGUOUS: ReadonlyArray<readonly [unknown, DataType]> = [
  [String, { kind: 'text' }],
  [Boolean, { kind: 'boolean' }],
  [Date, { kind: 'timestamp' }],
  [TimeUuid, { kind: 'timeuuid' }],
  [Uuid, { kind: 'uuid' }],
  [LocalDate, { kind: 'date' }],
  [LocalTime, { kind: 'time' }],
  [Duration, { kind: 'duration' }],
  [InetAddress, { kind: 'inet' }],
  [BigDecimal, { kind: 'decimal' }],
  [Long, { kind: 'bigint' }],
  [Buffer, { kind: 'blob' }],
  [Uint8Array, { kind: 'blob' }],
];

/** For ambiguous design types: the CQL types to choose from. */
const CHOICES: ReadonlyArray<readonly [unknown, string]> = [
  [Number, "'int', 'bigint', 'smallint', 'tinyint', 'float', 'double', 'varint' or 'decimal'"],
  [BigInt, "'bigint' or 'varint'"],
  [Array, "'list<…>', 'set<…>' or 'vector<…, n>'"],
  [Set, "'set<…>'"],
  [Map, "'map<…, …>'"],
  [Tuple, "'tuple<…>'"],
  [Float32Array, "'vector<float, n>'"],
];

/** Which design types each CQL type accepts without a converter. */
function acceptedDesignTypes(type: DataType): readonly unknown[] {
  switch (type.kind) {
    case 'ascii':
    case 'text':
      return [String];
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'float':
    case 'double':
      return [Number];
    case 'bigint':
    case 'counter':
    case 'varint':
      return [Number, BigInt, Long];
    case 'decimal':
      return [BigDecimal, Number, String];
    case 'boolean':
      return [Boolean];
    case 'timestamp':
      return [Date, Number];
    case 'date':
      return [LocalDate, Date, String];
    case 'time':
      return [LocalTime, String, BigInt];
    case 'duration':
      return [Duration, String];
    case 'uuid':
      return [Uuid, String];
    case 'timeuuid':
      return [TimeUuid, Uuid, String];
    case 'inet':
      return [InetAddress, String];
    case 'blob':
    case 'custom':
      return [Buffer, Uint8Array];
    case 'list':
      return [Array];
    case 'set':
      return [Array, Set];
    case 'map':
      return [Map];
    case 'tuple':
      return [Tuple, Array];
    case 'vector':
      return [Float32Array, Array];
    case 'udt':
      return [];
  }
}

/**
 * The name of a design type for messages.
 *
 * @internal
 */
export function designTypeName(designType: unknown): string {
  if (designType === undefined) return 'unknown';
  return typeof designType === 'function' ? designType.name || 'anonymous class' : String(designType);
}

/**
 * Whether the design type says nothing (interfaces, unions, `any`, `unknown`, no metadata).
 *
 * @internal
 */
export function isOpaqueDesignType(designType: unknown): boolean {
  return designType === undefined || designType === Object;
}

/**
 * The CQL type of a declared column or field, or `undefined` after recording a problem.
 *
 * @internal
 */
export function resolveDeclaredType(d: PropertyDeclaration, ctx: TypeContext): DataType | undefined {
  const explicit = d.column?.type;
  if (d.isCounter) {
    if (explicit !== undefined && explicit !== 'counter') {
      ctx.problems.push(
        `${ctx.where}: @Counter columns have CQL type counter, but @Column gives type ${describeSpec(explicit)}`,
      );
      return undefined;
    }
    if (!isOpaqueDesignType(d.designType) && ![Number, BigInt, Long].includes(d.designType as never)) {
      ctx.problems.push(
        `${ctx.where}: a @Counter property must be a number, bigint or Long, not ${designTypeName(d.designType)}`,
      );
      return undefined;
    }
    return { kind: 'counter' };
  }
  if (explicit !== undefined) return resolveExplicit(explicit, d, ctx);
  if (d.isVersion) {
    if (isOpaqueDesignType(d.designType) || [Number, BigInt, Long].includes(d.designType as never)) {
      return { kind: 'bigint' };
    }
    ctx.problems.push(
      `${ctx.where}: a @Version property must be a number or bigint (CQL bigint by default), not ${designTypeName(d.designType)}`,
    );
    return undefined;
  }
  return inferFromDesignType(d.designType, ctx);
}

function resolveExplicit(spec: unknown, d: PropertyDeclaration, ctx: TypeContext): DataType | undefined {
  let type: DataType | undefined;
  if (typeof spec === 'function') {
    const udt = udtDeclarationOf(spec) ? ctx.udtOfClass(spec as abstract new () => object) : undefined;
    if (udtDeclarationOf(spec) === undefined) {
      ctx.problems.push(
        `${ctx.where}: type ${designTypeName(spec)} is not a @Udt class; give CQL type text such as 'text' or decorate the class with @Udt`,
      );
      return undefined;
    }
    if (udt === undefined) return undefined;
    type = { ...udt, frozen: true };
  } else if (typeof spec === 'string') {
    const before = ctx.problems.length;
    try {
      type = parseTypeString(spec, (name, keyspace) => ctx.udtOfName(name, keyspace));
    } catch (e) {
      if (!(e instanceof TypeParseError)) throw e;
      if (ctx.problems.length > before) return undefined; // the UDT lookup said what is wrong
      ctx.problems.push(`${ctx.where}: type '${spec}' is not a valid CQL type (${e.message})`);
      return undefined;
    }
    if (type.kind === 'counter') {
      ctx.problems.push(
        `${ctx.where}: use @Counter() for counter columns rather than @Column({ type: 'counter' })`,
      );
      return undefined;
    }
  } else {
    ctx.problems.push(
      `${ctx.where}: @Column({ type }) must be CQL type text or a @Udt class, got ${typeof spec}`,
    );
    return undefined;
  }
  if (d.column?.converter === undefined && !fitsDesignType(type, d.designType)) {
    ctx.problems.push(
      `${ctx.where}: the TypeScript type ${designTypeName(d.designType)} does not hold CQL ${dataTypeToString(type)} values ` +
        `(expected ${describeAccepted(type)}); change the property type or add a converter`,
    );
    return undefined;
  }
  if (d.isVersion && !['int', 'bigint', 'varint', 'smallint', 'tinyint'].includes(type.kind)) {
    ctx.problems.push(
      `${ctx.where}: a @Version column must have an integer CQL type, not ${dataTypeToString(type)}`,
    );
    return undefined;
  }
  return type;
}

function inferFromDesignType(designType: unknown, ctx: TypeContext): DataType | undefined {
  for (const [ctor, type] of UNAMBIGUOUS) if (designType === ctor) return type;
  for (const [ctor, choices] of CHOICES) {
    if (designType === ctor) {
      ctx.problems.push(
        `${ctx.where}: the TypeScript type ${designTypeName(designType)} maps to several CQL types; ` +
          `give one with @Column({ type: … }): ${choices}`,
      );
      return undefined;
    }
  }
  if (typeof designType === 'function' && designType !== Object) {
    if (udtDeclarationOf(designType)) {
      const udt = ctx.udtOfClass(designType as abstract new () => object);
      return udt === undefined ? undefined : { ...udt, frozen: true };
    }
    ctx.problems.push(
      `${ctx.where}: class ${designTypeName(designType)} is not a @Udt class; decorate it with @Udt or give @Column({ type }) (with a converter if needed)`,
    );
    return undefined;
  }
  ctx.problems.push(
    designType === undefined
      ? `${ctx.where}: no TypeScript design type is known (standard decorators, esbuild/tsx, or no emitDecoratorMetadata); give the CQL type with @Column({ type: … })`
      : `${ctx.where}: its TypeScript type (an interface, a union, any or unknown) does not tell the CQL type; give it with @Column({ type: … })`,
  );
  return undefined;
}

function fitsDesignType(type: DataType, designType: unknown): boolean {
  if (isOpaqueDesignType(designType)) return true;
  if (type.kind === 'udt') return udtDeclarationOf(designType) !== undefined;
  return acceptedDesignTypes(type).includes(designType);
}

function describeAccepted(type: DataType): string {
  if (type.kind === 'udt') return `a @Udt class for ${type.name}`;
  return acceptedDesignTypes(type).map(designTypeName).join(', ');
}

function describeSpec(spec: unknown): string {
  return typeof spec === 'string' ? `'${spec}'` : designTypeName(spec);
}
