/**
 * CRC24 of the protocol v5 segment headers.
 *
 * Parameters (native protocol v5 framing, server `net/Crc.crc24`): initial value `0x875060`,
 * polynomial `0x1974F0B`, bytes fed most-significant-bit first in wire order (the
 * least-significant byte of the little-endian header integer first), no final XOR.
 * Computed one byte at a time with a 256-entry table.
 *
 * @packageDocumentation
 */

/** Initial register value. @internal */
export const CRC24_INIT = 0x875060;

/** Generator polynomial including its x^24 term. @internal */
export const CRC24_POLY = 0x1974f0b;

const MASK24 = 0xffffff;

const TABLE: Uint32Array = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
    table[i] = crc & MASK24;
  }
  return table;
}

/**
 * CRC24 of `length` bytes of `data` starting at `offset`.
 *
 * @example
 * ```ts
 * crc24(Buffer.from([0x00, 0x00, 0x02]), 0, 3); // 0xc4366a: header of an empty self-contained segment
 * ```
 * @internal
 */
export function crc24(data: Uint8Array, offset = 0, length = data.length - offset): number {
  let crc = CRC24_INIT;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    crc = ((crc << 8) ^ (TABLE[((crc >>> 16) ^ (data[i] as number)) & 0xff] as number)) & MASK24;
  }
  return crc;
}
