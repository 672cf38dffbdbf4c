import { dataTypeToString, type DataType, type NativeTypeName } from '../data-type';

const NATIVE_DESCRIPTIONS: Readonly<Record<NativeTypeName, string>> = {
  ascii: 'string of US-ASCII characters',
  bigint: '64-bit signed integer: Long, bigint or safe-integer number',
  blob: 'Buffer or Uint8Array',
  boolean: 'true or false',
  counter: '64-bit signed integer: Long, bigint or safe-integer number',
  date: 'LocalDate, Date or "yyyy-mm-dd" string',
  decimal: 'BigDecimal, finite number or decimal string',
  double: '64-bit floating point number',
  duration: 'Duration or duration string such as "1h30m"',
  float: '32-bit floating point number',
  inet: 'InetAddress or IPv4/IPv6 string',
  int: '32-bit signed integer',
  smallint: '16-bit signed integer',
  text: 'string',
  time: 'LocalTime, nanoseconds of day as bigint/Long/integer, or "hh:mm:ss[.fffffffff]" string',
  timestamp: 'Date, or milliseconds since the epoch as integer number, Long or bigint',
  timeuuid: 'TimeUuid or version-1 UUID string',
  tinyint: '8-bit signed integer',
  uuid: 'Uuid or UUID string',
  varint: 'arbitrary-precision integer: bigint, Long, safe-integer number or integer string',
};

/**
 * `int (32-bit signed integer)`-style description of what a value of `type` may be, for error
 * messages.
 *
 * @internal
 */
export function describeExpectedType(type: DataType): string {
  const text = dataTypeToString(type);
  switch (type.kind) {
    case 'custom':
      return `custom type ${text} (Buffer)`;
    case 'list':
      return `${text} (array)`;
    case 'set':
      return `${text} (array or Set)`;
    case 'map':
      return isTextType(type.key) ? `${text} (Map or plain object)` : `${text} (Map)`;
    case 'tuple':
      return `${text} (Tuple or array of ${type.elements.length})`;
    case 'udt':
      return `${text} (user-defined type ${type.keyspace}.${type.name}: object with fields ${type.fields
        .map((f) => f.name)
        .join(', ')})`;
    case 'vector':
      return type.element.kind === 'float'
        ? `${text} (Float32Array or array of ${type.dimension} numbers)`
        : `${text} (array of ${type.dimension})`;
    default:
      return `${text} (${NATIVE_DESCRIPTIONS[type.kind]})`;
  }
}

/** Whether values of `type` are JavaScript strings (the key types for which plain objects work as maps). */
export function isTextType(type: DataType): boolean {
  return type.kind === 'text' || type.kind === 'ascii';
}
