import { Buffer } from 'node:buffer';
import { DriverError } from '../errors';

const INITIAL_CAPACITY = 256;

/** Strings up to this many UTF-16 units are tried as ASCII in JavaScript before the native encoder. */
const SHORT_STRING = 64;

/**
 * A growable big-endian buffer writer for the native protocol's notations
 * (`[int]`, `[string]`, `[bytes]`, `[value]`, …). Frames are encoded straight into one buffer;
 * {@link ByteWriter.finish} returns a view of the written bytes without copying.
 */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = Math.max(16, this.buf.length * 2);
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Skips `n` bytes to be filled later with the `patch*` methods; returns their offset. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  patchInt(offset: number, value: number): void {
    if (value !== (value | 0) || offset < 0 || offset + 4 > this.pos) this.buf.writeInt32BE(value, offset);
    else putInt32(this.buf, offset, value);
  }

  writeByte(value: number): this {
    this.ensure(1);
    this.buf[this.pos++] = value & 0xff;
    return this;
  }

  writeShort(value: number): this {
    this.ensure(2);
    if ((value & 0xffff) !== value) this.buf.writeUInt16BE(value, this.pos); // throws the RangeError
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = value >>> 8;
    buf[pos + 1] = value & 0xff;
    this.pos = pos + 2;
    return this;
  }

  writeInt(value: number): this {
    this.ensure(4);
    if (value !== (value | 0)) this.buf.writeInt32BE(value, this.pos); // throws the RangeError
    putInt32(this.buf, this.pos, value);
    this.pos += 4;
    return this;
  }

  writeUInt(value: number): this {
    this.ensure(4);
    if (value !== value >>> 0) this.buf.writeUInt32BE(value, this.pos); // throws the RangeError
    putInt32(this.buf, this.pos, value | 0);
    this.pos += 4;
    return this;
  }

  writeLong(value: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(value, this.pos);
    this.pos += 8;
    return this;
  }

  /** A safe integer (|n| ≤ 2^53 − 1) as a `[long]`, without going through bigint. */
  writeSafeLong(value: number): this {
    if (!Number.isSafeInteger(value)) throw new DriverError(`${value} is not a safe integer for a [long]`);
    const high = Math.floor(value / 4294967296);
    this.ensure(8);
    putInt32(this.buf, this.pos, high | 0);
    putInt32(this.buf, this.pos + 4, (value - high * 4294967296) | 0);
    this.pos += 8;
    return this;
  }

  /** Raw bytes, no length prefix. */
  writeRaw(bytes: Uint8Array): this {
    const n = bytes.length;
    this.ensure(n);
    copyBytes(bytes, 0, this.buf, this.pos, n);
    this.pos += n;
    return this;
  }

  /** `[string]`: `[short]` byte length + UTF-8. */
  /** Writes `bytes[start, end)` as they are (no length prefix), without a view of them. */
  writeRawRange(bytes: Uint8Array, start: number, end: number): this {
    const n = end - start;
    this.ensure(n);
    copyBytes(bytes, start, this.buf, this.pos, n);
    this.pos += n;
    return this;
  }

  writeString(value: string): this {
    const len = Buffer.byteLength(value, 'utf8');
    if (len > 0xffff) throw new DriverError(`string of ${len} bytes exceeds the [string] limit of 65535`);
    this.ensure(2 + len);
    this.buf.writeUInt16BE(len, this.pos);
    this.buf.write(value, this.pos + 2, len, 'utf8');
    this.pos += 2 + len;
    return this;
  }

  /** `[long string]`: `[int]` byte length + UTF-8. */
  writeLongString(value: string): this {
    const len = Buffer.byteLength(value, 'utf8');
    this.ensure(4 + len);
    this.buf.writeInt32BE(len, this.pos);
    this.buf.write(value, this.pos + 4, len, 'utf8');
    this.pos += 4 + len;
    return this;
  }

  /** `[bytes]`: `[int]` length (−1 for null) + bytes. */
  writeBytes(value: Uint8Array | null): this {
    if (value === null) return this.writeInt(-1);
    const n = value.length;
    this.ensure(4 + n);
    putInt32(this.buf, this.pos, n);
    copyBytes(value, 0, this.buf, this.pos + 4, n);
    this.pos += 4 + n;
    return this;
  }

  /** `[value]` "unset" marker (v4+): length −2. */
  writeUnset(): this {
    return this.writeInt(-2);
  }

  /** `[short bytes]`: `[short]` length + bytes. */
  writeShortBytes(value: Uint8Array): this {
    if (value.length > 0xffff) throw new DriverError(`[short bytes] of ${value.length} bytes exceeds 65535`);
    this.ensure(2 + value.length);
    this.buf.writeUInt16BE(value.length, this.pos);
    this.buf.set(value, this.pos + 2);
    this.pos += 2 + value.length;
    return this;
  }

  /** `[string list]`. */
  writeStringList(values: readonly string[]): this {
    this.writeShort(values.length);
    for (const v of values) this.writeString(v);
    return this;
  }

  /** `[string map]`. */
  writeStringMap(map: Readonly<Record<string, string>>): this {
    const keys = Object.keys(map);
    this.writeShort(keys.length);
    for (const k of keys) this.writeString(k).writeString(map[k] as string);
    return this;
  }

  /** `[bytes map]`. */
  writeBytesMap(
    map: ReadonlyMap<string, Uint8Array | null> | Readonly<Record<string, Uint8Array | null>>,
  ): this {
    const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
    this.writeShort(entries.length);
    for (const [k, v] of entries) this.writeString(k).writeBytes(v);
    return this;
  }

  /** `[unsigned vint]` (v5 notation, also used by duration and vector values). */
  writeUnsignedVint(value: bigint): this {
    writeUnsignedVintTo(this, value);
    return this;
  }

  /** `[vint]`: zig-zag encoded signed 64-bit integer. */
  writeVint(value: bigint): this {
    const v = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    return this.writeUnsignedVint(v);
  }

  /** Raw UTF-8 bytes of `value`, no length prefix. */
  writeUtf8(value: string): this {
    const n = value.length;
    // Every UTF-16 unit takes at most 3 UTF-8 bytes: no length pass for strings that surely fit.
    if (n * 3 > this.buf.length - this.pos) this.ensure(Buffer.byteLength(value, 'utf8'));
    const buf = this.buf;
    const pos = this.pos;
    if (n <= SHORT_STRING) {
      // Short ASCII text is copied unit by unit: cheaper than the native call.
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos + i] = c;
      }
      if (i === n) {
        this.pos = pos + n;
        return this;
      }
    }
    this.pos = pos + buf.write(value, pos, 'utf8');
    return this;
  }

  /** A view of the bytes written (shares memory with the writer until the next write). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the bytes written, in a buffer of exactly that size that the caller owns. */
  copyOut(): Buffer {
    return this.copyRange(0, this.pos);
  }

  /** A copy of the bytes written in `[start, end)`, in a buffer the caller owns. */
  copyRange(start: number, end: number): Buffer {
    const n = end - start;
    const out = Buffer.allocUnsafe(n);
    copyBytes(this.buf, start, out, 0, n);
    return out;
  }

  /** Forgets the bytes written after `length` (which must not exceed the current length). */
  truncate(length: number): void {
    if (length < this.pos) this.pos = length;
  }

  /**
   * The buffer written into, for callers that keep a range of it rather than a view: the
   * bytes written stay valid until {@link ByteWriter.reset} or
   * {@link ByteWriter.truncate}; the buffer is replaced when the writer grows).
   */
  get backing(): Buffer {
    return this.buf;
  }

  /** Allocated bytes (for callers that bound what they retain). */
  get capacity(): number {
    return this.buf.length;
  }

  /** Forgets the content, keeping the allocated memory for reuse. */
  reset(): void {
    this.pos = 0;
  }
}

