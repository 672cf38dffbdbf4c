import { Duration } from '../../src/types/values/duration';
import { LocalDate } from '../../src/types/values/local-date';
import { LocalTime } from '../../src/types/values/local-time';

describe('LocalDate', () => {
  it('converts between calendar dates and day numbers', () => {
    expect(LocalDate.of(1970, 1, 1).daysSinceEpoch).toBe(0);
    expect(LocalDate.parse('2024-02-29').daysSinceEpoch).toBe(19782);
    expect(LocalDate.parse('1969-12-31').daysSinceEpoch).toBe(-1);
    expect(LocalDate.parse('0000-03-01').daysSinceEpoch).toBe(-719468);
    const d = new LocalDate(19782);
    expect([d.year, d.month, d.day]).toEqual([2024, 2, 29]);
  });

  it('agrees with Date across the Date range', () => {
    for (const iso of [
      '1600-02-29',
      '1900-03-01',
      '2000-02-29',
      '2100-12-31',
      '-000001-01-01',
      '+275760-09-13',
    ]) {
      const date = new Date(`${iso}T00:00:00Z`);
      const local = LocalDate.fromDate(date);
      expect(local.toDate().getTime()).toBe(date.getTime());
      expect(LocalDate.parse(local.toString()).equals(local)).toBe(true);
    }
    for (let days = -800_000; days <= 800_000; days += 997) {
      const date = new Date(days * 86400000);
      const local = new LocalDate(days);
      expect([local.year, local.month, local.day]).toEqual([
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
      ]);
    }
    expect(LocalDate.fromDate(new Date('2020-06-15T23:59:59.999Z')).toString()).toBe('2020-06-15');
    expect(LocalDate.fromDate(new Date('1969-12-31T23:00:00Z')).daysSinceEpoch).toBe(-1);
  });

  it('formats and parses years beyond four digits and before year 0', () => {
    for (const text of ['-5877641-06-23', '+5881580-07-11', '-0001-12-31', '+10000-01-01', '0001-01-01']) {
      expect(LocalDate.parse(text).toString()).toBe(text);
    }
    expect(new LocalDate(-2147483648).toString()).toBe('-5877641-06-23');
    expect(new LocalDate(2147483647).toString()).toBe('+5881580-07-11');
    expect(JSON.stringify(LocalDate.parse('2024-01-02'))).toBe('"2024-01-02"');
  });

  it('refuses conversions outside the Date range and invalid input', () => {
    expect(() => new LocalDate(2147483647).toDate()).toThrow(RangeError);
    expect(() => new LocalDate(2147483648)).toThrow(RangeError);
    expect(() => new LocalDate(1.5)).toThrow(RangeError);
    expect(() => LocalDate.of(2023, 2, 29)).toThrow(RangeError);
    expect(() => LocalDate.of(2023, 13, 1)).toThrow(RangeError);
    expect(() => LocalDate.parse('2023-1-1')).toThrow(TypeError);
    expect(() => LocalDate.fromDate(new Date(NaN))).toThrow(RangeError);
  });

  it('compares', () => {
    expect(LocalDate.parse('2024-01-01').equals(new LocalDate(19723))).toBe(true);
    expect(LocalDate.parse('2024-01-01').compareTo(LocalDate.parse('2024-01-02'))).toBeLessThan(0);
    expect(LocalDate.today().daysSinceEpoch).toBe(Math.floor(Date.now() / 86400000));
  });
});

