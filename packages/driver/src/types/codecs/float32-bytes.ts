/**
 * Bulk conversion between `Float32Array`s and big-endian binary32 bytes, for `vector<float, n>`:
 * one copy plus an in-place byte swap instead of a call per element.
 *
 * @packageDocumentation
 * @internal
 */
import { Buffer } from 'node:buffer';
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/** The big-endian bytes of `values` (a new Buffer). */
export function float32ToBigEndian(values: Float32Array): Buffer {
  const out = Buffer.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return LITTLE_ENDIAN ? out.swap32() : out;
}

/** `count` big-endian binary32 values at `offset` of `buf`, as a new Float32Array. */
export function bigEndianToFloat32(buf: Buffer, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  const bytes = Buffer.from(out.buffer, 0, count * 4);
  buf.copy(bytes, 0, offset, offset + count * 4);
  if (LITTLE_ENDIAN) bytes.swap32();
  return out;
}
