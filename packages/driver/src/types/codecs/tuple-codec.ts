import { Buffer } from 'node:buffer';
import type { ByteWriter } from '../../binary/byte-writer';
import type { TupleDataType } from '../data-type';
import { ValueEncodingError } from '../value-encoding-error';
import { Tuple } from '../values/tuple';
import { BaseCodec, writeElement, type Codec } from './codec';
import { readElementLength } from './decode-bounds';

/**
 * `tuple<…>`: each component as `[bytes]` (null = −1), no count. Tuple or array of exactly the
 * declared length in; Tuple out (components missing at the end of the value decode to null).
 *
 * @internal
 */
export class TupleCodec extends BaseCodec<Tuple> {
  constructor(
    type: TupleDataType,
    private readonly elements: readonly Codec[],
  ) {
    super(type, 64);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    const values =
      value instanceof Tuple ? value.values : Array.isArray(value) ? (value as unknown[]) : undefined;
    if (values === undefined) throw this.invalid(value);
    if (values.length !== this.elements.length) {
      throw this.invalid(value, `${values.length} components, expected ${this.elements.length}`);
    }
    for (let i = 0; i < values.length; i++) {
      try {
        writeElement(writer, this.elements[i] as Codec, values[i]);
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atIndex(i) : e;
      }
    }
  }

  decode(buf: Buffer, offset: number, length: number): Tuple | null {
    if (length === 0) return null;
    const end = offset + length;
    const values = new Array<unknown>(this.elements.length).fill(null);
    let pos = offset;
    for (let i = 0; i < this.elements.length && pos < end; i++) {
      const n = readElementLength(buf, pos, end, this.cqlType);
      pos += 4;
      if (n >= 0) {
        values[i] = (this.elements[i] as Codec).decode(buf, pos, n);
        pos += n;
      }
    }
    return new Tuple(...values);
  }
}
