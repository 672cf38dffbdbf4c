/**
 * Codecs of `float` and `double` (↔ number).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import type { ByteWriter } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { BaseCodec } from './codec';

/**
 * `float`: a number rounded to binary32; finite numbers beyond ±3.4e38 are rejected rather than
 * silently becoming infinities. NaN and ±Infinity pass through.
 *
 * @internal
 */
export class FloatCodec extends BaseCodec<number> {
  constructor(type: DataType) {
    super(type, 4);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeUInt(this.toBits(value));
  }

  /** The binary32 bits of `value` as an unsigned 32-bit integer. */
  private toBits(value: unknown): number {
    if (typeof value !== 'number') throw this.invalid(value);
    const rounded = Math.fround(value);
    if (Number.isFinite(value) && !Number.isFinite(rounded))
      throw this.invalid(value, 'out of the float range');
    FLOAT_VIEW[0] = rounded;
    return BITS_VIEW[0] as number;
  }

  decode(buf: Buffer, offset: number, length: number): number | null {
    return this.fixedLength(length, 4) ? buf.readFloatBE(offset) : null;
  }
}

const FLOAT_VIEW = new Float32Array(1);
const BITS_VIEW = new Uint32Array(FLOAT_VIEW.buffer);

/**
 * `double`: any number, NaN and infinities included.
 *
 * @internal
 */
export class DoubleCodec extends BaseCodec<number> {
  constructor(type: DataType) {
    super(type, 8);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (typeof value !== 'number') throw this.invalid(value);
    DOUBLE_VIEW.setFloat64(0, value);
    writer.writeRaw(DOUBLE_BYTES);
  }

  decode(buf: Buffer, offset: number, length: number): number | null {
    return this.fixedLength(length, 8) ? buf.readDoubleBE(offset) : null;
  }
}

const DOUBLE_BYTES = new Uint8Array(8);
const DOUBLE_VIEW = new DataView(DOUBLE_BYTES.buffer);
