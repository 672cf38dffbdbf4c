import { ByteWriter, copyBytes } from '../../src/binary/byte-writer';

describe('ByteWriter copies', () => {
  it('copyBytes copies short runs with the loop and long ones with set, at any offsets', () => {
    for (const n of [0, 1, 3, 4, 5, 63, 64, 65, 300]) {
      const src = Buffer.from(Array.from({ length: n + 7 }, (_, i) => (i * 31) & 0xff));
      const dst = Buffer.alloc(n + 11, 0xee);
      copyBytes(src, 5, dst, 3, n);
      expect(dst.subarray(3, 3 + n)).toEqual(src.subarray(5, 5 + n));
      expect(dst.subarray(0, 3)).toEqual(Buffer.alloc(3, 0xee));
      expect(dst.subarray(3 + n)).toEqual(Buffer.alloc(8, 0xee));
    }
  });

  it('copyOut returns an owned, exactly sized copy', () => {
    const w = new ByteWriter(4);
    w.writeInt(1).writeRaw(Buffer.alloc(100, 7));
    const out = w.copyOut();
    expect(out.length).toBe(104);
    w.reset();
    w.writeInt(-1);
    expect(out.readInt32BE(0)).toBe(1);
    expect(w.capacity).toBeGreaterThanOrEqual(104);
  });

  it('writeUtf8 writes raw UTF-8, growing the buffer only when the text may not fit', () => {
    const w = new ByteWriter(8);
    w.writeByte(0xff).writeUtf8('ab').writeUtf8('😀é'.repeat(40)).writeUtf8('');
    const expected = Buffer.concat([Buffer.from([0xff]), Buffer.from('ab' + '😀é'.repeat(40), 'utf8')]);
    expect(w.finish()).toEqual(expected);
  });

  it('writes safe integers as [long] without bigint, and keeps the range errors of the Buffer writers', () => {
    const w = new ByteWriter(4);
    for (const n of [
      0,
      1,
      -1,
      2 ** 32,
      -(2 ** 32) - 5,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      1763700000123456,
    ]) {
      w.reset();
      w.writeSafeLong(n);
      expect(w.finish().readBigInt64BE(0)).toBe(BigInt(n));
    }
    expect(() => w.writeSafeLong(2 ** 53)).toThrow(/not a safe integer/);
    expect(() => w.writeSafeLong(1.5)).toThrow(/not a safe integer/);
    expect(() => w.writeInt(2 ** 31)).toThrow(/out of range/);
    expect(() => w.writeUInt(-1)).toThrow(/out of range/);
    expect(() => w.writeShort(65536)).toThrow(/out of range/);
    expect(() => w.writeShort(-1)).toThrow(/out of range/);
    w.reset();
    w.writeShort(0xfffe).writeInt(-2).writeUInt(0xfffffffe);
    const at = w.reserve(4);
    w.patchInt(at, -3);
    expect(w.finish().toString('hex')).toBe('fffe' + 'fffffffe' + 'fffffffe' + 'fffffffd');
  });
});
