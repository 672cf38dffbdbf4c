import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { ProtocolDecodeError } from '../../src/errors';
import type { DataType } from '../../src/types/data-type';
import { readTypeOption, writeTypeOption } from '../../src/types/type-option';

const M = 'org.apache.cassandra.db.marshal.';

function read(bytes: number[] | Buffer): DataType {
  const r = new ByteReader(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  const t = readTypeOption(r);
  expect(r.remaining).toBe(0);
  return t;
}

function custom(className: string): Buffer {
  const w = new ByteWriter();
  w.writeShort(0).writeString(className);
  return w.finish();
}

function written(type: DataType, version?: number): Buffer {
  const w = new ByteWriter();
  writeTypeOption(w, type, version);
  return Buffer.from(w.finish());
}

describe('readTypeOption', () => {
  it.each<[number, string]>([
    [0x01, 'ascii'],
    [0x02, 'bigint'],
    [0x03, 'blob'],
    [0x04, 'boolean'],
    [0x05, 'counter'],
    [0x06, 'decimal'],
    [0x07, 'double'],
    [0x08, 'float'],
    [0x09, 'int'],
    [0x0a, 'text'],
    [0x0b, 'timestamp'],
    [0x0c, 'uuid'],
    [0x0d, 'text'],
    [0x0e, 'varint'],
    [0x0f, 'timeuuid'],
    [0x10, 'inet'],
    [0x11, 'date'],
    [0x12, 'time'],
    [0x13, 'smallint'],
    [0x14, 'tinyint'],
    [0x15, 'duration'],
  ])('reads id %d as %s', (id, kind) => {
    expect(read([0, id])).toEqual({ kind });
  });

  it('reads collections, tuples and UDTs', () => {
    expect(read([0x00, 0x20, 0x00, 0x09])).toEqual({ kind: 'list', element: { kind: 'int' } });
    expect(read([0x00, 0x22, 0x00, 0x0d])).toEqual({ kind: 'set', element: { kind: 'text' } });
    expect(read([0x00, 0x21, 0x00, 0x0d, 0x00, 0x20, 0x00, 0x02])).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'list', element: { kind: 'bigint' } },
    });
    expect(read([0x00, 0x31, 0x00, 0x02, 0x00, 0x09, 0x00, 0x0d])).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'int' }, { kind: 'text' }],
    });
    const w = new ByteWriter();
    w.writeShort(0x30).writeString('ks').writeString('address').writeShort(2);
    w.writeString('street').writeShort(0x0d).writeString('zip').writeShort(0x09);
    expect(read(w.finish())).toEqual({
      kind: 'udt',
      keyspace: 'ks',
      name: 'address',
      fields: [
        { name: 'street', type: { kind: 'text' } },
        { name: 'zip', type: { kind: 'int' } },
      ],
    });
  });

  it('parses custom class strings into their kinds', () => {
    expect(read(custom(`${M}VectorType(${M}FloatType , 3)`))).toEqual({
      kind: 'vector',
      element: { kind: 'float' },
      dimension: 3,
    });
    expect(read(custom(`${M}DurationType`))).toEqual({ kind: 'duration' });
    expect(read(custom(`${M}SimpleDateType`))).toEqual({ kind: 'date' });
    expect(read(custom(`${M}TimeType`))).toEqual({ kind: 'time' });
    expect(read(custom(`${M}ShortType`))).toEqual({ kind: 'smallint' });
    expect(read(custom(`${M}ByteType`))).toEqual({ kind: 'tinyint' });
    expect(read(custom(`${M}DynamicCompositeType(a=>${M}Int32Type)`))).toEqual({
      kind: 'custom',
      className: `${M}DynamicCompositeType(a=>${M}Int32Type)`,
    });
    expect(read(custom('com.example.MyType'))).toEqual({ kind: 'custom', className: 'com.example.MyType' });
  });

  it('rejects unknown ids, truncation and bad class strings with ProtocolDecodeError', () => {
    expect(() => read([0x00, 0x40])).toThrow(ProtocolDecodeError);
    expect(() => read([0x00, 0x40])).toThrow(/unknown \[option\] type id 0x0040/);
    expect(() => read([0x00, 0x20])).toThrow(ProtocolDecodeError);
    expect(() => read([0x00])).toThrow(ProtocolDecodeError);
    expect(() => read(custom(`${M}ListType(`))).toThrow(ProtocolDecodeError);
    expect(() => read(custom(`${M}VectorType(${M}FloatType, -1)`))).toThrow(ProtocolDecodeError);
  });

  it('rejects absurd nesting', () => {
    const bytes: number[] = [];
    for (let i = 0; i < 100; i++) bytes.push(0x00, 0x20);
    bytes.push(0x00, 0x09);
    expect(() => read(bytes)).toThrow(/nested deeper/);
  });

  it('rejects a class string nested 7,000 deep with ProtocolDecodeError (custom option 0x0000)', () => {
    const deep = `${'SetType('.repeat(7000)}Int32Type${')'.repeat(7000)}`;
    expect(() => read(custom(deep))).toThrow(ProtocolDecodeError);
    expect(() => read(custom(deep))).toThrow(/nested deeper than 64/);
  });
});

describe('writeTypeOption', () => {
  const types: DataType[] = [
    { kind: 'int' },
    { kind: 'text' },
    { kind: 'duration' },
    {
      kind: 'list',
      element: { kind: 'map', key: { kind: 'uuid' }, value: { kind: 'set', element: { kind: 'date' } } },
    },
    { kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'tuple', elements: [{ kind: 'blob' }] }] },
    {
      kind: 'udt',
      keyspace: 'ks',
      name: 'Point',
      fields: [
        { name: 'x', type: { kind: 'double' } },
        { name: 'tags', type: { kind: 'list', element: { kind: 'text' } } },
      ],
    },
    { kind: 'vector', element: { kind: 'float' }, dimension: 5 },
    {
      kind: 'vector',
      element: { kind: 'vector', element: { kind: 'smallint' }, dimension: 2 },
      dimension: 3,
    },
    { kind: 'custom', className: 'com.example.MyType' },
  ];

  it.each(types)('round-trips %j', (type) => {
    expect(read(written(type))).toEqual(type);
    expect(read(written(type, 3))).toEqual(type);
  });

  it('writes the expected bytes', () => {
    expect(written({ kind: 'set', element: { kind: 'text' } })).toEqual(
      Buffer.from([0x00, 0x22, 0x00, 0x0d]),
    );
    expect(written({ kind: 'duration' })).toEqual(Buffer.from([0x00, 0x15]));
    expect(written({ kind: 'duration' }, 4)).toEqual(custom(`${M}DurationType`));
    expect(written({ kind: 'date' }, 4)).toEqual(Buffer.from([0x00, 0x11]));
    expect(written({ kind: 'date' }, 3)).toEqual(custom(`${M}SimpleDateType`));
    expect(written({ kind: 'vector', element: { kind: 'float' }, dimension: 3 })).toEqual(
      custom(`${M}VectorType(${M}FloatType , 3)`),
    );
  });

  it('does not encode frozen-ness', () => {
    expect(written({ kind: 'list', element: { kind: 'int' }, frozen: true })).toEqual(
      written({ kind: 'list', element: { kind: 'int' } }),
    );
  });
});
