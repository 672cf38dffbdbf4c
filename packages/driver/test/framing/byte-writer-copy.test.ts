import { ByteWriter, copyBytes } from '../../src/protocol/byte-writer';

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
});
