import { inspect } from 'node:util';
import { TimeUuid } from '../../src/types/values/time-uuid';
import { Uuid } from '../../src/types/values/uuid';

describe('Uuid', () => {
  const text = '550e8400-e29b-41d4-a716-446655440000';

  it('parses, formats in lower case and compares by bytes', () => {
    const u = Uuid.parse(text.toUpperCase());
    expect(u.toString()).toBe(text);
    expect(JSON.stringify({ u })).toBe(`{"u":"${text}"}`);
    expect(u.version).toBe(4);
    expect(u.equals(Uuid.parse(text))).toBe(true);
    expect(u.equals(text)).toBe(false);
    expect(u.toBuffer().toString('hex')).toBe(text.replace(/-/g, ''));
    expect(inspect(u)).toBe(`Uuid(${text})`);
    expect(Uuid.isValid(text)).toBe(true);
    expect(Uuid.isValid(`{${text}}`)).toBe(false);
  });

  it('owns its bytes', () => {
    const bytes = Buffer.from(text.replace(/-/g, ''), 'hex');
    const u = new Uuid(bytes);
    bytes.fill(0);
    expect(u.toString()).toBe(text);
    u.toBuffer().fill(0);
    expect(u.toString()).toBe(text);
  });

  it('reads 16 bytes at an offset and writes them back anywhere', () => {
    const page = Buffer.concat([
      Buffer.from([1, 2, 3]),
      Buffer.from(text.replace(/-/g, ''), 'hex'),
      Buffer.from([4]),
    ]);
    const u = Uuid.fromBytes(page, 3);
    expect(new Uuid(page, 3).equals(u)).toBe(true);
    page.fill(0);
    expect(u.toString()).toBe(text);
    const target = Buffer.alloc(20);
    u.copyTo(target, 2);
    expect(target.subarray(2, 18).toString('hex')).toBe(text.replace(/-/g, ''));
    expect(() => u.copyTo(target, 5)).toThrow(RangeError);
    const words: number[] = [];
    u.writeTo({ writeInt: (v: number) => words.push(v) });
    expect(Buffer.from(Int32Array.from(words).buffer).swap32().toString('hex')).toBe(text.replace(/-/g, ''));
    expect(() => Uuid.fromBytes(Buffer.alloc(20), 5)).toThrow(RangeError);
    expect(() => Uuid.fromBytes(Buffer.alloc(20), -1)).toThrow(RangeError);
  });

  it('formats bytes with the high bit set and compares all four words', () => {
    const all = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
    expect(Uuid.parse(all).toString()).toBe(all);
    expect(Uuid.parse('00000000-0000-0000-0000-000000000000').toString()).toBe(
      '00000000-0000-0000-0000-000000000000',
    );
    const base = Uuid.parse(text);
    for (const at of [0, 5, 10, 15]) {
      const bytes = base.toBuffer();
      bytes[at] = (bytes[at] as number) ^ 1;
      expect(new Uuid(bytes).equals(base)).toBe(false);
    }
  });

  it('generates random version-4 UUIDs', () => {
    const a = Uuid.random();
    const b = Uuid.random();
    expect(a.version).toBe(4);
    expect(a.equals(b)).toBe(false);
    expect(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(a.toString())).toBe(
      true,
    );
  });

  it('rejects bad text and lengths', () => {
    expect(() => Uuid.parse('550e8400-e29b-41d4-a716-44665544000')).toThrow(TypeError);
    expect(() => Uuid.parse('550e8400e29b41d4a716446655440000')).toThrow(TypeError);
    expect(() => new Uuid(Buffer.alloc(15))).toThrow(RangeError);
  });
});

