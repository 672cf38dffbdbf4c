/**
 * The protocol's `[option]` notation for types: a `[short]` id followed by the type's parameters.
 *
 * @packageDocumentation
 */
import { ProtocolDecodeError } from '../errors';
import type { ByteReader } from '../binary/byte-reader';
import type { ByteWriter } from '../binary/byte-writer';
import { dataTypeToClassName, parseClassName } from './class-name';
import { MAX_TYPE_DEPTH, type DataType, type NativeTypeName, type UdtField } from './data-type';
import { TypeParseError } from './type-parse-error';

/** `[option]` ids of the native protocol (v3–v5). */
export const TypeId = {
  custom: 0x0000,
  ascii: 0x0001,
  bigint: 0x0002,
  blob: 0x0003,
  boolean: 0x0004,
  counter: 0x0005,
  decimal: 0x0006,
  double: 0x0007,
  float: 0x0008,
  int: 0x0009,
  varchar: 0x000a,
  timestamp: 0x000b,
  uuid: 0x000c,
  text: 0x000d,
  varint: 0x000e,
  timeuuid: 0x000f,
  inet: 0x0010,
  date: 0x0011,
  time: 0x0012,
  smallint: 0x0013,
  tinyint: 0x0014,
  duration: 0x0015,
  list: 0x0020,
  map: 0x0021,
  set: 0x0022,
  udt: 0x0030,
  tuple: 0x0031,
} as const;

const NATIVE_BY_ID: ReadonlyMap<number, NativeTypeName> = new Map<number, NativeTypeName>([
  [TypeId.ascii, 'ascii'],
  [TypeId.bigint, 'bigint'],
  [TypeId.blob, 'blob'],
  [TypeId.boolean, 'boolean'],
  [TypeId.counter, 'counter'],
  [TypeId.decimal, 'decimal'],
  [TypeId.double, 'double'],
  [TypeId.float, 'float'],
  [TypeId.int, 'int'],
  [TypeId.varchar, 'text'],
  [TypeId.timestamp, 'timestamp'],
  [TypeId.uuid, 'uuid'],
  [TypeId.text, 'text'],
  [TypeId.varint, 'varint'],
  [TypeId.timeuuid, 'timeuuid'],
  [TypeId.inet, 'inet'],
  [TypeId.date, 'date'],
  [TypeId.time, 'time'],
  [TypeId.smallint, 'smallint'],
  [TypeId.tinyint, 'tinyint'],
  [TypeId.duration, 'duration'],
]);

/** Native types that only have an `[option]` id from protocol v4 on (v3 sends them as custom). */
const V4_TYPES: ReadonlySet<NativeTypeName> = new Set<NativeTypeName>([
  'date',
  'time',
  'smallint',
  'tinyint',
]);

/**
 * Reads one `[option]` type. Custom types are parsed with {@link parseClassName}, so protocol
 * v3's date/time/smallint/tinyint, v4's duration and Cassandra 5's vectors come back as their own
 * kinds; unknown classes stay `{ kind: 'custom', className }`. Id 0x000A (varchar) is read as text.
 *
 * @example
 * ```ts
 * const t = readTypeOption(new ByteReader(Buffer.from([0x00, 0x20, 0x00, 0x09])));
 * // { kind: 'list', element: { kind: 'int' } }
 * ```
 * @throws ProtocolDecodeError on an unknown id, truncated data or an unparseable class string.
 */
export function readTypeOption(reader: ByteReader): DataType {
  return readOption(reader, 0);
}

function readOption(reader: ByteReader, depth: number): DataType {
  if (depth > MAX_TYPE_DEPTH) {
    throw new ProtocolDecodeError(`[option] types nested deeper than ${MAX_TYPE_DEPTH}`);
  }
  const id = reader.readShort();
  const native = NATIVE_BY_ID.get(id);
  if (native !== undefined) return { kind: native };
  switch (id) {
    case TypeId.custom:
      return readCustom(reader.readString());
    case TypeId.list:
      return { kind: 'list', element: readOption(reader, depth + 1) };
    case TypeId.set:
      return { kind: 'set', element: readOption(reader, depth + 1) };
    case TypeId.map: {
      const key = readOption(reader, depth + 1);
      return { kind: 'map', key, value: readOption(reader, depth + 1) };
    }
    case TypeId.udt: {
      const keyspace = reader.readString();
      const name = reader.readString();
      const n = reader.readShort();
      const fields: UdtField[] = [];
      for (let i = 0; i < n; i++) {
        const fieldName = reader.readString();
        fields.push({ name: fieldName, type: readOption(reader, depth + 1) });
      }
      return { kind: 'udt', keyspace, name, fields };
    }
    case TypeId.tuple: {
      const n = reader.readShort();
      const elements: DataType[] = [];
      for (let i = 0; i < n; i++) elements.push(readOption(reader, depth + 1));
      return { kind: 'tuple', elements };
    }
    default:
      throw new ProtocolDecodeError(`unknown [option] type id 0x${id.toString(16).padStart(4, '0')}`);
  }
}

function readCustom(className: string): DataType {
  try {
    return parseClassName(className);
  } catch (e) {
    if (e instanceof TypeParseError) throw new ProtocolDecodeError(e.message, { cause: e });
    throw e;
  }
}

/**
 * Writes `type` as an `[option]`. Vectors are written as custom `VectorType(…)` class strings;
 * for `protocolVersion` 3 date/time/smallint/tinyint, and below 5 duration, are written as
 * custom class strings too, as a server of that version would. Frozen-ness is not encoded.
 *
 * @example
 * ```ts
 * const w = new ByteWriter();
 * writeTypeOption(w, { kind: 'set', element: { kind: 'text' } });
 * w.finish(); // <00 22 00 0d>
 * ```
 */
export function writeTypeOption(writer: ByteWriter, type: DataType, protocolVersion = 5): void {
  switch (type.kind) {
    case 'custom':
    case 'vector':
      writer.writeShort(TypeId.custom).writeString(dataTypeToClassName(type));
      return;
    case 'list':
    case 'set':
      writer.writeShort(TypeId[type.kind]);
      writeTypeOption(writer, type.element, protocolVersion);
      return;
    case 'map':
      writer.writeShort(TypeId.map);
      writeTypeOption(writer, type.key, protocolVersion);
      writeTypeOption(writer, type.value, protocolVersion);
      return;
    case 'udt':
      writer.writeShort(TypeId.udt).writeString(type.keyspace).writeString(type.name);
      writer.writeShort(type.fields.length);
      for (const field of type.fields) {
        writer.writeString(field.name);
        writeTypeOption(writer, field.type, protocolVersion);
      }
      return;
    case 'tuple':
      writer.writeShort(TypeId.tuple).writeShort(type.elements.length);
      for (const element of type.elements) writeTypeOption(writer, element, protocolVersion);
      return;
    default: {
      const asCustom =
        (protocolVersion < 4 && V4_TYPES.has(type.kind)) || (protocolVersion < 5 && type.kind === 'duration');
      if (asCustom) writer.writeShort(TypeId.custom).writeString(dataTypeToClassName(type));
      else writer.writeShort(TypeId[type.kind]);
    }
  }
}
