import { ProtocolDecodeError } from '../../src/errors';
import { codecFor } from '../../src/types/codecs/codec-for';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { InetAddress } from '../../src/types/values/inet-address';
import { TimeUuid } from '../../src/types/values/time-uuid';
import { Uuid } from '../../src/types/values/uuid';
import { decode, hex, roundTrip, t } from './codec-helpers';

describe('text and ascii codecs', () => {
  it('encodes UTF-8 and decodes empty values to empty strings', () => {
    expect(hex('text', 'héllo')).toBe('68c3a96c6c6f');
    expect(hex('varchar', '😀')).toBe('f09f9880');
    expect(roundTrip('text', 'snow ☃ and 😀')).toBe('snow ☃ and 😀');
    expect(decode('text', '')).toBe('');
    expect(decode('ascii', '')).toBe('');
    expect(roundTrip('ascii', 'plain\x00\x7f')).toBe('plain\x00\x7f');
  });

  it('encodes long and multi-byte strings inside collections (writer growth)', () => {
    const long = 'é'.repeat(5000) + '😀'.repeat(100);
    expect(roundTrip('list<text>', [long, '', 'x'])).toEqual([long, '', 'x']);
    expect(hex('text', long)).toBe(Buffer.from(long, 'utf8').toString('hex'));
  });

  it('keeps the bytes of each encoded value apart (no shared scratch buffer leaks)', () => {
    const codec = codecFor(t('text'));
    const a = codecFor(t('int')).encode(1);
    const b = codec.encode('second');
    const c = codecFor(t('map<text, int>')).encode(new Map([['k', 7]]));
    expect(a.toString('hex')).toBe('00000001');
    expect(b.toString()).toBe('second');
    expect(c.toString('hex')).toBe('00000001' + '00000001' + '6b' + '00000004' + '00000007');
  });

  it('rejects non-strings and non-ASCII text for ascii', () => {
    expect(() => hex('text', 1)).toThrow(ValueEncodingError);
    expect(() => hex('ascii', 'café')).toThrow(/non-ASCII character "é" at index 3/);
  });
});

describe('blob and custom codecs', () => {
  it('accepts Buffer, Uint8Array and ArrayBuffer', () => {
    expect(hex('blob', Buffer.from([1, 2]))).toBe('0102');
    const backing = new Uint8Array([9, 8, 7, 6]);
    expect(hex('blob', backing.subarray(1, 3))).toBe('0807');
    expect(hex('blob', backing.buffer)).toBe('09080706');
    expect(() => hex('blob', 'abc')).toThrow(ValueEncodingError);
    expect(() => hex('blob', [1, 2])).toThrow(ValueEncodingError);
  });

  it('decodes a copy, so reusing the page buffer does not change it', () => {
    const page = Buffer.from('00aabbcc00', 'hex');
    const value = codecFor(t('blob')).decode(page, 1, 3) as Buffer;
    page.fill(0);
    expect(value.toString('hex')).toBe('aabbcc');
    expect(decode('blob', '')).toEqual(Buffer.alloc(0));
  });

  it('handles unknown custom types as raw bytes', () => {
    const custom = { kind: 'custom', className: 'com.example.Foo' } as const;
    expect(roundTrip(custom, Buffer.from('cafe', 'hex'))).toEqual(Buffer.from('cafe', 'hex'));
  });
});

describe('uuid and timeuuid codecs', () => {
  const v4 = '550e8400-e29b-41d4-a716-446655440000';
  const v1 = 'e6a6e160-86a9-11ee-b9d1-0242ac120002';

  it('encodes the 16 bytes from Uuid instances and strings', () => {
    expect(hex('uuid', v4)).toBe('550e8400e29b41d4a716446655440000');
    expect(hex('uuid', Uuid.parse(v4.toUpperCase()))).toBe('550e8400e29b41d4a716446655440000');
    const decoded = decode('uuid', '550e8400e29b41d4a716446655440000');
    expect(decoded).toBeInstanceOf(Uuid);
    expect(String(decoded)).toBe(v4);
  });

  it('decodes timeuuid to TimeUuid and insists on version 1 both ways', () => {
    const decoded = roundTrip('timeuuid', v1);
    expect(decoded).toBeInstanceOf(TimeUuid);
    expect(String(decoded)).toBe(v1);
    expect(() => hex('timeuuid', v4)).toThrow(/version 1/);
    expect(() => hex('timeuuid', Uuid.parse(v4))).toThrow(ValueEncodingError);
    expect(() => decode('timeuuid', '550e8400e29b41d4a716446655440000')).toThrow(ProtocolDecodeError);
    expect(hex('uuid', TimeUuid.parse(v1))).toBe(v1.replace(/-/g, ''));
  });

  it('decodes uuids in place from any offset and re-encodes them unchanged', () => {
    const bytes = Buffer.from('ff0e8400e29b41d4a716446655440080', 'hex');
    const decoded = decode('uuid', bytes) as Uuid;
    expect(decoded.toString()).toBe('ff0e8400-e29b-41d4-a716-446655440080');
    expect(hex('uuid', decoded)).toBe(bytes.toString('hex'));
    expect(roundTrip('list<timeuuid>', [TimeUuid.parse(v1)])).toEqual([TimeUuid.parse(v1)]);
  });

  it('rejects invalid UUID strings and other values', () => {
    expect(() => hex('uuid', 'not-a-uuid')).toThrow(/got string "not-a-uuid": not a UUID/);
    expect(() => hex('uuid', '550e8400e29b41d4a716446655440000')).toThrow(ValueEncodingError);
    expect(() => hex('uuid', 42)).toThrow(ValueEncodingError);
    expect(() => decode('uuid', '0102')).toThrow(ProtocolDecodeError);
    expect(decode('uuid', '')).toBeNull();
  });
});

describe('inet codec', () => {
  it('encodes IPv4 and IPv6 addresses', () => {
    expect(hex('inet', '192.168.1.2')).toBe('c0a80102');
    expect(hex('inet', '::1')).toBe('00000000000000000000000000000001');
    expect(hex('inet', InetAddress.parse('2001:db8::ff00:42:8329'))).toBe('20010db8000000000000ff0000428329');
    expect(String(roundTrip('inet', '::ffff:10.0.0.1'))).toBe('::ffff:10.0.0.1');
    expect(String(roundTrip('inet', 'fe80::1:2'))).toBe('fe80::1:2');
  });

  it('rejects bad addresses and lengths', () => {
    expect(() => hex('inet', '256.1.1.1')).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => hex('inet', 3232235778)).toThrow(ValueEncodingError);
    expect(() => decode('inet', '0102030405')).toThrow(ProtocolDecodeError);
    expect(decode('inet', '')).toBeNull();
  });
});