describe('LocalTime', () => {
  it('holds nanoseconds of the day', () => {
    expect(LocalTime.of(0, 0).nanosecondOfDay).toBe(0n);
    expect(LocalTime.of(23, 59, 59, 999_999_999).nanosecondOfDay).toBe(86399999999999n);
    const t = LocalTime.parse('13:45:30.25');
    expect([t.hour, t.minute, t.second, t.nanosecond]).toEqual([13, 45, 30, 250_000_000]);
    expect(new LocalTime(5).nanosecondOfDay).toBe(5n);
  });

  it('formats and parses', () => {
    expect(new LocalTime(0n).toString()).toBe('00:00:00');
    expect(new LocalTime(86399999999999n).toString()).toBe('23:59:59.999999999');
    expect(LocalTime.parse('08:00').toString()).toBe('08:00:00');
    expect(LocalTime.parse('1:02:03.000000004').toString()).toBe('01:02:03.000000004');
    expect(JSON.stringify(LocalTime.of(1, 2, 3))).toBe('"01:02:03"');
    expect(LocalTime.fromDate(new Date('2020-01-01T10:20:30.456Z')).toString()).toBe('10:20:30.456000000');
  });

  it('rejects out-of-day values', () => {
    expect(() => new LocalTime(86400000000000n)).toThrow(RangeError);
    expect(() => new LocalTime(-1n)).toThrow(RangeError);
    expect(() => new LocalTime(0.5)).toThrow(RangeError);
    expect(() => LocalTime.of(24, 0)).toThrow(RangeError);
    expect(() => LocalTime.parse('12:60:00')).toThrow(RangeError);
    expect(() => LocalTime.parse('noon')).toThrow(TypeError);
    expect(() => LocalTime.parse('12:00:00.0000000001')).toThrow(TypeError);
  });

  it('compares', () => {
    expect(LocalTime.of(1, 0).equals(new LocalTime(3_600_000_000_000n))).toBe(true);
    expect(LocalTime.of(1, 0).compareTo(LocalTime.of(0, 59))).toBe(1);
  });
});

describe('Duration', () => {
  it('parses the CQL unit syntax', () => {
    const d = Duration.parse('1y2mo3w4d5h6m7s8ms9us10ns');
    expect(d.months).toBe(14);
    expect(d.days).toBe(25);
    expect(d.nanoseconds).toBe(5n * 3600_000_000_000n + 6n * 60_000_000_000n + 7_008_009_010n);
    expect(Duration.parse('90m').nanoseconds).toBe(5_400_000_000_000n);
    expect(Duration.parse('1µs').nanoseconds).toBe(1000n);
    expect(Duration.parse('2H30M').nanoseconds).toBe(9_000_000_000_000n);
    expect(Duration.parse('1MO').months).toBe(1);
  });

  it('parses ISO 8601 forms', () => {
    expect(Duration.parse('P1Y2M3DT4H5M6S').equals(new Duration(14, 3, 14_706_000_000_000n))).toBe(true);
    expect(Duration.parse('P2W').equals(new Duration(0, 14, 0n))).toBe(true);
    expect(Duration.parse('PT10S').nanoseconds).toBe(10_000_000_000n);
    expect(Duration.parse('P0001-02-03T04:05:06').equals(Duration.parse('P1Y2M3DT4H5M6S'))).toBe(true);
    expect(Duration.parse('-P1D').days).toBe(-1);
  });

  it('handles negative durations', () => {
    const d = Duration.parse('-1y2d3ns');
    expect([d.months, d.days, d.nanoseconds]).toEqual([-12, -2, -3n]);
    expect(d.toString()).toBe('-1y2d3ns');
  });

  it('prints like Cassandra and round-trips', () => {
    expect(new Duration(14, 25, 18_367_008_009_010n).toString()).toBe('1y2mo25d5h6m7s8ms9us10ns');
    expect(new Duration(0, 0, 0n).toString()).toBe('0s');
    for (const text of ['1y', '-3mo1d', '1h1ns', '-2562047h47m16s854ms775us808ns']) {
      expect(Duration.parse(text).toString()).toBe(text);
    }
    expect(JSON.stringify(Duration.parse('1d'))).toBe('"1d"');
  });

  it('rejects mixed signs, overflow and malformed text', () => {
    expect(() => new Duration(1, -1, 0n)).toThrow(/same sign/);
    expect(() => new Duration(2 ** 31, 0, 0n)).toThrow(RangeError);
    expect(() => new Duration(0, 0, 2n ** 63n)).toThrow(RangeError);
    expect(() => Duration.parse('9999999999mo')).toThrow(RangeError);
    for (const bad of ['', '-', '1x', '1h 2m', 'P', 'PT', 'P1.5D', '1.5h', 'h1']) {
      expect(() => Duration.parse(bad)).toThrow(TypeError);
    }
  });
});
