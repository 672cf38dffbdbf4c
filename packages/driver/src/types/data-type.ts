import { cqlIdentifier } from '../cql/cql-identifier';

/**
 * The CQL type of a column, bind marker, collection element, tuple component, UDT field or vector
 * element, as described by the native protocol's `[option]` or by a schema type string.
 *
 * Values of this type are plain immutable objects; compare them with {@link dataTypeToString}.
 *
 * @example
 * ```ts
 * const t: DataType = { kind: 'map', key: { kind: 'text' }, value: { kind: 'list', element: { kind: 'int' } } };
 * dataTypeToString(t); // 'map<text, list<int>>'
 * ```
 */
export type DataType =
  | NativeDataType
  | CustomDataType
  | ListDataType
  | SetDataType
  | MapDataType
  | TupleDataType
  | UdtDataType
  | VectorDataType;

/** Names of the CQL types that have no parameters. */
export type NativeTypeName =
  | 'ascii'
  | 'bigint'
  | 'blob'
  | 'boolean'
  | 'counter'
  | 'date'
  | 'decimal'
  | 'double'
  | 'duration'
  | 'float'
  | 'inet'
  | 'int'
  | 'smallint'
  | 'text'
  | 'time'
  | 'timestamp'
  | 'timeuuid'
  | 'tinyint'
  | 'uuid'
  | 'varint';

/** A type without parameters (`int`, `text`, …). `varchar` is reported as `text`. */
export interface NativeDataType {
  readonly kind: NativeTypeName;
}

/** A server-side custom type, named by its Java class (e.g. `org.apache.cassandra.db.marshal.DynamicCompositeType`). */
export interface CustomDataType {
  readonly kind: 'custom';
  readonly className: string;
}

/** `list<element>`; `frozen` is true when the schema declared it frozen (not visible on the wire). */
export interface ListDataType {
  readonly kind: 'list';
  readonly element: DataType;
  readonly frozen?: boolean;
}

/** `set<element>`. */
export interface SetDataType {
  readonly kind: 'set';
  readonly element: DataType;
  readonly frozen?: boolean;
}

/** `map<key, value>`. */
export interface MapDataType {
  readonly kind: 'map';
  readonly key: DataType;
  readonly value: DataType;
  readonly frozen?: boolean;
}

/** `tuple<a, b, …>` (tuples are always frozen). */
export interface TupleDataType {
  readonly kind: 'tuple';
  readonly elements: readonly DataType[];
}

/** One field of a user-defined type. */
export interface UdtField {
  readonly name: string;
  readonly type: DataType;
}

/** A user-defined type with its fields in declaration order. */
export interface UdtDataType {
  readonly kind: 'udt';
  readonly keyspace: string;
  readonly name: string;
  readonly fields: readonly UdtField[];
  readonly frozen?: boolean;
}

/** Cassandra 5 `vector<element, dimension>`. On the wire it is a custom type (`VectorType(...)`). */
export interface VectorDataType {
  readonly kind: 'vector';
  readonly element: DataType;
  readonly dimension: number;
}

/**
 * How deeply the type parsers (`[option]`, class names, CQL text) let types nest. No schema
 * anyone can create comes near it; deeper text from a server is a malformed frame, and parsing it
 * recursively would overflow the stack.
 *
 * @internal
 */
export const MAX_TYPE_DEPTH = 64;

/**
 * Renders a {@link DataType} as CQL type text, the way `system_schema` stores it: collections
 * marked `frozen` are wrapped in `frozen<…>`, a UDT is written as its (quoted if needed) name, a
 * custom type as its quoted Java class name.
 *
 * @example
 * ```ts
 * dataTypeToString({ kind: 'map', key: { kind: 'text' }, value: { kind: 'list', element: { kind: 'int' } } });
 * // 'map<text, list<int>>'
 * dataTypeToString({ kind: 'vector', element: { kind: 'float' }, dimension: 3 }); // 'vector<float, 3>'
 * ```
 */
export function dataTypeToString(type: DataType): string {
  switch (type.kind) {
    case 'custom':
      return `'${type.className.replace(/'/g, "''")}'`;
    case 'list':
    case 'set':
      return frozenWrap(`${type.kind}<${dataTypeToString(type.element)}>`, type.frozen);
    case 'map':
      return frozenWrap(`map<${dataTypeToString(type.key)}, ${dataTypeToString(type.value)}>`, type.frozen);
    case 'tuple':
      return `tuple<${type.elements.map(dataTypeToString).join(', ')}>`;
    case 'udt':
      return frozenWrap(cqlIdentifier(type.name), type.frozen);
    case 'vector':
      return `vector<${dataTypeToString(type.element)}, ${type.dimension}>`;
    default:
      return type.kind;
  }
}

function frozenWrap(text: string, frozen: boolean | undefined): string {
  return frozen === true ? `frozen<${text}>` : text;
}
