/**
 * Per-type value adapters between what the driver decodes/encodes and what entity properties
 * hold, built once per column from its CQL type and TypeScript design type. `undefined` means
 * "no adaptation needed" so the hot path skips the call.
 *
 * - 64-bit integers become `number` (checked to be safe) or `bigint` when the property says so;
 * - sets become `Set`s or arrays, maps `Map`s or plain objects, as the property is declared;
 * - UDT values become instances of their `@Udt` class (and are written back keyed by CQL field
 *   names), also inside collections and tuples;
 * - uuid, inet, date, time, duration and decimal values become strings for `string` properties.
 *
 * @packageDocumentation
 */
import { Long, Tuple, ValueEncodingError, type DataType } from '@cqlkit/driver';
import { ConversionError } from '../errors';
import type { UdtModel } from '../metadata/entity-model';

/**
 * Turns a non-null driver value into a property value.
 *
 * @internal
 */
export type ValueReader = (value: unknown) => unknown;
/**
 * Turns a non-null property value into a value the driver can encode.
 *
 * @internal
 */
export type ValueWriter = (value: unknown) => unknown;

/**
 * Finds the `@Udt` model of a UDT type.
 *
 * @internal
 */
export interface UdtModelLookup {
  udtByName(keyspace: string, name: string): UdtModel | undefined;
}

const readersByUdt = new WeakMap<UdtModel, ValueReader>();
const writersByUdt = new WeakMap<UdtModel, ValueWriter>();

/**
 * The reader of a value of `type` for a property of design type `designType` (or `undefined`
 * when driver values are used as they are).
 *
 * @example
 * ```ts
 * readerFor({ kind: 'bigint' }, Number, udts)?.(Long.fromInt(5)); // 5
 * ```
 */
export function readerFor(
  type: DataType,
  designType: unknown,
  udts: UdtModelLookup,
): ValueReader | undefined {
  switch (type.kind) {
    case 'bigint':
    case 'counter':
    case 'varint':
      if (designType === Number) return toSafeNumber;
      if (designType === BigInt) return toBigInt;
      if (designType === Long) return toLong;
      return undefined;
    case 'uuid':
    case 'timeuuid':
    case 'inet':
    case 'time':
    case 'duration':
    case 'decimal':
      if (designType === String) return String;
      if (type.kind === 'decimal' && designType === Number)
        return (v) => (v as { toNumber(): number }).toNumber();
      return undefined;
    case 'date':
      if (designType === String) return String;
      if (designType === Date) return (v) => (v as { toDate(): Date }).toDate();
      return undefined;
    case 'timestamp':
      return designType === Number ? (v) => (v as Date).getTime() : undefined;
    case 'list':
      return arrayReader(readerFor(type.element, undefined, udts));
    case 'set':
      return setReader(readerFor(type.element, undefined, udts), designType);
    case 'map':
      return mapReader(
        readerFor(type.key, undefined, udts),
        readerFor(type.value, undefined, udts),
        designType,
      );
    case 'tuple':
      return tupleReader(
        type.elements.map((e) => readerFor(e, undefined, udts)),
        designType,
      );
    case 'vector':
      return designType === Array ? (v) => Array.from(v as ArrayLike<unknown>) : undefined;
    case 'udt': {
      const model = udts.udtByName(type.keyspace, type.name);
      return model === undefined ? undefined : udtReader(model, udts);
    }
    default:
      return undefined;
  }
}

/**
 * The writer of property values for `type` (or `undefined` when the driver encodes them as
 * they are).
 *
 * @example
 * ```ts
 * writerFor(addressType, udts)?.(Object.assign(new Address(), { zipCode: 1 })); // { zip_code: 1, … }
 * ```
 */
