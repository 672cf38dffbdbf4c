import { ProtocolDecodeError } from '../../src/errors';
import { codecFor } from '../../src/types/codecs/codec-for';
import { fixedValueLength } from '../../src/types/codecs/fixed-value-length';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { LocalDate } from '../../src/types/values/local-date';
import { caught, decode, hex, roundTrip, t } from './codec-helpers';

describe('vector codec', () => {
  it('concatenates fixed-length floats without a count and decodes to Float32Array', () => {
    expect(hex('vector<float, 3>', [1, 2, -0.5])).toBe('3f800000' + '40000000' + 'bf000000');
    const decoded = roundTrip('vector<float, 3>', new Float32Array([0.1, 2, 3]));
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded as Float32Array)).toEqual([Math.fround(0.1), 2, 3]);
    expect(hex('vector<float, 2>', new Float64Array([1, 2]))).toBe('3f80000040000000');
  });

  it('converts float vectors in bulk, from views and with special values', () => {
    const backing = new Float32Array([9, 1, -2, NaN, Infinity, 9]);
    const view = backing.subarray(1, 5);
    expect(hex('vector<float, 4>', view)).toBe('3f800000' + 'c0000000' + '7fc00000' + '7f800000');
    expect(Array.from(roundTrip('vector<float, 4>', view) as Float32Array)).toEqual([1, -2, NaN, Infinity]);
    const big = Float32Array.from({ length: 1536 }, (_, i) => i / 7);
    expect(roundTrip('vector<float, 1536>', big)).toEqual(big);
    expect(caught(() => hex('vector<float, 2>', [1, 'x'])).path).toBe('[1]');
    expect(caught(() => hex('vector<float, 2>', [1e39, 1])).message).toBe(
      'Invalid value at [0]: expected float (32-bit floating point number), got number 1e+39: out of the float range',
    );
    expect(caught(() => hex('vector<float, 2>', [1, null])).message).toMatch(
      /at \[1\].*vectors cannot hold nulls/,
    );
  });

  it('concatenates other fixed-length types', () => {
    expect(hex('vector<int, 2>', [1, -1])).toBe('00000001ffffffff');
    expect(hex('vector<boolean, 2>', [true, false])).toBe('0100');
    expect(roundTrip('vector<bigint, 2>', [1n, -2n], { int64As: 'bigint' })).toEqual([1n, -2n]);
    expect(roundTrip('vector<double, 2>', [1.5, NaN])).toEqual([1.5, NaN]);
    const uuids = ['550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440001'];
    expect((roundTrip('vector<uuid, 2>', uuids) as unknown[]).map(String)).toEqual(uuids);
  });

  it('prefixes variable-length elements with an unsigned vint, smallint and date included', () => {
    expect(hex('vector<smallint, 2>', [1, -1])).toBe('020001' + '02ffff');
    expect(hex('vector<tinyint, 1>', [5])).toBe('0105');
    expect(hex('vector<text, 2>', ['ab', ''])).toBe('026162' + '00');
    expect(hex('vector<text, 1>', ['x'.repeat(200)])).toBe('80c8' + '78'.repeat(200));
    expect(roundTrip('vector<text, 3>', ['a', 'bc', 'x'.repeat(300)])).toEqual(['a', 'bc', 'x'.repeat(300)]);
    expect(roundTrip('vector<smallint, 3>', [1, -32768, 32767])).toEqual([1, -32768, 32767]);
    const dates = roundTrip('vector<date, 1>', ['2024-01-01']) as LocalDate[];
    expect(String(dates[0])).toBe('2024-01-01');
    expect(roundTrip('vector<list<int>, 2>', [[1], []])).toEqual([[1], []]);
  });

  it('nests vectors of fixed and variable length', () => {
    expect(fixedValueLength(t('vector<vector<float, 2>, 3>'))).toBe(24);
    expect(hex('vector<vector<float, 2>, 2>', [[1, 2], new Float32Array([3, 4])])).toBe(
      '3f800000400000004040000040800000',
    );
    const nested = roundTrip('vector<vector<float, 2>, 2>', [
      [1, 2],
      [3, 4],
    ]) as Float32Array[];
    expect(nested.map((v) => Array.from(v))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(hex('vector<vector<smallint, 1>, 2>', [[1], [2]])).toBe('03' + '020001' + '03' + '020002');
    expect(roundTrip('vector<vector<text, 2>, 1>', [['a', 'b']])).toEqual([['a', 'b']]);
  });

  it('rejects a wrong dimension, nulls and non-arrays', () => {
    expect(() => hex('vector<float, 3>', [1, 2])).toThrow(
      'expected vector<float, 3> (Float32Array or array of 3 numbers), got array(2): wrong dimension 2, expected 3',
    );
    expect(() => hex('vector<text, 2>', ['a', null])).toThrow(/vectors cannot hold nulls/);
    expect(() => hex('vector<float, 2>', [1, 'x'])).toThrow(ValueEncodingError);
    expect(() => hex('vector<float, 2>', Buffer.from([1, 2]))).toThrow(ValueEncodingError);
    expect(() => hex('vector<int, 2>', new Int32Array([1, 2]))).toThrow(ValueEncodingError);
    expect(caught(() => hex('vector<int, 3>', [1, 2, 1.5])).path).toBe('[2]');
  });

  it('rejects values whose size does not match the type exactly', () => {
    expect(() => decode('vector<float, 3>', '3f80000040000000')).toThrow(ProtocolDecodeError);
    expect(() => decode('vector<text, 2>', '0161')).toThrow(ProtocolDecodeError);
    expect(() => decode('vector<text, 1>', '016162')).toThrow(/after the last element/);
    expect(() => decode('vector<text, 1>', '0561')).toThrow(ProtocolDecodeError);
    expect(decode('vector<float, 1>', '')).toBeNull();
  });

  it('bounds the dimension by the cell before allocating anything', () => {
    // 2^32 elements: once a RangeError (Invalid array length) from new Array(dimension).
    expect(() => decode('vector<smallint, 4294967296>', '0100')).toThrow(ProtocolDecodeError);
    expect(() => decode('vector<text, 4294967296>', '0100')).toThrow(
      'invalid vector<text, 4294967296> value: 2 bytes cannot hold 4294967296 elements',
    );
    // 33,000,000 elements in a 2-byte cell: once ~250 MiB allocated before the truncation was seen.
    expect(() => decode('vector<smallint, 33000000>', '0100')).toThrow(
      'invalid vector<smallint, 33000000> value: 2 bytes cannot hold 33000000 elements',
    );
    expect(() => decode('vector<float, 4294967296>', '3f800000')).toThrow(ProtocolDecodeError);
    expect(decode('vector<text, 2>', '0000')).toEqual(['', '']);
  });

  it('fixed lengths follow Cassandra 5 valueLengthIfFixed', () => {
    const fixed: Record<string, number | undefined> = {
      boolean: 1,
      int: 4,
      float: 4,
      bigint: 8,
      double: 8,
      timestamp: 8,
      uuid: 16,
      timeuuid: 16,
      smallint: undefined,
      tinyint: undefined,
      date: undefined,
      time: undefined,
      text: undefined,
      counter: undefined,
      'vector<text, 2>': undefined,
    };
    for (const [type, size] of Object.entries(fixed)) expect(fixedValueLength(t(type))).toBe(size);
    expect(codecFor(t('vector<float, 2>'))).toBe(codecFor(t('vector<float, 2>')));
  });
});
