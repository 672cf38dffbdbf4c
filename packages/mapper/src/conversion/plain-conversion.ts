/**
 * User-facing conversion between entities and plain JSON-ready objects, through
 * class-transformer (so its own decorators — `@Expose`, `@Exclude`, `@Transform`, `@Type` — keep
 * working) plus the mapper's knowledge of CQL types: Uuid, 64-bit integers, dates, blobs, UDT
 * classes… become strings, numbers, arrays and objects, and back.
 *
 * This is not the repository hot path (see {@link EntityConverter}).
 *
 * @packageDocumentation
 */
import {
  BigDecimal,
  Duration,
  InetAddress,
  LocalDate,
  LocalTime,
  Long,
  TimeUuid,
  Tuple,
  Uuid,
  type DataType,
} from '@cqlkit/driver';
import { instanceToPlain, plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { udtDeclarationOf } from '../decorators/declaration-store';
import type { EntityModel } from '../metadata/entity-model';
import { ConversionError } from '../errors';
import { contextualize, type UdtModelLookup } from './value-adapters';

/**
 * A plain, JSON-ready copy of an entity: class-transformer's `instanceToPlain` after the mapped
 * values were turned into JSON forms (Uuid → string, Long/bigint → decimal string, Date → ISO
 * string, Buffer → base64, Set → array, Map → object, UDT instances → objects).
 *
 * @internal
 */
export function entityToPlain<T extends object>(
  model: EntityModel<T>,
  entity: T,
  options?: ClassTransformOptions,
): Record<string, unknown> {
  const shadow = Object.assign(
    Object.create(Object.getPrototypeOf(entity) as object) as object,
    entity,
  ) as Record<string, unknown>;
  const record = entity as Record<string, unknown>;
  for (const c of model.columns) shadow[c.property] = toJsonValue(record[c.property]);
  for (const c of model.computed) shadow[c.property] = toJsonValue(record[c.property]);
  return instanceToPlain(shadow, options) as Record<string, unknown>;
}

/**
 * An entity from a plain object (such as parsed JSON): class-transformer's `plainToInstance`,
 * then every mapped property converted from its JSON form to what the column's CQL type and the
 * property's TypeScript type expect.
 *
 * @throws ConversionError naming the property whose value cannot be converted.
 * @internal
 */
export function plainToEntity<T extends object>(
  model: EntityModel<T>,
  udts: UdtModelLookup,
  plain: object,
  options?: ClassTransformOptions,
): T {
  const entity = plainToInstance(model.ctor, plain, options) as T & Record<string, unknown>;
  for (const c of model.columns) {
    const value = entity[c.property];
    if (value === undefined || value === null || c.converter !== undefined) continue;
    try {
      entity[c.property as keyof T & string] = fromJsonValue(value, c.type, c.designType, udts) as never;
    } catch (e) {
      throw contextualize(e, `${model.className}.${c.property}`);
    }
  }
  for (const c of model.computed) {
    const value = entity[c.property];
    if (value === undefined || value === null) continue;
    entity[c.property as keyof T & string] = fromJsonValue(
      value,
      c.fn === 'writetime' ? { kind: 'bigint' } : { kind: 'int' },
      c.designType,
      udts,
    ) as never;
  }
  return entity;
}

/**
 * The JSON form of a driver or property value.
 *
 * @internal
 */
export function toJsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'object':
      break;
    default:
      return v;
  }
  if (Long.isLong(v)) return (v as Long).toString();
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Float32Array) return Array.from(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Tuple) return v.toArray().map(toJsonValue);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Set) return [...v].map(toJsonValue);
  if (v instanceof Map) {
    const entries = [...v.entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      return Object.fromEntries(entries.map(([k, x]) => [k, toJsonValue(x)]));
    }
    return entries.map(([k, x]) => [toJsonValue(k), toJsonValue(x)]);
  }
  const ctor = (v as object).constructor;
  if (udtDeclarationOf(ctor) !== undefined) {
    const shadow = Object.assign(Object.create(Object.getPrototypeOf(v) as object) as object, v) as Record<
      string,
      unknown
    >;
    for (const key of Object.keys(shadow)) shadow[key] = toJsonValue(shadow[key]);
    return shadow;
  }
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJSON.call(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
  return out;
}

/**
 * The property value of a JSON form, for a column of `type` and a property of `designType`.
 *
 * @internal
 */