export function writerFor(type: DataType, udts: UdtModelLookup): ValueWriter | undefined {
  switch (type.kind) {
    case 'list':
    case 'set': {
      const element = writerFor(type.element, udts);
      if (element === undefined) return undefined;
      return (v) => mapIterable(v, element);
    }
    case 'map': {
      const key = writerFor(type.key, udts);
      const value = writerFor(type.value, udts);
      if (key === undefined && value === undefined) return undefined;
      return (v) => mapEntries(v, key, value);
    }
    case 'tuple': {
      const elements = type.elements.map((e) => writerFor(e, udts));
      if (elements.every((e) => e === undefined)) return undefined;
      return (v) => {
        const values = v instanceof Tuple ? v.toArray() : Array.isArray(v) ? v : undefined;
        if (values === undefined) return v; // the driver reports the wrong type
        return Tuple.fromArray(values.map((x, i) => (x == null ? x : (elements[i]?.(x) ?? x))));
      };
    }
    case 'udt': {
      const model = udts.udtByName(type.keyspace, type.name);
      return model === undefined ? undefined : udtWriter(model, udts);
    }
    default:
      return undefined;
  }
}

function toSafeNumber(v: unknown): number {
  let n: number;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') n = Number(v);
  else if (Long.isLong(v)) n = (v as Long).toNumber();
  else n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new ConversionError(
      `value ${String(v)} does not fit a number property exactly (beyond ±2^53); declare the property as bigint`,
    );
  }
  return n;
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  return BigInt(String(v));
}

function toLong(v: unknown): Long {
  if (Long.isLong(v)) return v as Long;
  return Long.fromString(String(v));
}

function arrayReader(element: ValueReader | undefined): ValueReader | undefined {
  if (element === undefined) return undefined;
  return (v) => (v as unknown[]).map((x) => (x == null ? x : element(x)));
}

function setReader(element: ValueReader | undefined, designType: unknown): ValueReader | undefined {
  if (designType === Set) {
    return (v) => {
      const items = v instanceof Set ? [...v] : (v as unknown[]);
      return new Set(element === undefined ? items : items.map((x) => (x == null ? x : element(x))));
    };
  }
  if (designType === Array) {
    return (v) => {
      const items = v instanceof Set ? [...v] : (v as unknown[]);
      return element === undefined ? items : items.map((x) => (x == null ? x : element(x)));
    };
  }
  if (element === undefined) return undefined;
  return (v) => {
    const items = v instanceof Set ? [...v] : (v as unknown[]);
    const mapped = items.map((x) => (x == null ? x : element(x)));
    return v instanceof Set ? new Set(mapped) : mapped;
  };
}

