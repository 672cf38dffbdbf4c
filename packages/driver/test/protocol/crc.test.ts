import { crc24 } from '../../src/protocol/crc24';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { CRC32_PRIMER, javascriptCrc32, segmentCrc32 } from '../../src/protocol/crc32';

// Vectors computed independently with a bit-by-bit Python implementation written from the v5
// spec text (CRC24: init 0x875060, poly 0x1974F0B; CRC32: zlib.crc32 seeded with FA 2D 55 CA).
describe('CRC24 (v5 segment headers)', () => {
  it.each([
    ['000002', 0xc4366a], // empty self-contained uncompressed segment
    ['010002', 0xac5672],
    ['090002', 0xc1c8a4],
    ['ffff03', 0x474025], // 131071 bytes, self-contained
    ['ffff01', 0xfe9138], // 131071 bytes, not self-contained
    ['921000', 0x3fea23],
    ['0a00000004', 0x58db8e], // LZ4 header: 10 compressed, stored raw, self-contained
    ['6400f40104', 0x370fc8], // LZ4 header: 100 → 250, self-contained
    ['ffffffff03', 0xb388a2],
    ['8813409c00', 0xf3f9e4],
    [Buffer.from('123456789').toString('hex'), 0x4b3f02],
    ['', 0x875060],
  ])('crc24(%s) = %s', (hex, expected) => {
    expect(crc24(Buffer.from(hex, 'hex'))).toBe(expected);
  });

  it('honours offset and length', () => {
    const buf = Buffer.from('ff090002ff', 'hex');
    expect(crc24(buf, 1, 3)).toBe(0xc1c8a4);
  });
});

describe('CRC32 primed with FA 2D 55 CA (v5 payloads)', () => {
  it.each([
    ['', 0x44777ed3],
    ['61', 0xf7294a53],
    [Buffer.from('123456789').toString('hex'), 0xe2a261a7],
    ['840000010200000000', 0x457a9da9],
    ['850000010200000000', 0x520189ea],
  ])('crc32(%s) = %s', (hex, expected) => {
    expect(segmentCrc32(Buffer.from(hex, 'hex'))).toBe(expected);
  });

  it('covers bytes 0..255', () => {
    const data = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(segmentCrc32(data)).toBe(0x214de79b);
  });
});

describe('JavaScript CRC-32 (Node 20 releases without zlib.crc32)', () => {
  it('matches zlib on the segment vectors and on random data, primed or not', () => {
    const primed = javascriptCrc32(CRC32_PRIMER);
    expect(javascriptCrc32(Buffer.from('123456789'), primed)).toBe(0xe2a261a7);
    expect(javascriptCrc32(Buffer.alloc(0), primed)).toBe(0x44777ed3);
    for (let n = 0; n < 50; n++) {
      const data = Buffer.from(Array.from({ length: n * 37 }, (_, i) => (i * 131 + n) & 0xff));
      expect(javascriptCrc32(data)).toBe(zlibCrc32(data));
      expect(javascriptCrc32(data, primed)).toBe(zlibCrc32(data, zlibCrc32(CRC32_PRIMER)));
    }
  });
});
