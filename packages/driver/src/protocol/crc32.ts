import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * CRC32 of protocol v5 segment payloads: the standard CRC-32 (IEEE, as zlib computes it)
 * primed with the four bytes `FA 2D 55 CA` before the payload. The spec does not mention the
 * priming; the server (`net/Crc.crc32`) and other clients do it.
 *
 * @packageDocumentation
 */

/** The bytes fed to the CRC before every payload. @internal */
export const CRC32_PRIMER: Buffer = Buffer.from([0xfa, 0x2d, 0x55, 0xca]);

const PRIMED_STATE = zlibCrc32(CRC32_PRIMER);

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
  return zlibCrc32(payload, PRIMED_STATE) >>> 0;
}