function mapReader(
  key: ValueReader | undefined,
  value: ValueReader | undefined,
  designType: unknown,
): ValueReader | undefined {
  const toObject = designType === Object;
  if (key === undefined && value === undefined && !toObject) return undefined;
  return (v) => {
    const source = v as Map<unknown, unknown>;
    if (toObject) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of source) {
        const name = key ? key(k) : k;
        if (typeof name !== 'string') {
          throw new ConversionError(
            `map key ${String(name)} is not a string; declare the property as a Map to read maps with non-text keys`,
          );
        }
        Object.defineProperty(out, name, {
          value: x == null || value === undefined ? x : value(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    const out = new Map<unknown, unknown>();
    for (const [k, x] of source) out.set(key ? key(k) : k, x == null || value === undefined ? x : value(x));
    return out;
  };
}

function tupleReader(
  elements: readonly (ValueReader | undefined)[],
  designType: unknown,
): ValueReader | undefined {
  const asArray = designType === Array;
  if (!asArray && elements.every((e) => e === undefined)) return undefined;
  return (v) => {
    const values = (v as Tuple).toArray().map((x, i) => (x == null ? x : (elements[i]?.(x) ?? x)));
    return asArray ? values : Tuple.fromArray(values);
  };
}

function udtReader(model: UdtModel, udts: UdtModelLookup): ValueReader {
  const cached = readersByUdt.get(model);
  if (cached !== undefined) return cached;
  const Ctor = model.ctor as new () => Record<string, unknown>;
  const fields = model.fields.map((f) => ({
    property: f.property,
    name: f.name,
    read: f.converter
      ? (x: unknown) => (f.converter as { fromDb(v: unknown): unknown }).fromDb(x)
      : readerFor(f.type, f.designType, udts),
  }));
  const reader: ValueReader = (v) => {
    // Already an instance when the driver has the class registered; a plain object otherwise.
    const isInstance = v instanceof Ctor;
    const source = v as Record<string, unknown>;
    const out = new Ctor();
    for (const f of fields) {
      const raw = isInstance ? source[f.property] : source[f.name];
      try {
        out[f.property] = raw == null ? undefined : f.read ? f.read(raw) : raw;
      } catch (e) {
        throw contextualize(e, `${model.className}.${f.property}`);
      }
    }
    return out;
  };
  readersByUdt.set(model, reader);
  return reader;
}

function udtWriter(model: UdtModel, udts: UdtModelLookup): ValueWriter {
  const cached = writersByUdt.get(model);
  if (cached !== undefined) return cached;
  const Ctor = model.ctor;
  const fields = model.fields.map((f) => ({
    property: f.property,
    name: f.name,
    write: f.converter
      ? (x: unknown) => (f.converter as { toDb(v: unknown): unknown }).toDb(x)
      : writerFor(f.type, udts),
  }));
  const properties = new Set(fields.map((f) => f.property));
  const writer: ValueWriter = (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new ConversionError(
        `expected a ${model.className} (user-defined type ${model.keyspace}.${model.name}), got ${typeof v}`,
      );
    }
    const source = v as Record<string, unknown>;
    if (!(v instanceof Ctor)) {
      for (const key of Object.keys(source)) {
        if (!properties.has(key)) {
          throw new ConversionError(
            `property '${key}' is not a field of ${model.className} (fields: ${[...properties].join(', ')})`,
          );
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = source[f.property];
      try {
        out[f.name] = raw == null ? null : f.write ? f.write(raw) : raw;
      } catch (e) {
        throw contextualize(e, `${model.className}.${f.property}`);
      }
    }
    return out;
  };
  writersByUdt.set(model, writer);
  return writer;
}

function mapIterable(v: unknown, element: ValueWriter): unknown {
  if (Array.isArray(v)) return v.map((x) => (x == null ? x : element(x)));
  if (v instanceof Set) return [...v].map((x) => (x == null ? x : element(x)));
  return v; // the driver reports the wrong type
}

function mapEntries(v: unknown, key: ValueWriter | undefined, value: ValueWriter | undefined): unknown {
  const entries =
    v instanceof Map
      ? [...v.entries()]
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.entries(v)
        : undefined;
  if (entries === undefined) return v;
  return new Map(
    entries.map(([k, x]) => [k == null || !key ? k : key(k), x == null || !value ? x : value(x)]),
  );
}

/**
 * A ConversionError naming `where` (`Class.property`); nested context is kept in order.
 *
 * @internal
 */
export function contextualize(e: unknown, where: string): ConversionError {
  if (e instanceof ConversionError) {
    return e.message.startsWith(where)
      ? e
      : new ConversionError(`${where}: ${e.message}`, { cause: e.cause ?? e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ConversionError(`${where}: ${message}`, { cause: e });
}

/**
 * A value the driver refused for a column (a `ValueEncodingError` naming the column, i.e. its
 * bind marker) attributed to the entity property mapped to that column (`Order.orderedAt`), so
 * the message names both; other errors are returned as they are.
 *
 * @internal
 */
export function namePropertyOf(
  e: unknown,
  models: readonly { readonly className: string; byColumnName: ReadonlyMap<string, { property: string }> }[],
): unknown {
  if (!(e instanceof ValueEncodingError) || e.column === undefined || e.property !== undefined) return e;
  const owners = models.filter((m) => m.byColumnName.has(e.column as string));
  if (owners.length !== 1) return e;
  const owner = owners[0] as (typeof models)[number];
  const property = owner.byColumnName.get(e.column)?.property as string;
  return e.withProperty(`${owner.className}.${property}`);
}
