/**
 * Java marshal class strings (`org.apache.cassandra.db.marshal.ListType(…)`), the form in which
 * the server describes custom types, protocol v3's date/time/smallint/tinyint, v4's duration and
 * every vector, in both directions.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { MAX_TYPE_DEPTH, type DataType, type NativeTypeName, type UdtField } from './data-type';
import { TypeParseError } from './type-parse-error';

/** Package prefix of Cassandra's marshal classes. */
export const MARSHAL_PACKAGE = 'org.apache.cassandra.db.marshal.';

const NATIVE_BY_CLASS: Readonly<Record<string, NativeTypeName>> = {
  AsciiType: 'ascii',
  LongType: 'bigint',
  BytesType: 'blob',
  BooleanType: 'boolean',
  CounterColumnType: 'counter',
  DecimalType: 'decimal',
  DoubleType: 'double',
  DurationType: 'duration',
  FloatType: 'float',
  InetAddressType: 'inet',
  Int32Type: 'int',
  UTF8Type: 'text',
  TimestampType: 'timestamp',
  DateType: 'timestamp', // legacy name of timestamp
  UUIDType: 'uuid',
  TimeUUIDType: 'timeuuid',
  IntegerType: 'varint',
  SimpleDateType: 'date',
  TimeType: 'time',
  ShortType: 'smallint',
  ByteType: 'tinyint',
};

const CLASS_BY_NATIVE: Readonly<Record<NativeTypeName, string>> = {
  ascii: 'AsciiType',
  bigint: 'LongType',
  blob: 'BytesType',
  boolean: 'BooleanType',
  counter: 'CounterColumnType',
  date: 'SimpleDateType',
  decimal: 'DecimalType',
  double: 'DoubleType',
  duration: 'DurationType',
  float: 'FloatType',
  inet: 'InetAddressType',
  int: 'Int32Type',
  smallint: 'ShortType',
  text: 'UTF8Type',
  time: 'TimeType',
  timestamp: 'TimestampType',
  timeuuid: 'TimeUUIDType',
  tinyint: 'ByteType',
  uuid: 'UUIDType',
  varint: 'IntegerType',
};

/**
 * Parses a Java marshal class string into a {@link DataType}. Both fully qualified
 * (`org.apache.cassandra.db.marshal.Int32Type`) and bare (`Int32Type`) names are accepted,
 * whitespace around punctuation is ignored. `FrozenType(…)` marks collections and UDTs frozen,
 * `ReversedType(…)` is unwrapped, `VectorType(elem, n)` becomes `{ kind: 'vector' }`; unknown
 * classes (and `EmptyType`) stay `{ kind: 'custom', className }` with their full text.
 * Parameterized classes nest at most 64 deep.
 *
 * @example
 * ```ts
 * parseClassName('org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType , 3)');
 * // { kind: 'vector', element: { kind: 'float' }, dimension: 3 }
 * ```
 * @throws TypeParseError on malformed text.
 */
export function parseClassName(className: string): DataType {
  const parser = new ClassNameParser(className);
  const type = parser.parseType();
  parser.expectEnd();
  return type;
}

/**
 * Renders a {@link DataType} as a Java marshal class string, the inverse of {@link parseClassName}.
 *
 * @example
 * ```ts
 * dataTypeToClassName({ kind: 'list', element: { kind: 'int' } });
 * // 'org.apache.cassandra.db.marshal.ListType(org.apache.cassandra.db.marshal.Int32Type)'
 * ```
 */
export function dataTypeToClassName(type: DataType): string {
  const m = MARSHAL_PACKAGE;
  switch (type.kind) {
    case 'custom':
      return type.className;
    case 'list':
      return frozen(`${m}ListType(${dataTypeToClassName(type.element)})`, type.frozen);
    case 'set':
      return frozen(`${m}SetType(${dataTypeToClassName(type.element)})`, type.frozen);
    case 'map':
      return frozen(
        `${m}MapType(${dataTypeToClassName(type.key)},${dataTypeToClassName(type.value)})`,
        type.frozen,
      );
    case 'tuple':
      return `${m}TupleType(${type.elements.map(dataTypeToClassName).join(',')})`;
    case 'udt': {
      const fields = type.fields.map((f) => `${toHex(f.name)}:${dataTypeToClassName(f.type)}`);
      const params = [type.keyspace, toHex(type.name), ...fields].join(',');
      return frozen(`${m}UserType(${params})`, type.frozen);
    }
    case 'vector':
      return `${m}VectorType(${dataTypeToClassName(type.element)} , ${type.dimension})`;
    default:
      return m + CLASS_BY_NATIVE[type.kind];
  }
}

function frozen(text: string, isFrozen: boolean | undefined): string {
  return isFrozen === true ? `${MARSHAL_PACKAGE}FrozenType(${text})` : text;
}

function toHex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

function fromHex(hex: string, input: string): string {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex))
    throw new TypeParseError(`invalid hex name "${hex}" in ${input}`, input);
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** Characters that may appear in a class name or a bare parameter (keyspace, hex, number). */
const NAME_CHAR = /[A-Za-z0-9_.$-]/;

