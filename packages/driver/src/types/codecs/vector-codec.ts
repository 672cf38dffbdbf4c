import { ProtocolDecodeError } from '../../errors';
import { ByteReader } from '../../protocol/byte-reader';
import type { ByteWriter } from '../../protocol/byte-writer';
import type { VectorDataType } from '../data-type';
import { ValueEncodingError } from '../value-encoding-error';
import { BaseCodec, type Codec } from './codec';
import { FloatCodec } from './float-codecs';

/**
 * `vector<T, n>` (Cassandra 5): exactly `n` non-null elements and no count. Elements of a
 * fixed-length type (see {@link fixedValueLength}) are concatenated; others are each prefixed
 * with an `[unsigned vint]` length.
 *
 * `vector<float, n>` decodes to a `Float32Array` and encodes from a `Float32Array`, a number array
 * or any other array-like of numbers; other vectors are arrays.
 *
 * @internal
 */
export class VectorCodec extends BaseCodec<unknown[] | Float32Array> {
  private readonly dimension: number;

  constructor(
    type: VectorDataType,
    private readonly element: Codec,
    /** Serialized size of one element, or `undefined` when variable. */
    private readonly elementLength: number | undefined,
  ) {
    super(type, elementLength !== undefined ? Math.max(1, elementLength * type.dimension) : 64);
    this.dimension = type.dimension;
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    const items = this.toArrayLike(value);
    if (items.length !== this.dimension) {
      throw this.invalid(value, `wrong dimension ${items.length}, expected ${this.dimension}`);
    }
    const floats = this.element instanceof FloatCodec ? this.element : undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      try {
        if (item === null || item === undefined) {
          throw new ValueEncodingError(this.element.cqlType, String(item), {
            reason: 'vectors cannot hold nulls',
          });
        }
        if (floats !== undefined) {
          writer.writeUInt(floats.toBits(item));
        } else if (this.elementLength !== undefined) {
          this.element.encodeTo(writer, item);
        } else {
          const bytes = this.element.encode(item);
          writer.writeUnsignedVint(BigInt(bytes.length));
          writer.writeRaw(bytes);
        }
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atIndex(i) : e;
      }
    }
  }

  decode(buf: Buffer, offset: number, length: number): unknown[] | Float32Array | null {
    if (length === 0) return null;
    if (this.elementLength !== undefined) return this.decodeFixed(buf, offset, length, this.elementLength);
    const reader = new ByteReader(buf, offset, offset + length);
    const out = new Array<unknown>(this.dimension);
    for (let i = 0; i < this.dimension; i++) {
      const n = reader.readUnsignedVint();
      if (n > BigInt(reader.remaining)) {
        throw new ProtocolDecodeError(`truncated ${this.cqlType} value: element of ${n} bytes`);
      }
      out[i] = this.element.decode(buf, reader.offset, Number(n));
      reader.skip(Number(n));
    }
    if (reader.remaining !== 0) {
      throw new ProtocolDecodeError(
        `invalid ${this.cqlType} value: ${reader.remaining} bytes after the last element`,
      );
    }
    return out;
  }

  private decodeFixed(buf: Buffer, offset: number, length: number, size: number): unknown[] | Float32Array {
    if (length !== size * this.dimension) {
      throw new ProtocolDecodeError(
        `invalid ${this.cqlType} value: ${length} bytes, expected ${size * this.dimension}`,
      );
    }
    if (this.element instanceof FloatCodec) {
      const out = new Float32Array(this.dimension);
      for (let i = 0; i < this.dimension; i++) out[i] = buf.readFloatBE(offset + i * 4);
      return out;
    }
    const out = new Array<unknown>(this.dimension);
    for (let i = 0; i < this.dimension; i++) out[i] = this.element.decode(buf, offset + i * size, size);
    return out;
  }

  private toArrayLike(value: unknown): ArrayLike<unknown> {
    if (Array.isArray(value)) return value;
    if (this.element instanceof FloatCodec && isNumberTypedArray(value)) return value;
    throw this.invalid(value);
  }
}

/** Float32Array, Float64Array, Int32Array…: typed arrays of numbers (not Buffers, not bigint arrays). */
function isNumberTypedArray(value: unknown): value is ArrayLike<number> {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}
