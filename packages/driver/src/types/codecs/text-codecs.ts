/**
 * Codecs of `text` (`varchar`) and `ascii` (↔ string).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import type { ByteWriter } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { BaseCodec } from './codec';

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** Node's undocumented per-encoding Buffer methods, which `toString(encoding, …)` dispatches to. */
interface EncodingSlices {
  utf8Slice?(start: number, end: number): string;
  latin1Slice?(start: number, end: number): string;
}

const slices = Buffer.prototype as EncodingSlices;

/**
 * `buf.toString('utf8', start, end)` without the encoding dispatch (a measurable share of
 * decoding short text cells), falling back to it where the method is missing.
 */
const utf8Slice: (buf: Buffer, start: number, end: number) => string =
  typeof slices.utf8Slice === 'function'
    ? (buf, start, end) => (buf as EncodingSlices as Required<EncodingSlices>).utf8Slice(start, end)
    : (buf, start, end) => buf.toString('utf8', start, end);

/** `buf.toString('latin1', start, end)`, likewise. */
const latin1Slice: (buf: Buffer, start: number, end: number) => string =
  typeof slices.latin1Slice === 'function'
    ? (buf, start, end) => (buf as EncodingSlices as Required<EncodingSlices>).latin1Slice(start, end)
    : (buf, start, end) => buf.toString('latin1', start, end);

/**
 * `text`: any string, UTF-8 on the wire. An empty value decodes to `''`.
 *
 * @internal
 */
export class TextCodec extends BaseCodec<string> {
  constructor(type: DataType) {
    super(type);
  }

  override encode(value: unknown): Buffer {
    if (typeof value !== 'string') throw this.invalid(value);
    return Buffer.from(value, 'utf8');
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (typeof value !== 'string') throw this.invalid(value);
    writer.writeUtf8(value);
  }

  decode(buf: Buffer, offset: number, length: number): string {
    return utf8Slice(buf, offset, offset + length);
  }
}

/**
 * `ascii`: strings of US-ASCII characters only (others are rejected, as the server would).
 *
 * @internal
 */
export class AsciiCodec extends BaseCodec<string> {
  constructor(type: DataType) {
    super(type);
  }

  override encode(value: unknown): Buffer {
    if (typeof value !== 'string') throw this.invalid(value);
    const bad = NON_ASCII.exec(value);
    if (bad !== null) {
      throw this.invalid(value, `non-ASCII character ${JSON.stringify(bad[0])} at index ${bad.index}`);
    }
    return Buffer.from(value, 'latin1');
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeRaw(this.encode(value));
  }

  decode(buf: Buffer, offset: number, length: number): string {
    return latin1Slice(buf, offset, offset + length);
  }
}