class ClassNameParser {
  private pos = 0;
  /** Parameterized classes currently open; bounded so that hostile text cannot overflow the stack. */
  private depth = 0;

  constructor(private readonly input: string) {}

  parseType(): DataType {
    this.skipSpace();
    const start = this.pos;
    const name = this.readName('class name');
    const simple = name.startsWith(MARSHAL_PACKAGE) ? name.slice(MARSHAL_PACKAGE.length) : name;
    const isMarshal = simple.indexOf('.') < 0;
    this.skipSpace();
    const hasParams = this.peek() === '(';
    if (!isMarshal) return this.custom(start, hasParams);
    if (!hasParams) {
      const native = NATIVE_BY_CLASS[simple];
      return native !== undefined ? { kind: native } : { kind: 'custom', className: name };
    }
    switch (simple) {
      case 'ListType':
      case 'SetType': {
        const [element] = this.parseTypeParams(1, simple);
        return { kind: simple === 'ListType' ? 'list' : 'set', element: element as DataType };
      }
      case 'MapType': {
        const [key, value] = this.parseTypeParams(2, simple);
        return { kind: 'map', key: key as DataType, value: value as DataType };
      }
      case 'FrozenType': {
        const [inner] = this.parseTypeParams(1, simple);
        return markFrozen(inner as DataType);
      }
      case 'ReversedType': {
        const [inner] = this.parseTypeParams(1, simple);
        return inner as DataType;
      }
      case 'TupleType':
        return { kind: 'tuple', elements: this.parseTypeParams(-1, simple) };
      case 'UserType':
        return this.parseUserType();
      case 'VectorType':
        return this.parseVectorType();
      default:
        return this.custom(start, true);
    }
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.input.length) this.fail(`unexpected "${this.input.slice(this.pos)}"`);
  }

  /** `(` type `,` type … `)`; `count` −1 accepts any number (at least one). */
  private parseTypeParams(count: number, what: string): DataType[] {
    this.open();
    const types: DataType[] = [this.parseType()];
    while ((this.skipSpace(), this.peek() === ',')) {
      this.pos++;
      types.push(this.parseType());
    }
    this.close();
    if (count >= 0 && types.length !== count) {
      this.fail(`${what} takes ${count} parameter(s), got ${types.length}`);
    }
    return types;
  }

  private parseUserType(): DataType {
    this.open();
    const keyspace = this.readName('keyspace');
    this.expect(',');
    const name = fromHex(this.readName('type name'), this.input);
    const fields: UdtField[] = [];
    while ((this.skipSpace(), this.peek() === ',')) {
      this.pos++;
      const fieldName = fromHex(this.readName('field name'), this.input);
      this.expect(':');
      fields.push({ name: fieldName, type: this.parseType() });
    }
    this.close();
    return { kind: 'udt', keyspace, name, fields };
  }

  private parseVectorType(): DataType {
    this.open();
    const element = this.parseType();
    this.expect(',');
    const dimText = this.readName('dimension');
    const dimension = Number(dimText);
    if (!/^\d+$/.test(dimText) || !Number.isSafeInteger(dimension) || dimension < 1) {
      this.fail(`invalid vector dimension "${dimText}"`);
    }
    this.close();
    return { kind: 'vector', element, dimension };
  }

  /** A custom type: its whole text, parameters included. */
  private custom(start: number, hasParams: boolean): DataType {
    if (hasParams) this.skipBalanced();
    return { kind: 'custom', className: this.input.slice(start, this.pos).trim() };
  }

  /** The `(` of a parameterized class, counted: nesting is bounded so that the stack is. */
  private open(): void {
    this.expect('(');
    if (this.depth >= MAX_TYPE_DEPTH) this.fail(`classes nested deeper than ${MAX_TYPE_DEPTH}`);
    this.depth++;
  }

  private close(): void {
    this.expect(')');
    this.depth--;
  }

  private skipBalanced(): void {
    let depth = 0;
    do {
      const c = this.input[this.pos];
      if (c === undefined) this.fail('unbalanced parentheses');
      if (c === '(') depth++;
      else if (c === ')') depth--;
      this.pos++;
    } while (depth > 0);
  }

  private readName(what: string): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.input.length && NAME_CHAR.test(this.input[this.pos] as string)) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.input.slice(start, this.pos);
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) this.fail(`expected "${c}"`);
    this.pos++;
  }

  private peek(): string | undefined {
    return this.input[this.pos];
  }

  private skipSpace(): void {
    while (this.pos < this.input.length && /\s/.test(this.input[this.pos] as string)) this.pos++;
  }

  private fail(message: string): never {
    throw new TypeParseError(
      `cannot parse class name: ${message} at ${this.pos} in "${this.input}"`,
      this.input,
    );
  }
}

/** Returns `type` marked frozen (collections and UDTs; other types are returned as they are). */
export function markFrozen(type: DataType): DataType {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
    case 'udt':
      return { ...type, frozen: true };
    default:
      return type;
  }
}
