import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import { ByteReader } from '../../binary/byte-reader';
import type { ByteWriter } from '../../binary/byte-writer';
import type { VectorDataType } from '../data-type';
import { ValueEncodingError } from '../value-encoding-error';
import { BaseCodec, type Codec } from './codec';
import { FloatCodec } from './float-codecs';
import { bigEndianToFloat32, float32ToBigEndian } from './float32-bytes';

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
    if (this.element instanceof FloatCodec) {
      writer.writeRaw(float32ToBigEndian(this.toFloat32Array(items)));
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      try {
        if (item === null || item === undefined) throw nullElement(this.element, item);
        if (this.elementLength !== undefined) {
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
    // Every element takes at least its one-byte length: a dimension the cell cannot hold is
    // refused before the array is allocated (a hostile type may announce 2^32 elements).
    if (this.dimension > length) {
      throw new ProtocolDecodeError(
        `invalid ${this.cqlType} value: ${length} bytes cannot hold ${this.dimension} elements`,
      );
    }
    const reader = new ByteReader(buf, offset, offset + length, offset); // error offsets count from the value
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
    if (this.element instanceof FloatCodec) return bigEndianToFloat32(buf, offset, this.dimension);
    const out = new Array<unknown>(this.dimension);
    for (let i = 0; i < this.dimension; i++) out[i] = this.element.decode(buf, offset + i * size, size);
    return out;
  }

  /** The elements as binary32 values, each checked as the float codec would. */
  private toFloat32Array(items: ArrayLike<unknown>): Float32Array {
    if (items instanceof Float32Array) return items;
    const out = new Float32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const ok = typeof item === 'number' && (!Number.isFinite(item) || Number.isFinite(Math.fround(item)));
      if (!ok) throw this.elementError(item).atIndex(i);
      out[i] = item as number;
    }
    return out;
  }

  /** The error the element codec raises for `item` (or the null-element error). */
  private elementError(item: unknown): ValueEncodingError {
    if (item === null || item === undefined) return nullElement(this.element, item);
    try {
      this.element.encode(item);
    } catch (e) {
      if (e instanceof ValueEncodingError) return e;
      throw e;
    }
    throw new Error(`internal error: ${this.element.cqlType} accepted a value the vector rejected`);
  }

  private toArrayLike(value: unknown): ArrayLike<unknown> {
    if (Array.isArray(value)) return value;
    if (this.element instanceof FloatCodec && isNumberTypedArray(value)) return value;
    throw this.invalid(value);
  }
}

function nullElement(element: Codec, item: null | undefined): ValueEncodingError {
  return new ValueEncodingError(element.cqlType, String(item), { reason: 'vectors cannot hold nulls' });
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