export function fromJsonValue(
  v: unknown,
  type: DataType,
  designType: unknown,
  udts: UdtModelLookup,
): unknown {
  if (v === null || v === undefined) return v;
  switch (type.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'float':
    case 'double':
      return typeof v === 'string' ? Number(v) : v;
    case 'bigint':
    case 'counter':
    case 'varint':
      if (designType === Number) return typeof v === 'number' ? v : Number(v);
      if (designType === BigInt || type.kind === 'varint')
        return typeof v === 'bigint' ? v : BigInt(String(v));
      return Long.isLong(v) ? v : Long.fromString(String(v));
    case 'decimal':
      if (designType === Number) return Number(v);
      if (designType === String) return String(v);
      return v instanceof BigDecimal ? v : BigDecimal.parse(String(v));
    case 'timestamp':
      if (designType === Number) return typeof v === 'number' ? v : new Date(String(v)).getTime();
      return v instanceof Date ? v : new Date(v as string | number);
    case 'date':
      if (designType === String) return String(v);
      if (designType === Date) return v instanceof Date ? v : new Date(String(v));
      return v instanceof LocalDate ? v : LocalDate.parse(String(v));
    case 'time':
      if (designType === String) return String(v);
      return v instanceof LocalTime ? v : LocalTime.parse(String(v));
    case 'duration':
      if (designType === String) return String(v);
      return v instanceof Duration ? v : Duration.parse(String(v));
    case 'uuid':
      if (designType === String) return String(v);
      return v instanceof Uuid ? v : Uuid.parse(String(v));
    case 'timeuuid':
      if (designType === String) return String(v);
      return v instanceof TimeUuid ? v : TimeUuid.parse(String(v));
    case 'inet':
      if (designType === String) return String(v);
      return v instanceof InetAddress ? v : InetAddress.parse(String(v));
    case 'blob':
    case 'custom':
      if (Buffer.isBuffer(v)) return v;
      if (typeof v === 'string') return Buffer.from(v, 'base64');
      if (v instanceof Uint8Array || Array.isArray(v)) return Buffer.from(v as number[]);
      return v;
    case 'list':
      return iterableOf(v).map((x) => fromJsonValue(x, type.element, undefined, udts));
    case 'set': {
      const items = iterableOf(v).map((x) => fromJsonValue(x, type.element, undefined, udts));
      return designType === Set ? new Set(items) : items;
    }
    case 'map': {
      const entries: [unknown, unknown][] =
        v instanceof Map
          ? [...v.entries()]
          : Array.isArray(v)
            ? (v as [unknown, unknown][])
            : Object.entries(v as object);
      const converted = entries.map(
        ([k, x]) =>
          [
            fromJsonValue(k, type.key, undefined, udts),
            fromJsonValue(x, type.value, undefined, udts),
          ] as const,
      );
      return designType === Object
        ? Object.fromEntries(converted as [string, unknown][])
        : new Map(converted);
    }
    case 'tuple': {
      const items = (v instanceof Tuple ? v.toArray() : iterableOf(v)).map((x, i) =>
        fromJsonValue(x, type.elements[i] as DataType, undefined, udts),
      );
      return designType === Array ? items : Tuple.fromArray(items);
    }
    case 'vector': {
      const items = iterableOf(v).map((x) => fromJsonValue(x, type.element, undefined, udts));
      return type.element.kind === 'float' && designType !== Array
        ? Float32Array.from(items as number[])
        : items;
    }
    case 'udt': {
      const model = udts.udtByName(type.keyspace, type.name);
      if (model === undefined || typeof v !== 'object') return v;
      const Ctor = model.ctor as new () => Record<string, unknown>;
      const source = v as Record<string, unknown>;
      const out = v instanceof Ctor ? (v as Record<string, unknown>) : new Ctor();
      for (const f of model.fields) {
        const raw = source[f.property];
        try {
          out[f.property] =
            raw === undefined || raw === null || f.converter !== undefined
              ? raw
              : fromJsonValue(raw, f.type, f.designType, udts);
        } catch (e) {
          throw contextualize(e, `${model.className}.${f.property}`);
        }
      }
      return out;
    }
    default:
      return v;
  }
}

function iterableOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Set || ArrayBuffer.isView(v)) return [...(v as Iterable<unknown>)];
  throw new ConversionError(`expected an array, got ${typeof v}`);
}
