import { Buffer } from 'node:buffer';
import * as zlib from 'node:zlib';

/**
 * CRC32 of protocol v5 segment payloads: the standard CRC-32 (IEEE, as zlib computes it)
 * primed with the four bytes `FA 2D 55 CA` before the payload. The spec does not mention the
 * priming; the server (`net/Crc.crc32`) and other clients do it.
 *
 * zlib's native `crc32` (Node ≥ 20.15) is used when present; older Node 20 releases get a
 * table-driven JavaScript implementation with the same results.
 *
 * @packageDocumentation
 */

/** The bytes fed to the CRC before every payload. @internal */
export const CRC32_PRIMER: Buffer = Buffer.from([0xfa, 0x2d, 0x55, 0xca]);

/** `crc32(data, previous)` with zlib's contract (unsigned result; `previous` continues a CRC). */
type Crc32 = (data: Uint8Array, previous: number) => number;

let table: Uint32Array | undefined;

/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) in JavaScript: zlib's `crc32` where
 * Node lacks it.
 *
 * @internal
 */
export function javascriptCrc32(data: Uint8Array, previous = 0): number {
  const t = (table ??= buildTable());
  let crc = ~previous;
  for (let i = 0; i < data.length; i++) crc = (t[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function buildTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;
const crc32: Crc32 = typeof nativeCrc32 === 'function' ? nativeCrc32 : javascriptCrc32;

const PRIMED_STATE = crc32(CRC32_PRIMER, 0);

/**
 * Payload CRC32 of a v5 segment (unsigned 32-bit).
 *
 * @example
 * ```ts
 * segmentCrc32(Buffer.from('123456789')); // 0xe2a261a7
 * ```
 * @internal
 */
export function segmentCrc32(payload: Uint8Array): number {
  return crc32(payload, PRIMED_STATE) >>> 0;
}
