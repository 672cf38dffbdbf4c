import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import { int32At } from '../../binary/byte-reader';

/**
 * Reads the `[int]` length of a nested `[bytes]` element at `pos`, checking that the length
 * and the element fit before `end`. Returns the length (negative for null).
 *
 * @internal
 */
export function readElementLength(buf: Buffer, pos: number, end: number, what: string): number {
  if (pos + 4 > end) throw new ProtocolDecodeError(`truncated ${what}: no room for an element length`);
  const length = int32At(buf, pos);
  if (length > 0 && pos + 4 + length > end) {
    throw new ProtocolDecodeError(`truncated ${what}: element of ${length} bytes, ${end - pos - 4} left`);
  }
  return length;
}

/**
 * Reads the `[int]` element count that starts a collection value.
 *
 * @internal
 */
export function readElementCount(buf: Buffer, pos: number, end: number, what: string): number {
  if (pos + 4 > end) throw new ProtocolDecodeError(`truncated ${what}: no room for the element count`);
  const count = int32At(buf, pos);
  // Every element takes at least 4 bytes, which also bounds the array we allocate.
  if (count < 0 || count > (end - pos - 4) / 4) {
    throw new ProtocolDecodeError(`invalid ${what}: element count ${count} for ${end - pos - 4} bytes`);
  }
  return count;
}
