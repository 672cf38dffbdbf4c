import { ByteReader, formatInetAddress, int32At, uint16At } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { ProtocolDecodeError } from '../../src/errors';

describe('int32At / uint16At', () => {
  it('read what Buffer#readInt32BE and #readUInt16BE read, at the edges and at any offset', () => {
    const ints = [0, 1, -1, -2, 0x7fffffff, -0x80000000, 0x01020304, -0x01020305, 255, 256, 65535, 65536];
    const buf = Buffer.alloc(3 + ints.length * 4);
    ints.forEach((v, i) => buf.writeInt32BE(v, 3 + i * 4));
    ints.forEach((v, i) => expect(int32At(buf, 3 + i * 4)).toBe(v));
    for (let o = 0; o + 4 <= buf.length; o++) expect(int32At(buf, o)).toBe(buf.readInt32BE(o));
    for (let o = 0; o + 2 <= buf.length; o++) expect(uint16At(buf, o)).toBe(buf.readUInt16BE(o));
    expect(uint16At(Buffer.from([0xff, 0xfe]), 0)).toBe(0xfffe);
    expect(uint16At(Buffer.from([0x80, 0x00]), 0)).toBe(0x8000);
  });
});

describe('ByteWriter / ByteReader', () => {
  it('round-trips every notation', () => {
    const w = new ByteWriter(4);
    w.writeByte(0xab).writeShort(0xfffe).writeInt(-5).writeLong(-9007199254740993n);
    w.writeString('héllo')
      .writeLongString('x'.repeat(300))
      .writeBytes(Buffer.from([1, 2]))
      .writeBytes(null);
    w.writeShortBytes(Buffer.from([9]))
      .writeStringList(['a', 'b'])
      .writeStringMap({ K: 'v' });
    w.writeBytesMap(new Map([['p', Buffer.from([7])]]));
    const r = new ByteReader(w.finish());
    expect(r.readByte()).toBe(0xab);
    expect(r.readShort()).toBe(0xfffe);
    expect(r.readInt()).toBe(-5);
    expect(r.readLong()).toBe(-9007199254740993n);
    expect(r.readString()).toBe('héllo');
    expect(r.readLongString()).toBe('x'.repeat(300));
    expect([...r.readBytes()!]).toEqual([1, 2]);
    expect(r.readBytes()).toBeNull();
    expect([...r.readShortBytes()]).toEqual([9]);
    expect(r.readStringList()).toEqual(['a', 'b']);
    expect(r.readStringMap()).toEqual({ K: 'v' });
    expect([...r.readBytesMap().get('p')!]).toEqual([7]);
    expect(r.remaining).toBe(0);
  });

  it.each([
    0n,
    1n,
    127n,
    128n,
    255n,
    16383n,
    16384n,
    2n ** 32n,
    2n ** 56n - 1n,
    2n ** 56n,
    2n ** 63n,
    2n ** 64n - 1n,
  ])('round-trips unsigned vint %s', (v) => {
    const buf = new ByteWriter().writeUnsignedVint(v).finish();
    const r = new ByteReader(buf);
    expect(r.readUnsignedVint()).toBe(v);
    expect(r.remaining).toBe(0);
  });

  it('encodes unsigned vints with the Cassandra layout', () => {
    expect([...new ByteWriter().writeUnsignedVint(127n).finish()]).toEqual([0x7f]);
    expect([...new ByteWriter().writeUnsignedVint(128n).finish()]).toEqual([0x80, 0x80]);
    expect([...new ByteWriter().writeUnsignedVint(0x3fffn).finish()]).toEqual([0xbf, 0xff]);
    expect([...new ByteWriter().writeUnsignedVint(0x4000n).finish()]).toEqual([0xc0, 0x40, 0x00]);
    expect(new ByteWriter().writeUnsignedVint(2n ** 64n - 1n).finish().length).toBe(9);
  });

  it.each([0n, -1n, 1n, -64n, 64n, 2n ** 63n - 1n, -(2n ** 63n)])('round-trips signed vint %s', (v) => {
    expect(new ByteReader(new ByteWriter().writeVint(v).finish()).readVint()).toBe(v);
  });

  it('throws ProtocolDecodeError on truncated input', () => {
    expect(() => new ByteReader(Buffer.from([0, 5, 65])).readString()).toThrow(ProtocolDecodeError);
    expect(() => new ByteReader(Buffer.from([0, 0])).readInt()).toThrow(ProtocolDecodeError);
    expect(() => new ByteReader(Buffer.from([0xff, 0xff, 0xff, 0xf0])).readLongString()).toThrow(
      ProtocolDecodeError,
    );
  });

  it('formats inet addresses', () => {
    expect(formatInetAddress(Buffer.from([127, 0, 0, 1]), 0, 4)).toBe('127.0.0.1');
    const v6 = Buffer.alloc(16);
    v6[15] = 1;
    expect(formatInetAddress(v6, 0, 16)).toBe('::1');
    const v6b = Buffer.from('20010db8000000000001000000000001', 'hex');
    expect(formatInetAddress(v6b, 0, 16)).toBe('2001:db8::1:0:0:1');
  });
});
