import { cqlTypeText, functionSignature } from '../../../src/cluster/metadata';
import { cqlBlobMap, cqlString, cqlTextMap, javaDouble } from '../../../src/cluster/metadata/cql-literal';
import { compareIgnoreCase, compareUtf8 } from '../../../src/cluster/metadata/describe-order';
import { javaHashMapOrder, javaStringHash } from '../../../src/cluster/metadata/java-hash-order';
import fc from 'fast-check';

import type { DataType } from '../../../src/types';

describe('literals', () => {
  it('single-quotes strings, doubling quotes', () => {
    expect(cqlString("it's")).toBe("'it''s'");
    expect(cqlString('')).toBe("''");
  });

  it('writes doubles like Java Double.toString', () => {
    expect(javaDouble(1)).toBe('1.0');
    expect(javaDouble(0.5)).toBe('0.5');
    expect(javaDouble(0.01)).toBe('0.01');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(0.0001)).toBe('1.0E-4');
    expect(javaDouble(6.71e-5)).toBe('6.71E-5');
    expect(javaDouble(1234567.5)).toBe('1234567.5');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(12345678)).toBe('1.2345678E7');
    expect(javaDouble(-2)).toBe('-2.0');
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(Number.NaN)).toBe('NaN');
    expect(javaDouble(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('writes option maps with sorted keys', () => {
    expect(cqlTextMap({ rows_per_partition: 'NONE', keys: 'ALL' })).toBe(
      "{'keys': 'ALL', 'rows_per_partition': 'NONE'}",
    );
    expect(cqlTextMap({ B: "x'y", a: '1' })).toBe("{'B': 'x''y', 'a': '1'}");
    expect(cqlTextMap({})).toBe('{}');
    expect(
      cqlBlobMap(
        new Map([
          ['z', Buffer.from([0xca, 0xfe])],
          ['a', new Uint8Array([1])],
        ]),
      ),
    ).toBe("{'a': 0x01, 'z': 0xcafe}");
  });
});

describe('DESCRIBE orderings', () => {
  it('compares names ignoring case like Java compareToIgnoreCase', () => {
    expect(['Zeta', 'alpha', 'Users', 'events'].sort(compareIgnoreCase)).toEqual([
      'alpha',
      'events',
      'Users',
      'Zeta',
    ]);
    expect(compareIgnoreCase('abc', 'ABC')).toBe(0);
    expect(compareIgnoreCase('ab', 'abc')).toBeLessThan(0);
    expect(compareIgnoreCase('a_b', 'aB')).toBeLessThan(0); // '_' (0x5f) < 'b' after lower-casing
  });

  it('compares column names by UTF-8 bytes', () => {
    expect(['b', 'Z', 'a', '_'].sort(compareUtf8)).toEqual(['Z', '_', 'a', 'b']);
    // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts after U+1F600 (F0 …) as UTF-16 but before it as UTF-8.
    expect(['\u{1F600}', '\uFF21'].sort(compareUtf8)).toEqual(['\uFF21', '\u{1F600}']);
  });

  it('agrees with comparing UTF-8 encodings byte by byte, for any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('reproduces Java HashMap iteration order (expected values computed with Java 17)', () => {
    expect(javaStringHash('dc1')).toBe(99218);
    expect(javaStringHash('a-much-longer-data-center-name')).toBe(
      javaStringHashReference('a-much-longer-data-center-name'),
    );
    // Keys in the stored (sorted) order, map copied with its 'class' entry then stripped of it.
    expect(javaHashMapOrder(['dc1', 'dc2', 'dc3'], 4)).toEqual(['dc2', 'dc1', 'dc3']);
    expect(javaHashMapOrder(['DC1', 'DC2'], 3)).toEqual(['DC2', 'DC1']);
    expect(javaHashMapOrder(['ap-south', 'datacenter1', 'eu-central', 'us-east', 'us-west'], 6)).toEqual([
      'ap-south',
      'us-east',
      'eu-central',
      'datacenter1',
      'us-west',
    ]);
    expect(javaHashMapOrder(['DC_m', 'dc_a', 'dc_z'], 4)).toEqual(['DC_m', 'dc_z', 'dc_a']);
    expect(javaHashMapOrder([], 1)).toEqual([]);
  });
});

/** Java's String.hashCode spelled out with BigInt, to check the 32-bit arithmetic. */
function javaStringHashReference(text: string): number {
  let hash = 0n;
  for (const unit of text.split('').map((c) => BigInt(c.charCodeAt(0))))
    hash = BigInt.asIntN(32, hash * 31n + unit);
  return Number(hash);
}

describe('types as DESCRIBE writes them', () => {
  const tuple: DataType = { kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }] };
  const udt: DataType = { kind: 'udt', keyspace: 'ks', name: 'Address', fields: [], frozen: true };

  it('always marks tuples frozen, except at the top of a function signature', () => {
    expect(cqlTypeText(tuple)).toBe('frozen<tuple<int, text>>');
    expect(cqlTypeText(tuple, 'signature')).toBe('tuple<int, text>');
    expect(cqlTypeText({ kind: 'list', element: tuple }, 'signature')).toBe('list<frozen<tuple<int, text>>>');
    expect(cqlTypeText({ kind: 'tuple', elements: [{ kind: 'int' }, tuple] })).toBe(
      'frozen<tuple<int, frozen<tuple<int, text>>>>',
    );
  });

  it('writes frozen collections and user types, quoted names, vectors and custom types', () => {
    expect(
      cqlTypeText({
        kind: 'map',
        key: { kind: 'text' },
        value: { kind: 'list', element: { kind: 'int' }, frozen: true },
      }),
    ).toBe('map<text, frozen<list<int>>>');
    expect(cqlTypeText(udt)).toBe('frozen<"Address">');
    expect(cqlTypeText({ ...udt, frozen: false })).toBe('"Address"');
    expect(cqlTypeText({ kind: 'vector', element: { kind: 'float' }, dimension: 3 })).toBe(
      'vector<float, 3>',
    );
    expect(cqlTypeText({ kind: 'custom', className: "org.example.It'sType" })).toBe(
      "'org.example.It''sType'",
    );
    expect(cqlTypeText({ kind: 'counter' })).toBe('counter');
  });
});

describe('function signatures', () => {
  it('ignore spacing, frozen<> and keyspace qualifiers but keep case and quoted names', () => {
    expect(functionSignature('f', ['frozen<tuple<int, bigint>>', 'int'])).toBe('f(tuple<int,bigint>,int)');
    expect(functionSignature('f', ['tuple<int,bigint>', ' int '])).toBe('f(tuple<int,bigint>,int)');
    expect(functionSignature('f', ['map<text, frozen<list<int>>>'])).toBe('f(map<text,list<int>>)');
    expect(functionSignature('F', ['frozen<"My Type">'])).toBe('F("My Type")');
    expect(functionSignature('f', ["'org.x.Frozen<A>'"])).toBe("f('org.x.Frozen<A>')");
    expect(functionSignature('f', ['unfrozen<int>'])).toBe('f(unfrozen<int>)');
    expect(functionSignature('noargs', [])).toBe('noargs()');
    // Schema change events qualify user types with their keyspace; system_schema does not.
    expect(functionSignature('f', ['shop.address', 'list<frozen<shop.address>>'])).toBe(
      'f(address,list<address>)',
    );
    expect(functionSignature('f', ['"My KS"."My Type"'])).toBe('f("My Type")');
    expect(functionSignature('f', ["'org.apache.cassandra.db.marshal.BytesType'"])).toBe(
      "f('org.apache.cassandra.db.marshal.BytesType')",
    );
  });
});
