/**
 * Codecs of the fixed-size CQL integers: `tinyint`, `smallint`, `int`, `bigint`, `counter`.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import Long from 'long';
import type { ByteWriter } from '../../binary/byte-writer';
import { int32At } from '../../binary/byte-reader';
import type { DataType } from '../data-type';
import { BaseCodec } from './codec';
import { readInt64, toInt64 } from './int64-values';

/**
 * `tinyint`, `smallint` and `int`: JavaScript numbers (or bigints) in range, decoded to numbers.
 *
 * @internal
 */
export class SmallIntegerCodec extends BaseCodec<number> {
  private readonly min: number;
  private readonly max: number;

  constructor(
    type: DataType,
    private readonly bytes: 1 | 2 | 4,
  ) {
    super(type, bytes);
    this.max = 2 ** (bytes * 8 - 1) - 1;
    this.min = -(2 ** (bytes * 8 - 1));
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    let n: number;
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw this.invalid(value, 'not an integer');
      n = value;
    } else if (typeof value === 'bigint') {
      if (value < BigInt(this.min) || value > BigInt(this.max)) throw this.outOfRange(value);
      n = Number(value);
    } else {
      throw this.invalid(value);
    }
    if (n < this.min || n > this.max) throw this.outOfRange(value);
    if (this.bytes === 4) writer.writeInt(n);
    else if (this.bytes === 2) writer.writeShort(n & 0xffff);
    else writer.writeByte(n);
  }

  decode(buf: Buffer, offset: number, length: number): number | null {
    if (!this.fixedLength(length, this.bytes)) return null;
    if (this.bytes === 4) return int32At(buf, offset);
    return this.bytes === 2 ? buf.readInt16BE(offset) : buf.readInt8(offset);
  }

  private outOfRange(value: unknown): Error {
    return this.invalid(value, `out of range [${this.min}, ${this.max}]`);
  }
}

/**
 * `bigint` and `counter`: Long, bigint or safe-integer number in, `Long` (or `bigint`) out.
 *
 * @internal
 */
export class Int64Codec extends BaseCodec<Long | bigint> {
  constructor(
    type: DataType,
    private readonly asBigint: boolean,
  ) {
    super(type, 8);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      writeSafeInteger(writer, value);
      return;
    }
    if (Long.isLong(value) && !(value as Long).unsigned) {
      // The two's-complement words as they are: no bigint on the way.
      writer.writeInt((value as Long).high);
      writer.writeInt((value as Long).low);
      return;
    }
    const converted = toInt64(value);
    if (!converted.ok) throw this.invalid(value, converted.reason);
    writer.writeLong(converted.value);
  }

  decode(buf: Buffer, offset: number, length: number): Long | bigint | null {
    return this.fixedLength(length, 8) ? readInt64(buf, offset, this.asBigint) : null;
  }
}

/**
 * Writes a safe integer as 8 big-endian bytes without going through bigint.
 *
 * @internal
 */
export function writeSafeInteger(writer: ByteWriter, n: number): void {
  const high = Math.floor(n / 4294967296);
  writer.writeInt(high);
  writer.writeUInt(n - high * 4294967296);
}
