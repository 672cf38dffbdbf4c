/**
 * Minimal big-endian two's-complement encoding of arbitrary integers, as used by `varint` and by
 * the unscaled part of `decimal`.
 *
 * @packageDocumentation
 * @internal
 */
import { Buffer } from 'node:buffer';

/** The shortest two's-complement bytes of `value` (`0` → `00`, `128` → `00 80`, `−1` → `ff`). */
export function varintToBytes(value: bigint): Buffer {
  const magnitudeBits = (value < 0n ? -value - 1n : value).toString(2).length;
  const size = Math.ceil((magnitudeBits + 1) / 8);
  if (size <= 6) {
    const out = Buffer.allocUnsafe(size);
    out.writeIntBE(Number(value), 0, size);
    return out;
  }
  const hex = BigInt.asUintN(size * 8, value)
    .toString(16)
    .padStart(size * 2, '0');
  return Buffer.from(hex, 'hex');
}

/** Reads `length` (≥ 1) bytes of two's complement. */
export function bytesToVarint(buf: Buffer, offset: number, length: number): bigint {
  if (length <= 6) return BigInt(buf.readIntBE(offset, length));
  const unsigned = BigInt(`0x${buf.toString('hex', offset, offset + length)}`);
  return BigInt.asIntN(length * 8, unsigned);
}
