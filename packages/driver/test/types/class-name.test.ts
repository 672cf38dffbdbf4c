import { dataTypeToClassName, parseClassName } from '../../src/types/class-name';
import type { DataType } from '../../src/types/data-type';
import { TypeParseError } from '../../src/types/type-parse-error';

const M = 'org.apache.cassandra.db.marshal.';

describe('parseClassName', () => {
  it.each<[string, string]>([
    ['AsciiType', 'ascii'],
    ['LongType', 'bigint'],
    ['BytesType', 'blob'],
    ['BooleanType', 'boolean'],
    ['CounterColumnType', 'counter'],
    ['DecimalType', 'decimal'],
    ['DoubleType', 'double'],
    ['DurationType', 'duration'],
    ['FloatType', 'float'],
    ['InetAddressType', 'inet'],
    ['Int32Type', 'int'],
    ['UTF8Type', 'text'],
    ['TimestampType', 'timestamp'],
    ['DateType', 'timestamp'],
    ['UUIDType', 'uuid'],
    ['TimeUUIDType', 'timeuuid'],
    ['IntegerType', 'varint'],
    ['SimpleDateType', 'date'],
    ['TimeType', 'time'],
    ['ShortType', 'smallint'],
    ['ByteType', 'tinyint'],
  ])('%s is %s, qualified or not', (cls, kind) => {
    expect(parseClassName(M + cls)).toEqual({ kind });
    expect(parseClassName(cls)).toEqual({ kind });
  });

  it('parses collections, frozen and reversed wrappers', () => {
    expect(parseClassName(`${M}ListType(${M}Int32Type)`)).toEqual({ kind: 'list', element: { kind: 'int' } });
    expect(parseClassName(`${M}FrozenType(${M}SetType(${M}UTF8Type))`)).toEqual({
      kind: 'set',
      element: { kind: 'text' },
      frozen: true,
    });
    expect(parseClassName(`${M}ReversedType(${M}TimestampType)`)).toEqual({ kind: 'timestamp' });
    expect(parseClassName(`${M}MapType(${M}UTF8Type,${M}FrozenType(${M}ListType(${M}LongType)))`)).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'list', element: { kind: 'bigint' }, frozen: true },
    });
    expect(parseClassName(`${M}FrozenType(${M}Int32Type)`)).toEqual({ kind: 'int' });
  });

  it('parses tuples and user types with hex names', () => {
    expect(parseClassName(`${M}TupleType(${M}Int32Type,${M}UTF8Type)`)).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'int' }, { kind: 'text' }],
    });
    // UserType(ks, hex("address"), hex("street"):UTF8Type, hex("zip"):Int32Type)
    const cls = `${M}UserType(ks,61646472657373,737472656574:${M}UTF8Type,7a6970:${M}Int32Type)`;
    expect(parseClassName(cls)).toEqual({
      kind: 'udt',
      keyspace: 'ks',
      name: 'address',
      fields: [
        { name: 'street', type: { kind: 'text' } },
        { name: 'zip', type: { kind: 'int' } },
      ],
    });
    expect(parseClassName(`${M}FrozenType(${cls})`)).toMatchObject({ kind: 'udt', frozen: true });
  });

  it('parses vectors whitespace-tolerantly', () => {
    const expected = { kind: 'vector', element: { kind: 'float' }, dimension: 3 };
    expect(parseClassName(`${M}VectorType(${M}FloatType , 3)`)).toEqual(expected);
    expect(parseClassName(`${M}VectorType(${M}FloatType,3)`)).toEqual(expected);
    expect(parseClassName(` ${M}VectorType( ${M}FloatType ,\n 3 ) `)).toEqual(expected);
    expect(parseClassName(`${M}VectorType(${M}VectorType(${M}ShortType , 2) , 4)`)).toEqual({
      kind: 'vector',
      element: { kind: 'vector', element: { kind: 'smallint' }, dimension: 2 },
      dimension: 4,
    });
  });

  it('keeps unknown classes, with their parameters, as custom', () => {
    expect(parseClassName(`${M}EmptyType`)).toEqual({ kind: 'custom', className: `${M}EmptyType` });
    const composite = `${M}DynamicCompositeType(s=>${M}UTF8Type,i=>${M}Int32Type)`;
    expect(parseClassName(composite)).toEqual({ kind: 'custom', className: composite });
    expect(parseClassName(`${M}ListType(com.example.Foo(a,b))`)).toEqual({
      kind: 'list',
      element: { kind: 'custom', className: 'com.example.Foo(a,b)' },
    });
  });

  it('throws TypeParseError on malformed text', () => {
    for (const bad of [
      '',
      `${M}ListType(`,
      `${M}ListType(${M}Int32Type`,
      `${M}MapType(${M}Int32Type)`,
      `${M}VectorType(${M}FloatType, 0)`,
      `${M}VectorType(${M}FloatType, x)`,
      `${M}UserType(ks,zz)`,
      `${M}Int32Type)`,
      `${M}Int32Type ${M}Int32Type`,
      'com.example.Foo(a',
    ]) {
      expect(() => parseClassName(bad)).toThrow(TypeParseError);
    }
  });

  it('caps nesting at 64 levels with a TypeParseError, not a stack overflow', () => {
    const nested = (depth: number, open: string): string =>
      `${open.repeat(depth)}${M}Int32Type${')'.repeat(depth)}`;
    // 7,000 levels in ~64 KiB: once a RangeError (Maximum call stack size exceeded).
    const deep = nested(7000, 'SetType(');
    expect(deep.length).toBeLessThan(65536);
    expect(() => parseClassName(deep)).toThrow(TypeParseError);
    expect(() => parseClassName(deep)).toThrow(/nested deeper than 64/);
    expect(() => parseClassName(nested(65, `${M}ListType(`))).toThrow(/nested deeper than 64/);
    expect(parseClassName(nested(64, `${M}ListType(`))).toMatchObject({ kind: 'list' });
    // Every parameterized marshal class counts, not only collections.
    expect(() => parseClassName(nested(100, `${M}FrozenType(`))).toThrow(/nested deeper than 64/);
    expect(() => parseClassName(nested(100, `${M}TupleType(${M}Int32Type,`))).toThrow(/nested deeper/);
  });
});

describe('dataTypeToClassName', () => {
  const types: DataType[] = [
    { kind: 'int' },
    { kind: 'duration' },
    { kind: 'map', key: { kind: 'text' }, value: { kind: 'list', element: { kind: 'date' }, frozen: true } },
    { kind: 'tuple', elements: [{ kind: 'tinyint' }, { kind: 'set', element: { kind: 'inet' } }] },
    {
      kind: 'udt',
      keyspace: 'ks',
      name: 'Point ☃',
      fields: [{ name: 'x', type: { kind: 'double' } }],
      frozen: true,
    },
    { kind: 'vector', element: { kind: 'vector', element: { kind: 'float' }, dimension: 2 }, dimension: 3 },
    { kind: 'custom', className: 'com.example.Foo' },
  ];

  it.each(types)('round-trips %j', (type) => {
    expect(parseClassName(dataTypeToClassName(type))).toEqual(type);
  });

  it('writes vectors the way Cassandra 5 does', () => {
    expect(dataTypeToClassName({ kind: 'vector', element: { kind: 'float' }, dimension: 3 })).toBe(
      `${M}VectorType(${M}FloatType , 3)`,
    );
  });
});
