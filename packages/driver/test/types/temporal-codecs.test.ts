import Long from 'long';
import { ProtocolDecodeError } from '../../src/errors';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { Duration } from '../../src/types/values/duration';
import { LocalDate } from '../../src/types/values/local-date';
import { LocalTime } from '../../src/types/values/local-time';
import { codecFor } from '../../src/types/codecs/codec-for';
import { parseTypeString } from '../../src/types/type-string';
import { decode, hex, roundTrip } from './codec-helpers';

describe('timestamp codec', () => {
  it('encodes milliseconds since the epoch from Date, number, Long and bigint', () => {
    const d = new Date('2024-05-01T12:34:56.789Z');
    const expected = d.getTime().toString(16).padStart(16, '0');
    expect(hex('timestamp', d)).toBe(expected);
    expect(hex('timestamp', d.getTime())).toBe(expected);
    expect(hex('timestamp', Long.fromNumber(d.getTime()))).toBe(expected);
    expect(hex('timestamp', BigInt(d.getTime()))).toBe(expected);
    expect(hex('timestamp', -1)).toBe('ffffffffffffffff');
    expect((roundTrip('timestamp', d) as Date).getTime()).toBe(d.getTime());
  });

  it('round-trips pre-epoch and extreme Dates', () => {
    for (const ms of [-1, -86_400_000 * 365 * 3000, 8.64e15, -8.64e15]) {
      expect((roundTrip('timestamp', new Date(ms)) as Date).getTime()).toBe(ms);
    }
  });

  it('decodes timestamps beyond the Date range to an invalid Date', () => {
    expect(Number.isNaN((decode('timestamp', '7fffffffffffffff') as Date).getTime())).toBe(true);
  });

  it('rejects invalid Dates, fractional numbers and strings', () => {
    expect(() => hex('timestamp', new Date(NaN))).toThrow(/invalid Date/);
    expect(() => hex('timestamp', 1.5)).toThrow(/not an integer/);
    expect(() => hex('timestamp', '2024-01-01')).toThrow(ValueEncodingError);
  });
});

describe('date codec', () => {
  it('puts the epoch at 2^31', () => {
    expect(hex('date', new LocalDate(0))).toBe('80000000');
    expect(hex('date', '1970-01-02')).toBe('80000001');
    expect(hex('date', '1969-12-31')).toBe('7fffffff');
    expect(hex('date', new LocalDate(-2147483648))).toBe('00000000');
    expect(hex('date', new LocalDate(2147483647))).toBe('ffffffff');
    expect(hex('date', new Date('2000-01-01T23:59:59Z'))).toBe(hex('date', '2000-01-01'));
  });

  it('round-trips dates far outside the range of Date', () => {
    for (const days of [-2147483648, -1e9, -1, 0, 1e9, 2147483647]) {
      expect((roundTrip('date', new LocalDate(days)) as LocalDate).daysSinceEpoch).toBe(days);
    }
    expect(String(decode('date', '00000000'))).toBe('-5877641-06-23');
    expect(String(decode('date', 'ffffffff'))).toBe('+5881580-07-11');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => hex('date', '2023-02-29')).toThrow(/invalid date 2023-2-29/);
    expect(() => hex('date', '01/02/2023')).toThrow(ValueEncodingError);
    expect(() => hex('date', 19000)).toThrow(ValueEncodingError);
    expect(decode('date', '')).toBeNull();
  });
});

describe('time codec', () => {
  it('round-trips the bounds of a day', () => {
    expect(hex('time', new LocalTime(0n))).toBe('0000000000000000');
    expect(hex('time', 86399999999999n)).toBe('00004e94914effff');
    expect((roundTrip('time', '23:59:59.999999999') as LocalTime).nanosecondOfDay).toBe(86399999999999n);
    expect((roundTrip('time', 0) as LocalTime).nanosecondOfDay).toBe(0n);
    expect((roundTrip('time', Long.fromNumber(1000)) as LocalTime).nanosecondOfDay).toBe(1000n);
  });

  it('rejects out-of-day values on both sides', () => {
    expect(() => hex('time', 86400000000000n)).toThrow(/out of range/);
    expect(() => hex('time', -1)).toThrow(/out of range/);
    expect(() => hex('time', '24:00:00')).toThrow(ValueEncodingError);
    expect(() => hex('time', new Date())).toThrow(ValueEncodingError);
    expect(() => decode('time', '00004e94914f0000')).toThrow(ProtocolDecodeError);
    expect(decode('time', '')).toBeNull();
  });
});

describe('duration codec', () => {
  it('writes three zig-zag vints', () => {
    expect(hex('duration', new Duration(1, 2, 3n))).toBe('020406');
    expect(hex('duration', new Duration(-1, -2, -3n))).toBe('010305');
    expect(hex('duration', '0s')).toBe('000000');
    expect(hex('duration', new Duration(0, 0, 1000n))).toBe('0000' + '87d0');
  });

  it('round-trips negative and extreme durations', () => {
    const cases = [
      Duration.parse('-1y2mo3w4d5h6m7s8ms9us10ns'),
      new Duration(2147483647, 2147483647, 2n ** 63n - 1n),
      new Duration(-2147483648, -2147483648, -(2n ** 63n)),
    ];
    for (const d of cases) expect((roundTrip('duration', d) as Duration).equals(d)).toBe(true);
  });

  it('rejects malformed input and trailing bytes', () => {
    expect(() => hex('duration', '5 minutes')).toThrow(ValueEncodingError);
    expect(() => hex('duration', 60)).toThrow(ValueEncodingError);
    expect(() => decode('duration', '02040600')).toThrow(ProtocolDecodeError);
    expect(() => decode('duration', '0204')).toThrow(ProtocolDecodeError);
    expect(() => decode('duration', '020305')).toThrow(ProtocolDecodeError); // mixed signs
    expect(decode('duration', '')).toBeNull();
  });
});

describe('variable-length cells read where they lie', () => {
  it('report offsets from the cell, whether it has a buffer of its own or lies inside a response', () => {
    for (const [type, bytes, at] of [
      ['duration', [0x02, 0xff], 2], // months, then a vint announcing 8 more bytes
      ['vector<text, 2>', [0x01, 0x61, 0xff], 3], // 'a', then the same truncated vint
    ] as const) {
      const codec = codecFor(parseTypeString(type));
      const alone = Buffer.from(bytes);
      const inside = Buffer.concat([Buffer.alloc(7, 9), alone, Buffer.alloc(3, 9)]);
      const message = (buf: Buffer, offset: number): string => {
        try {
          codec.decode(buf, offset, bytes.length);
        } catch (e) {
          return (e as Error).message;
        }
        return 'decoded';
      };
      expect(message(inside, 7)).toBe(message(alone, 0));
      expect(message(alone, 0)).toContain(`at offset ${at},`);
    }
  });
});