/** Stores a 32-bit integer big-endian (no checks: callers validate). */
function putInt32(buf: Uint8Array, pos: number, value: number): void {
  buf[pos] = value >>> 24;
  buf[pos + 1] = (value >>> 16) & 0xff;
  buf[pos + 2] = (value >>> 8) & 0xff;
  buf[pos + 3] = value & 0xff;
}

/**
 * Copy strategy thresholds (Node 20, measured): `dst.set(src)` costs ~22 ns whatever the size up to
 * a few KB, while a JavaScript loop costs ~1 ns per byte; copying a sub-range with `set` first needs
 * a view (`subarray`, ~50 ns more).
 */
const SMALL_WHOLE_COPY = 20;
const SMALL_RANGE_COPY = 64;

/**
 * Copies `n` bytes of `src` at `srcOffset` to `dst` at `dstOffset` (no bounds checks beyond the
 * typed arrays' own).
 *
 * @internal
 */
export function copyBytes(
  src: Uint8Array,
  srcOffset: number,
  dst: Uint8Array,
  dstOffset: number,
  n: number,
): void {
  if (srcOffset === 0 && n === src.length) {
    if (n > SMALL_WHOLE_COPY) {
      dst.set(src, dstOffset);
      return;
    }
  } else if (n > SMALL_RANGE_COPY) {
    dst.set(src.subarray(srcOffset, srcOffset + n), dstOffset);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    dst[dstOffset + i] = src[srcOffset + i] as number;
    dst[dstOffset + i + 1] = src[srcOffset + i + 1] as number;
    dst[dstOffset + i + 2] = src[srcOffset + i + 2] as number;
    dst[dstOffset + i + 3] = src[srcOffset + i + 3] as number;
  }
  for (; i < n; i++) dst[dstOffset + i] = src[srcOffset + i] as number;
}

function writeUnsignedVintTo(w: ByteWriter, value: bigint): void {
  if (value < 0n || value > 0xffffffffffffffffn) {
    throw new DriverError(`unsigned vint out of range: ${value}`);
  }
  if (value < 0x80n) {
    w.writeByte(Number(value));
    return;
  }
  const bits = value.toString(2).length;
  const size = Math.min(9, Math.ceil(bits / 7)); // total bytes, first byte included
  const out = new Uint8Array(size);
  let v = value;
  for (let i = size - 1; i >= 1; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  const extra = size - 1; // leading 1-bits in the first byte
  out[0] = size === 9 ? 0xff : ((0xff << (8 - extra)) & 0xff) | Number(v);
  w.writeRaw(out);
}
