import { ProtocolDecodeError } from '../../src/errors';
import type { DataType } from '../../src/types/data-type';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { Tuple } from '../../src/types/values/tuple';
import { decode, hex, roundTrip } from './codec-helpers';

describe('list and set codecs', () => {
  it('write a count and length-prefixed elements', () => {
    expect(hex('list<int>', [1, 2])).toBe('00000002' + '0000000400000001' + '0000000400000002');
    expect(hex('set<text>', new Set(['a']))).toBe('00000001' + '0000000161');
    expect(hex('list<int>', [])).toBe('00000000');
    expect(hex('list<int>', [null, undefined])).toBe('00000002ffffffffffffffff');
  });

  it('round-trips, sets as arrays by default or as Sets', () => {
    expect(roundTrip('list<text>', ['a', '', 'c'])).toEqual(['a', '', 'c']);
    expect(roundTrip('set<int>', new Set([3, 1]))).toEqual([3, 1]);
    expect(roundTrip('set<int>', [3, 1], { setsAs: 'set' })).toEqual(new Set([3, 1]));
    expect(roundTrip('list<int>', [1, null, 3])).toEqual([1, null, 3]);
    expect(roundTrip('list<int>', [])).toEqual([]);
  });

  it('rejects non-arrays (Sets only for set types)', () => {
    expect(() => hex('list<int>', new Set([1]))).toThrow(ValueEncodingError);
    expect(() => hex('list<int>', 'abc')).toThrow(/expected list<int> \(array\), got string "abc"/);
    expect(() => hex('set<int>', { a: 1 })).toThrow(ValueEncodingError);
  });

  it('detect truncated and lying values', () => {
    expect(() => decode('list<int>', '000000010000000400')).toThrow(ProtocolDecodeError);
    expect(() => decode('list<int>', '0000000500000004')).toThrow(ProtocolDecodeError);
    expect(() => decode('list<int>', 'ffffffff')).toThrow(ProtocolDecodeError);
    expect(() => decode('list<int>', '000000')).toThrow(ProtocolDecodeError);
    expect(decode('list<int>', '')).toBeNull();
  });
});

describe('map codec', () => {
  it('encodes Maps and, for text keys, plain objects', () => {
    const bytes = '00000001' + '0000000161' + '00000004' + '00000007';
    expect(hex('map<text, int>', new Map([['a', 7]]))).toBe(bytes);
    expect(hex('map<text, int>', { a: 7 })).toBe(bytes);
    expect(hex('map<ascii, int>', { a: 7 })).toBe(bytes);
    expect(() => hex('map<int, int>', { 1: 7 })).toThrow(/expected map<int, int> \(Map\)/);
    expect(() => hex('map<text, int>', [['a', 7]])).toThrow(ValueEncodingError);
  });

  it('round-trips nested collections', () => {
    const type = 'map<text, frozen<list<frozen<set<int>>>>>';
    const value = new Map([
      ['x', [[1, 2], []]],
      ['y', []],
    ]);
    expect(roundTrip(type, value)).toEqual(value);
    const byUuid = 'map<int, frozen<map<text, list<double>>>>';
    const nested = new Map([[1, new Map([['k', [1.5, -0.25]]])]]);
    expect(roundTrip(byUuid, nested)).toEqual(nested);
  });

  it('writes null values and rejects null keys', () => {
    expect(hex('map<text, int>', { a: null })).toBe('00000001' + '0000000161' + 'ffffffff');
    expect(roundTrip('map<text, int>', { a: null })).toEqual(new Map([['a', null]]));
    expect(() => hex('map<int, int>', new Map([[null, 1]]))).toThrow(/a map key cannot be null/);
  });
});

describe('tuple codec', () => {
  const type = 'tuple<int, text, frozen<list<int>>>';

  it('writes each component as [bytes] without a count', () => {
    expect(hex('tuple<int, text>', new Tuple(1, 'a'))).toBe('0000000400000001' + '0000000161');
    expect(hex('tuple<int, text>', [null, 'a'])).toBe('ffffffff' + '0000000161');
  });

  it('round-trips Tuples and arrays, nulls included', () => {
    const decoded = roundTrip(type, new Tuple(1, null, [2, 3])) as Tuple;
    expect(decoded).toBeInstanceOf(Tuple);
    expect(decoded.toArray()).toEqual([1, null, [2, 3]]);
    expect((roundTrip(type, [null, null, null]) as Tuple).toArray()).toEqual([null, null, null]);
  });

  it('decodes a value with fewer components by padding with nulls', () => {
    expect((decode('tuple<int, text>', '0000000400000009') as Tuple).toArray()).toEqual([9, null]);
  });

  it('rejects the wrong number of components', () => {
    expect(() => hex('tuple<int, text>', [1])).toThrow(/1 components, expected 2/);
    expect(() => hex('tuple<int, text>', new Tuple(1, 'a', 'b'))).toThrow(ValueEncodingError);
    expect(() => hex('tuple<int, text>', 'ab')).toThrow(ValueEncodingError);
  });
});

describe('nesting', () => {
  it('handles tuples and collections inside each other', () => {
    const type: DataType = {
      kind: 'list',
      element: {
        kind: 'tuple',
        elements: [{ kind: 'text' }, { kind: 'map', key: { kind: 'int' }, value: { kind: 'boolean' } }],
      },
    };
    const decoded = roundTrip(type, [['a', new Map([[1, true]])], new Tuple('b', new Map())]) as Tuple[];
    expect(decoded.map((x) => x.toArray())).toEqual([
      ['a', new Map([[1, true]])],
      ['b', new Map()],
    ]);
  });
});
