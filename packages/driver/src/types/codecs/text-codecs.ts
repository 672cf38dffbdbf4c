/**
 * Codecs of `text` (`varchar`) and `ascii` (↔ string).
 *
 * @packageDocumentation
 */
import type { ByteWriter } from '../../protocol/byte-writer';
import type { DataType } from '../data-type';
import { BaseCodec } from './codec';

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

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
    writer.writeRaw(this.encode(value));
  }

  decode(buf: Buffer, offset: number, length: number): string {
    return buf.toString('utf8', offset, offset + length);
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
    return buf.toString('latin1', offset, offset + length);
  }
}
