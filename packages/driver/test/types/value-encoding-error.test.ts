import Long from 'long';
import { DriverError } from '../../src/errors';
import { codecFor } from '../../src/types/codecs/codec-for';
import { unset } from '../../src/types/unset';
import { describeValue, ValueEncodingError } from '../../src/types/value-encoding-error';
import { Uuid } from '../../src/types/values/uuid';
import { caught, hex, t } from './codec-helpers';

describe('ValueEncodingError', () => {
  it('is a DriverError (one catch for every cqlkit error) naming the expected type and what was received', () => {
    const err = caught(() => hex('int', 'abc'));
    expect(err).toBeInstanceOf(DriverError);
    expect(err.code).toBe('CQLKIT_VALUE_ENCODING');
    expect(err.name).toBe('ValueEncodingError');
    expect(err.message).toBe('expected int (32-bit signed integer), got string "abc"');
    expect(err.expectedType).toBe('int');
    expect(err.received).toBe('string "abc"');
    expect(err.reason).toBeUndefined();
    expect(err.path).toBeUndefined();
  });

  it('attaches a column with withColumn', () => {
    const err = caught(() => hex('int', 'abc')).withColumn('age');
    expect(err).toBeInstanceOf(ValueEncodingError);
    expect(err.message).toBe(
      'Invalid value for column "age": expected int (32-bit signed integer), got string "abc"',
    );
    expect(err.column).toBe('age');
    expect(err.path).toBe('age');
  });

  it('names the entity property mapped to the column with withProperty', () => {
    const err = caught(() => hex('timestamp', 'yesterday'))
      .withColumn('ordered_at')
      .withProperty('Order.orderedAt');
    expect(err.message).toMatch(
      /^Invalid value for Order\.orderedAt \(column "ordered_at"\): expected timestamp/,
    );
    expect([err.property, err.column]).toEqual(['Order.orderedAt', 'ordered_at']);
    const nested = caught(() => hex('list<int>', [1, 'x']))
      .withColumn('n')
      .withProperty('T.n');
    expect(nested.message).toMatch(/^Invalid value for T\.n \(column "n"\) at T\.n\[1\]: expected int/);
  });

  it('reports nested paths for elements, fields, map keys and values', () => {
    expect(caught(() => hex('list<int>', [1, 2, 3, 'x'])).withColumn('tags').path).toBe('tags[3]');
    const mapErr = caught(() => hex('map<text, frozen<list<int>>>', { a: [1], b: [2, 'x'] }));
    expect(mapErr.path).toBe('["b"][1]');
    expect(mapErr.message).toBe(
      'Invalid value at ["b"][1]: expected int (32-bit signed integer), got string "x"',
    );
    expect(
      caught(() =>
        hex(
          'map<int, int>',
          new Map([
            [1, 1],
            [1.5, 2],
          ]),
        ),
      ).path,
    ).toBe('{key #1}');
    expect(caught(() => hex('map<int, text>', new Map([[7, 1]]))).path).toBe('[7]');
    expect(caught(() => hex('tuple<int, frozen<set<text>>>', [1, ['a', 2]])).path).toBe('[1][1]');
  });

  it.each<[string, unknown, RegExp]>([
    ['int', 2 ** 31, /got number 2147483648: out of range \[-2147483648, 2147483647\]/],
    ['int', 1.5, /expected int \(32-bit signed integer\), got number 1.5: not an integer/],
    ['smallint', 40000, /expected smallint \(16-bit signed integer\), got number 40000: out of range/],
    ['tinyint', -129, /expected tinyint \(8-bit signed integer\).*out of range \[-128, 127\]/],
    [
      'bigint',
      2n ** 64n,
      /expected bigint \(64-bit signed integer: Long, bigint or safe-integer number\).*out of range/,
    ],
    ['bigint', 1e300, /imprecise/],
    ['counter', 'x', /expected counter/],
    ['varint', 'ten', /expected varint.*got string "ten": not an integer/],
    ['decimal', Infinity, /expected decimal.*got number Infinity: not finite/],
    ['float', 1e40, /out of the float range/],
    ['double', '1.5', /expected double \(64-bit floating point number\), got string "1.5"/],
    ['boolean', 'true', /expected boolean \(true or false\), got string "true"/],
    ['text', Buffer.from('x'), /expected text \(string\), got Buffer\(1 bytes\)/],
    ['ascii', 'naïve', /non-ASCII character "ï" at index 2/],
    ['blob', 'deadbeef', /expected blob \(Buffer or Uint8Array\), got string "deadbeef"/],
    ['uuid', 'zzz', /expected uuid \(Uuid or UUID string\), got string "zzz": not a UUID/],
    ['timeuuid', Uuid.random(), /a timeuuid must be a version 1 UUID, got version 4/],
    ['inet', '1.2.3.4.5', /not an IPv4 or IPv6 address/],
    ['timestamp', new Date('nope'), /got Date Invalid Date: invalid Date/],
    ['date', '2023-02-30', /expected date.*invalid date 2023-2-30/],
    ['time', 86400000000000n, /expected time.*out of range/],
    ['duration', '1 hour', /expected duration.*invalid duration string/],
    ['list<int>', { length: 1 }, /expected list<int> \(array\), got object$/],
    ['set<int>', 'abc', /expected set<int> \(array or Set\)/],
    ['map<int, int>', {}, /expected map<int, int> \(Map\), got object/],
    [
      'tuple<int, int>',
      [1],
      /expected tuple<int, int> \(Tuple or array of 2\), got array\(1\): 1 components, expected 2/,
    ],
    ['vector<float, 2>', [1], /wrong dimension 1, expected 2/],
    ['vector<int, 1>', [null], /vectors cannot hold nulls/],
    ["'com.example.Foo'", 'x', /expected custom type 'com.example.Foo' \(Buffer\)/],
  ])('%s rejects %p', (type, value, message) => {
    const err = caught(() => hex(type, value));
    expect(err.message).toMatch(message);
  });

  it('rejects null, undefined and unset as whole values (the caller writes those)', () => {
    expect(caught(() => hex('int', null)).received).toBe('null');
    expect(caught(() => hex('text', undefined)).received).toBe('undefined');
    expect(caught(() => hex('int', unset)).message).toBe('expected int (32-bit signed integer), got unset');
    expect(caught(() => hex('list<int>', [unset])).path).toBe('[0]');
  });

  it('keeps every field when re-located', () => {
    const base = new ValueEncodingError('int', 'string "x"', {
      reason: 'because',
      expectedDescription: 'int (desc)',
    });
    const moved = base.atField('city').atIndex(2).withColumn('addresses');
    expect(moved.path).toBe('addresses[2].city');
    expect(moved.reason).toBe('because');
    expect(moved.expectedDescription).toBe('int (desc)');
    expect(moved.message).toBe(
      'Invalid value for column "addresses" at addresses[2].city: expected int (desc), got string "x": because',
    );
  });
});

describe('describeValue', () => {
  it('describes values briefly', () => {
    expect(describeValue('x'.repeat(100))).toBe(`string "${'x'.repeat(40)}…" (100 chars)`);
    expect(describeValue(5n)).toBe('bigint 5n');
    expect(describeValue([1, 2])).toBe('array(2)');
    expect(describeValue(new Map([[1, 2]]))).toBe('Map(1)');
    expect(describeValue(new Set())).toBe('Set(0)');
    expect(describeValue(new Float32Array(3))).toBe('Float32Array(3)');
    expect(describeValue(Long.fromInt(5))).toBe('Long 5');
    expect(describeValue(Object.create(null))).toBe('object');
    expect(describeValue(new (class Point {})())).toBe('object Point');
    expect(describeValue(Symbol('s'))).toBe('symbol s');
    expect(describeValue(() => 1)).toBe('function');
    expect(describeValue(new Date(0))).toBe('Date 1970-01-01T00:00:00.000Z');
  });

  it('reports through codecs obtained for CQL text', () => {
    expect(() => codecFor(t('int')).encode(true)).toThrow(
      'expected int (32-bit signed integer), got boolean true',
    );
  });
});
