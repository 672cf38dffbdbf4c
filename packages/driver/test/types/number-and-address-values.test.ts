import { inspect } from 'node:util';
import { BigDecimal } from '../../src/types/values/big-decimal';
import { InetAddress } from '../../src/types/values/inet-address';
import { Tuple } from '../../src/types/values/tuple';

describe('BigDecimal', () => {
  it('parses unscaled value and scale like Java', () => {
    const cases: [string, bigint, number][] = [
      ['0', 0n, 0],
      ['-123.4500', -1234500n, 4],
      ['1E+3', 1n, -3],
      ['1.5e-7', 15n, 8],
      ['.5', 5n, 1],
      ['5.', 5n, 0],
      ['+7', 7n, 0],
    ];
    for (const [text, unscaled, scale] of cases) {
      const d = BigDecimal.parse(text);
      expect([d.unscaledValue, d.scale]).toEqual([unscaled, scale]);
    }
  });

  it('formats like Java BigDecimal.toString', () => {
    const cases: [bigint, number, string][] = [
      [123n, 0, '123'],
      [-123n, 2, '-1.23'],
      [123n, -1, '1.23E+3'],
      [123n, 5, '0.00123'],
      [123n, 10, '1.23E-8'],
      [1n, 6, '0.000001'],
      [1n, 7, '1E-7'],
      [0n, 2, '0.00'],
      [0n, -2, '0E+2'],
      [5n, -3, '5E+3'],
    ];
    for (const [unscaled, scale, text] of cases)
      expect(new BigDecimal(unscaled, scale).toString()).toBe(text);
    expect(new BigDecimal(5n, -3).toPlainString()).toBe('5000');
    expect(new BigDecimal(-5n, 3).toPlainString()).toBe('-0.005');
  });

  it('converts from and to numbers', () => {
    expect(BigDecimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(BigDecimal.fromNumber(-0).toString()).toBe('0');
    expect(BigDecimal.fromNumber(1e21).toNumber()).toBe(1e21);
    expect(BigDecimal.parse('12.75').toNumber()).toBe(12.75);
    expect(() => BigDecimal.fromNumber(Infinity)).toThrow(RangeError);
  });

  it('distinguishes equality (scale-sensitive) from comparison', () => {
    expect(BigDecimal.parse('1.0').equals(BigDecimal.parse('1.00'))).toBe(false);
    expect(BigDecimal.parse('1.0').compareTo(BigDecimal.parse('1.00'))).toBe(0);
    expect(BigDecimal.parse('-2').compareTo(BigDecimal.parse('1E-9'))).toBe(-1);
    expect(JSON.stringify(BigDecimal.parse('2.50'))).toBe('"2.50"');
  });

  it('rejects malformed text and scales beyond int32', () => {
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', '--1', '1 '])
      expect(() => BigDecimal.parse(bad)).toThrow(TypeError);
    expect(() => BigDecimal.parse('1e-2147483649')).toThrow(RangeError);
    expect(() => new BigDecimal(1n, 0.5)).toThrow(RangeError);
  });
});

describe('InetAddress', () => {
  it('parses and formats IPv4 and IPv6', () => {
    expect(InetAddress.parse('10.0.0.1').toBuffer()).toEqual(Buffer.from([10, 0, 0, 1]));
    expect(InetAddress.parse('10.0.0.1').version).toBe(4);
    const cases: [string, string][] = [
      ['::', '::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['fe80::', 'fe80::'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
      ['::ffff:192.0.2.128', '::ffff:192.0.2.128'],
      ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ];
    for (const [input, output] of cases) {
      const a = InetAddress.parse(input);
      expect(a.version).toBe(6);
      expect(a.toString()).toBe(output);
      expect(InetAddress.parse(a.toString()).equals(a)).toBe(true);
    }
    expect(InetAddress.parse('::ffff:1.2.3.4').toBuffer().toString('hex')).toBe(
      '00000000000000000000ffff01020304',
    );
  });

  it('rejects invalid addresses', () => {
    for (const bad of ['', '1.2.3', '1.2.3.256', 'fe80::1%eth0', '1::2::3', 'localhost']) {
      expect(() => InetAddress.parse(bad)).toThrow(TypeError);
    }
    expect(() => new InetAddress(Buffer.alloc(5))).toThrow(RangeError);
  });

  it('compares and serializes', () => {
    expect(InetAddress.parse('1.2.3.4').equals(InetAddress.parse('::ffff:1.2.3.4'))).toBe(false);
    expect(JSON.stringify([InetAddress.parse('::1')])).toBe('["::1"]');
    expect(inspect(InetAddress.parse('::1'))).toBe('InetAddress(::1)');
  });
});

describe('Tuple', () => {
  it('is an immutable, iterable list of components', () => {
    const tuple = new Tuple(1, 'a', null);
    expect(tuple.length).toBe(3);
    expect(tuple.get(1)).toBe('a');
    expect([...tuple]).toEqual([1, 'a', null]);
    expect(tuple.toString()).toBe('(1, a, null)');
    expect(JSON.stringify(tuple)).toBe('[1,"a",null]');
    expect(Object.isFrozen(tuple.values)).toBe(true);
    const copy = tuple.toArray();
    copy[0] = 2;
    expect(tuple.get(0)).toBe(1);
    expect(Tuple.fromArray([1, 2]).values).toEqual([1, 2]);
    expect(inspect(new Tuple(1))).toBe('Tuple[ 1 ]');
  });
});
