import Long from 'long';
import { ProtocolDecodeError } from '../../src/errors';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { BigDecimal } from '../../src/types/values/big-decimal';
import { decode, hex, roundTrip } from './codec-helpers';

describe('integer codecs', () => {
  it.each<[string, number, number]>([
    ['tinyint', -128, 127],
    ['smallint', -32768, 32767],
    ['int', -2147483648, 2147483647],
  ])('%s round-trips its bounds and rejects beyond them', (type, min, max) => {
    for (const v of [min, -1, 0, 1, max]) expect(roundTrip(type, v)).toBe(v);
    expect(() => hex(type, min - 1)).toThrow(ValueEncodingError);
    expect(() => hex(type, max + 1)).toThrow(/out of range/);
    expect(() => hex(type, 1.5)).toThrow(/not an integer/);
    expect(() => hex(type, '1')).toThrow(ValueEncodingError);
    expect(roundTrip(type, BigInt(max))).toBe(max);
    expect(() => hex(type, BigInt(max) + 1n)).toThrow(/out of range/);
  });

  it('encodes big-endian two’s complement', () => {
    expect(hex('int', -2)).toBe('fffffffe');
    expect(hex('int', 256)).toBe('00000100');
    expect(hex('smallint', -2)).toBe('fffe');
    expect(hex('tinyint', -128)).toBe('80');
    expect(hex('int', -0)).toBe('00000000');
  });

  it('bigint and counter decode to Long by default, to bigint on request', () => {
    for (const type of ['bigint', 'counter']) {
      const max = decode(type, '7fffffffffffffff') as Long;
      expect(Long.isLong(max)).toBe(true);
      expect(max.toString()).toBe('9223372036854775807');
      expect((decode(type, '8000000000000000') as Long).toString()).toBe('-9223372036854775808');
      expect(decode(type, 'fffffffffffffffe', { int64As: 'bigint' })).toBe(-2n);
    }
  });

  it('bigint encodes Long, bigint and safe-integer numbers', () => {
    expect(hex('bigint', Long.fromString('-9223372036854775808'))).toBe('8000000000000000');
    expect(hex('bigint', 2n ** 63n - 1n)).toBe('7fffffffffffffff');
    expect(hex('bigint', -(2n ** 63n))).toBe('8000000000000000');
    expect(hex('bigint', Number.MAX_SAFE_INTEGER)).toBe('001fffffffffffff');
    expect(hex('bigint', Number.MIN_SAFE_INTEGER)).toBe('ffe0000000000001');
    expect(hex('bigint', -1)).toBe('ffffffffffffffff');
    expect(hex('counter', 5)).toBe('0000000000000005');
    expect(roundTrip('bigint', 123456789012345n, { int64As: 'bigint' })).toBe(123456789012345n);
  });

  it('bigint writes signed Longs word by word and converts unsigned Longs that fit', () => {
    expect(hex('bigint', Long.fromBits(0x89abcdef, 0x01234567))).toBe('0123456789abcdef');
    expect(hex('bigint', Long.fromInt(-2))).toBe('fffffffffffffffe');
    expect(hex('bigint', Long.fromBits(-1, 0x7fffffff, true))).toBe('7fffffffffffffff');
    expect(hex('bigint', Long.fromBits(5, 0, true))).toBe('0000000000000005');
    expect(() => hex('bigint', Long.fromBits(0, 0x80000000, true))).toThrow(
      /out of range \(unsigned Long 9223372036854775808\)/,
    );
  });

  it('bigint rejects out-of-range, imprecise and non-integer values', () => {
    expect(() => hex('bigint', 2n ** 63n)).toThrow(/out of range/);
    expect(() => hex('bigint', 2 ** 60)).toThrow(/pass a bigint or a Long/);
    expect(() => hex('bigint', 0.5)).toThrow(/not an integer/);
    expect(() => hex('bigint', Long.MAX_UNSIGNED_VALUE)).toThrow(/out of range/);
    expect(() => hex('bigint', '1')).toThrow(ValueEncodingError);
  });

  it('rejects fixed-size values of the wrong length, decodes empty ones to null', () => {
    expect(() => decode('int', '000001')).toThrow(ProtocolDecodeError);
    expect(() => decode('bigint', '00')).toThrow(ProtocolDecodeError);
    for (const type of [
      'int',
      'bigint',
      'smallint',
      'tinyint',
      'counter',
      'varint',
      'decimal',
      'float',
      'double',
    ]) {
      expect(decode(type, '')).toBeNull();
    }
  });
});

