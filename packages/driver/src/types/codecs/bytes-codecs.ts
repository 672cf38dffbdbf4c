/**
 * Codecs of `blob` and custom types (↔ Buffer) and of `boolean`.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { type ByteWriter, copyBytes } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { BaseCodec } from './codec';

/**
 * `blob` and unknown custom types: Buffer, Uint8Array or ArrayBuffer in, Buffer out. Decoding
 * copies the bytes, so the result stays valid after the page buffer is reused. An empty value
 * decodes to an empty Buffer.
 *
 * @internal
 */
export class BlobCodec extends BaseCodec<Buffer> {
  constructor(type: DataType) {
    super(type);
  }

  override encode(value: unknown): Buffer {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return Buffer.from(value);
    throw this.invalid(value);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeRaw(this.encode(value));
  }

  decode(buf: Buffer, offset: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    copyBytes(buf, offset, out, 0, length);
    return out;
  }
}

/**
 * `boolean`: one byte, 0 false, anything else true.
 *
 * @internal
 */
export class BooleanCodec extends BaseCodec<boolean> {
  constructor(type: DataType) {
    super(type, 1);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (typeof value !== 'boolean') throw this.invalid(value);
    writer.writeByte(value ? 1 : 0);
  }

  decode(buf: Buffer, offset: number, length: number): boolean | null {
    return this.fixedLength(length, 1) ? buf[offset] !== 0 : null;
  }
}
