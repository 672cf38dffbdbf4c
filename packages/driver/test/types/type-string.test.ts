import { dataTypeToString, type DataType, type UdtDataType } from '../../src/types/data-type';
import { TypeParseError } from '../../src/types/type-parse-error';
import { parseTypeString } from '../../src/types/type-string';

const address: UdtDataType = {
  kind: 'udt',
  keyspace: 'ks',
  name: 'address',
  fields: [{ name: 'street', type: { kind: 'text' } }],
};
const mixedCase: UdtDataType = { kind: 'udt', keyspace: 'ks', name: 'My"Type', fields: [] };
const udts = new Map<string, UdtDataType>([
  ['address', address],
  ['My"Type', mixedCase],
]);
const resolve = (name: string): UdtDataType | undefined => udts.get(name);

describe('parseTypeString', () => {
  it('parses native types case-insensitively, varchar as text', () => {
    expect(parseTypeString('int')).toEqual({ kind: 'int' });
    expect(parseTypeString(' BigInt ')).toEqual({ kind: 'bigint' });
    expect(parseTypeString('varchar')).toEqual({ kind: 'text' });
    expect(parseTypeString('counter')).toEqual({ kind: 'counter' });
  });

  it('parses nested frozen collections', () => {
    expect(parseTypeString('frozen<map<text, frozen<list<int>>>>')).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'list', element: { kind: 'int' }, frozen: true },
      frozen: true,
    });
    expect(parseTypeString('set<frozen<tuple<int, text>>>')).toEqual({
      kind: 'set',
      element: { kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }] },
    });
  });

  it('parses vectors and tuples', () => {
    expect(parseTypeString('vector<float, 3>')).toEqual({
      kind: 'vector',
      element: { kind: 'float' },
      dimension: 3,
    });
    expect(parseTypeString('vector<vector<int,2>,5>')).toEqual({
      kind: 'vector',
      element: { kind: 'vector', element: { kind: 'int' }, dimension: 2 },
      dimension: 5,
    });
    expect(parseTypeString('tuple<int, text, tuple<boolean>>')).toEqual({
      kind: 'tuple',
      elements: [{ kind: 'int' }, { kind: 'text' }, { kind: 'tuple', elements: [{ kind: 'boolean' }] }],
    });
  });

  it('resolves UDT names, quoted or not, optionally keyspace-qualified', () => {
    expect(parseTypeString('address', resolve)).toBe(address);
    expect(parseTypeString('Address', resolve)).toBe(address);
    expect(parseTypeString('frozen<address>', resolve)).toEqual({ ...address, frozen: true });
    expect(parseTypeString('"My""Type"', resolve)).toBe(mixedCase);
    expect(parseTypeString('list<frozen<address>>', resolve)).toEqual({
      kind: 'list',
      element: { ...address, frozen: true },
    });
    const seen: [string, string | undefined][] = [];
    parseTypeString('ks.address', (name, ks) => {
      seen.push([name, ks]);
      return address;
    });
    expect(seen).toEqual([['address', 'ks']]);
  });

  it('parses custom types given as quoted class names', () => {
    expect(parseTypeString("'org.apache.cassandra.db.marshal.DynamicCompositeType(a=>Int32Type)'")).toEqual({
      kind: 'custom',
      className: 'org.apache.cassandra.db.marshal.DynamicCompositeType(a=>Int32Type)',
    });
  });

  it('explains unknown UDTs and malformed text', () => {
    expect(() => parseTypeString('address')).toThrow(
      /unknown type "address" \(user-defined types need a resolver\)/,
    );
    expect(() => parseTypeString('frozen<nope>', resolve)).toThrow(/unknown type "nope"/);
    for (const bad of [
      '',
      'map<text>',
      'list<int',
      'list<int>>',
      'vector<float>',
      'vector<float, 0>',
      'vector<float, x>',
      'foo<int>',
      'int int',
      '"unterminated',
      'list<int;>',
    ]) {
      expect(() => parseTypeString(bad, resolve)).toThrow(TypeParseError);
    }
  });

  it('caps nesting at 64 levels with a TypeParseError, not a stack overflow', () => {
    const nested = (depth: number): string => `${'list<'.repeat(depth)}int${'>'.repeat(depth)}`;
    expect(() => parseTypeString(nested(7000))).toThrow(TypeParseError);
    expect(() => parseTypeString(nested(7000))).toThrow(/nested deeper than 64/);
    expect(parseTypeString(nested(64))).toMatchObject({ kind: 'list' });
  });
});

describe('dataTypeToString', () => {
  it('renders CQL text', () => {
    expect(
      dataTypeToString({
        kind: 'map',
        key: { kind: 'text' },
        value: { kind: 'list', element: { kind: 'int' } },
      }),
    ).toBe('map<text, list<int>>');
    expect(dataTypeToString({ ...address, frozen: true })).toBe('frozen<address>');
    expect(dataTypeToString(mixedCase)).toBe('"My""Type"');
    expect(dataTypeToString({ kind: 'custom', className: "a'b" })).toBe("'a''b'");
  });

  const texts = [
    'int',
    'frozen<map<text, frozen<list<int>>>>',
    'set<tuple<int, text>>',
    'vector<float, 1536>',
    'list<frozen<address>>',
    'map<timeuuid, "My""Type">',
    "'com.example.Foo'",
  ];
  it.each(texts)('round-trips %s', (text) => {
    expect(dataTypeToString(parseTypeString(text, resolve))).toBe(text);
  });

  it('writes tuples without frozen<…> (they always are)', () => {
    expect(dataTypeToString(parseTypeString('frozen<tuple<int>>'))).toBe('tuple<int>');
  });

  it('round-trips types built by hand', () => {
    const type: DataType = {
      kind: 'tuple',
      elements: [{ kind: 'vector', element: { kind: 'date' }, dimension: 2 }],
    };
    expect(parseTypeString(dataTypeToString(type))).toEqual(type);
  });
});
