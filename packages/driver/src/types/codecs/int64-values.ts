import { Buffer } from 'node:buffer';
import Long from 'long';
import { int32At } from '../../binary/byte-reader';

/** −2^63. */
export const INT64_MIN = -(1n << 63n);
/** 2^63 − 1. */
export const INT64_MAX = (1n << 63n) - 1n;

/**
 * Outcome of reading a JavaScript value as a signed 64-bit integer: the value, or why not.
 *
 * @internal
 */
export type Int64Conversion =
  { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly reason?: string };

/**
 * A Long, a bigint or a safe-integer number as a signed 64-bit bigint.
 *
 * @internal
 */
export function toInt64(value: unknown): Int64Conversion {
  if (typeof value === 'bigint') {
    return value >= INT64_MIN && value <= INT64_MAX
      ? { ok: true, value }
      : { ok: false, reason: `out of range [${INT64_MIN}, ${INT64_MAX}]` };
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { ok: false, reason: 'not an integer' };
    if (!Number.isSafeInteger(value)) {
      return { ok: false, reason: 'beyond ±2^53 a number is imprecise; pass a bigint or a Long' };
    }
    return { ok: true, value: BigInt(value) };
  }
  if (Long.isLong(value)) {
    const long = value as Long;
    const big = (BigInt(long.high) << 32n) | BigInt(long.low >>> 0);
    if (!long.unsigned) return { ok: true, value: big };
    const unsignedBig = BigInt.asUintN(64, big);
    return unsignedBig <= INT64_MAX
      ? { ok: true, value: unsignedBig }
      : { ok: false, reason: `out of range (unsigned Long ${unsignedBig})` };
  }
  return { ok: false };
}

/**
 * Reads 8 big-endian bytes as a `Long` (default) or a native `bigint`.
 *
 * @internal
 */
export function readInt64(buf: Buffer, offset: number, asBigint: boolean): Long | bigint {
  return asBigint
    ? buf.readBigInt64BE(offset)
    : Long.fromBits(int32At(buf, offset + 4), int32At(buf, offset), false);
}