describe('TimeUuid', () => {
  const node = Buffer.from('0242ac120002', 'hex');

  it('encodes the timestamp, clock sequence and node of RFC 4122 version 1', () => {
    const date = new Date('2023-11-19T12:00:00.123Z');
    const u = TimeUuid.fromDate(date, 42, 0x1234, node);
    expect(u.version).toBe(1);
    expect(u.getDate().getTime()).toBe(date.getTime());
    expect(u.clockSequence).toBe(0x1234);
    expect(u.node.toString('hex')).toBe('0242ac120002');
    expect(u.getTicks()).toBe(BigInt(date.getTime()) * 10000n + 42n + 0x01b21dd213814000n);
    expect(u.toString().slice(19, 23)).toBe('9234'); // variant bits 10 + clock sequence
    expect(TimeUuid.parse(u.toString()).equals(u)).toBe(true);
  });

  it('matches the RFC 9562 test vector', () => {
    // RFC 9562 appendix A.1: 2022-02-22T14:22:22-05:00, clock sequence 0x33C8, node 9F6BDECED846.
    const expected = 'c232ab00-9414-11ec-b3c8-9f6bdeced846';
    const date = Date.parse('2022-02-22T19:22:22Z');
    expect(TimeUuid.fromDate(date, 0, 0x33c8, Buffer.from('9f6bdeced846', 'hex')).toString()).toBe(expected);
    const parsed = TimeUuid.parse(expected.toUpperCase());
    expect(parsed.getDate().toISOString()).toBe('2022-02-22T19:22:22.000Z');
    expect(parsed.clockSequence).toBe(0x33c8);
  });

  it('equals the plain Uuid with the same bytes and keeps version checks on offsets', () => {
    const u = TimeUuid.fromDate(new Date('2024-05-01T00:00:00Z'), 7, 0x0123, node);
    expect(u.equals(Uuid.parse(u.toString()))).toBe(true);
    const page = Buffer.concat([Buffer.alloc(4), u.toBuffer()]);
    expect(TimeUuid.fromBytes(page, 4).getTicks()).toBe(u.getTicks());
    expect(() => TimeUuid.fromBytes(Uuid.random().toBuffer(), 0)).toThrow(TypeError);
  });

  it('handles dates before the Unix epoch', () => {
    const date = new Date('1600-01-01T00:00:00.001Z');
    expect(TimeUuid.fromDate(date).getDate().getTime()).toBe(date.getTime());
    expect(() => TimeUuid.fromDate(new Date('1500-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('builds min and max UUIDs like minTimeuuid/maxTimeuuid', () => {
    const date = new Date('2024-01-01T00:00:00Z');
    const min = TimeUuid.min(date);
    const max = TimeUuid.max(date);
    expect(min.toString().slice(19)).toBe('8080-808080808080');
    expect(max.toString().slice(19)).toBe('7f7f-7f7f7f7f7f7f');
    expect(min.getDate().getTime()).toBe(date.getTime());
    expect(max.getDate().getTime()).toBe(date.getTime());
    expect(max.getTicks() - min.getTicks()).toBe(9999n);
  });

  it('generates distinct, time-ordered UUIDs within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => TimeUuid.now());
    expect(new Set(ids.map(String)).size).toBe(50);
    const now = Date.now();
    expect(Math.abs(ids[0]!.getDate().getTime() - now)).toBeLessThan(5000);
  });

  it('rejects non-version-1 UUIDs and bad parameters', () => {
    expect(() => TimeUuid.parse('550e8400-e29b-41d4-a716-446655440000')).toThrow(/version 1/);
    expect(() => TimeUuid.fromDate(0, 10000)).toThrow(RangeError);
    expect(() => TimeUuid.fromDate(0, 0, 0x4000)).toThrow(RangeError);
    expect(() => TimeUuid.fromDate(0, 0, 0, Buffer.alloc(5))).toThrow(RangeError);
    expect(() => TimeUuid.fromDate(new Date(NaN))).toThrow(RangeError);
  });

  it('is a Uuid', () => {
    const u = TimeUuid.now();
    expect(u).toBeInstanceOf(Uuid);
    expect(u.equals(Uuid.parse(u.toString()))).toBe(true);
  });
});