describe('varint codec', () => {
  it.each<[bigint, string]>([
    [0n, '00'],
    [1n, '01'],
    [-1n, 'ff'],
    [127n, '7f'],
    [128n, '0080'],
    [-128n, '80'],
    [-129n, 'ff7f'],
    [255n, '00ff'],
    [256n, '0100'],
    [32767n, '7fff'],
    [32768n, '008000'],
    [2n ** 47n - 1n, '7fffffffffff'],
    [2n ** 47n, '00800000000000'],
    [-(2n ** 47n), '800000000000'],
    [-(2n ** 47n) - 1n, 'ff7fffffffffff'],
    [2n ** 63n, '008000000000000000'],
    [-(2n ** 63n), '8000000000000000'],
  ])('%s ⇄ %s', (value, bytes) => {
    expect(hex('varint', value)).toBe(bytes);
    expect(decode('varint', bytes)).toBe(value);
  });

  it('round-trips huge values', () => {
    const huge = 3n ** 500n;
    expect(roundTrip('varint', huge)).toBe(huge);
    expect(roundTrip('varint', -huge)).toBe(-huge);
  });

  it('accepts numbers, Longs and integer strings', () => {
    expect(hex('varint', 128)).toBe('0080');
    expect(hex('varint', Long.fromInt(-129))).toBe('ff7f');
    expect(hex('varint', '-129')).toBe('ff7f');
    expect(roundTrip('varint', '123456789012345678901234567890')).toBe(123456789012345678901234567890n);
    expect(() => hex('varint', '1.5')).toThrow(/not an integer/);
    expect(() => hex('varint', 1.5)).toThrow(/not an integer/);
    expect(() => hex('varint', 2 ** 60)).toThrow(/imprecise/);
  });
});

describe('decimal codec', () => {
  it('encodes scale then unscaled varint', () => {
    expect(hex('decimal', BigDecimal.parse('1.28'))).toBe('000000020080');
    expect(hex('decimal', '-0.01')).toBe('00000002ff');
    expect(hex('decimal', new BigDecimal(5n, -3))).toBe('fffffffd05');
    expect(hex('decimal', 0)).toBe('0000000000');
    expect(hex('decimal', 12n)).toBe('000000000c');
    expect(hex('decimal', 0.5)).toBe('0000000105');
  });

  it('round-trips negative scales, large values and numbers', () => {
    const cases = [
      new BigDecimal(-5n, -3),
      new BigDecimal(3n ** 200n, 100),
      BigDecimal.parse('-1.000'),
      BigDecimal.parse('1e-400'),
    ];
    for (const d of cases) expect((roundTrip('decimal', d) as BigDecimal).equals(d)).toBe(true);
    expect((roundTrip('decimal', 1e21) as BigDecimal).toString()).toBe('1E+21');
    expect((roundTrip('decimal', 0.1) as BigDecimal).toString()).toBe('0.1');
  });

  it('rejects non-finite numbers and malformed strings; flags truncated values', () => {
    expect(() => hex('decimal', NaN)).toThrow(/not finite/);
    expect(() => hex('decimal', 'abc')).toThrow(ValueEncodingError);
    expect(() => hex('decimal', true)).toThrow(ValueEncodingError);
    expect(() => decode('decimal', '000000')).toThrow(ProtocolDecodeError);
  });
});

describe('float and double codecs', () => {
  it('round-trips special values', () => {
    for (const v of [0, 1.5, -2.25, Infinity, -Infinity, 3.4028234663852886e38, 1.401298464324817e-45]) {
      expect(roundTrip('float', v)).toBe(v);
    }
    for (const v of [0, Number.MAX_VALUE, Number.MIN_VALUE, -Infinity, Infinity, 0.1, -1e-300]) {
      expect(roundTrip('double', v)).toBe(v);
    }
    expect(roundTrip('float', NaN)).toBeNaN();
    expect(roundTrip('double', NaN)).toBeNaN();
    expect(Object.is(roundTrip('float', -0), -0)).toBe(true);
    expect(Object.is(roundTrip('double', -0), -0)).toBe(true);
  });

  it('rounds floats to binary32', () => {
    expect(roundTrip('float', 0.1)).toBe(Math.fround(0.1));
    expect(hex('float', 1)).toBe('3f800000');
    expect(hex('float', -0)).toBe('80000000');
    expect(hex('double', 1)).toBe('3ff0000000000000');
  });

  it('rejects non-numbers and floats beyond the binary32 range', () => {
    expect(() => hex('float', 1e39)).toThrow(/out of the float range/);
    expect(() => hex('float', '1')).toThrow(ValueEncodingError);
    expect(() => hex('double', 1n)).toThrow(ValueEncodingError);
  });
});

describe('boolean codec', () => {
  it('round-trips and treats any non-zero byte as true', () => {
    expect(hex('boolean', true)).toBe('01');
    expect(hex('boolean', false)).toBe('00');
    expect(decode('boolean', '02')).toBe(true);
    expect(decode('boolean', '00')).toBe(false);
    expect(decode('boolean', '')).toBeNull();
    expect(() => hex('boolean', 1)).toThrow(ValueEncodingError);
  });
});
