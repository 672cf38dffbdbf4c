import { codecFor } from '../../src/types/codecs/codec-for';
import type { CodecOptions } from '../../src/types/codecs/codec';
import type { DataType } from '../../src/types/data-type';
import { parseTypeString } from '../../src/types/type-string';
import { ValueEncodingError } from '../../src/types/value-encoding-error';

/** A DataType from CQL text (tests only use non-UDT text here). */
export function t(cql: string): DataType {
  return parseTypeString(cql);
}

/** Encodes `value` as `type` and returns the hex of the bytes. */
export function hex(type: DataType | string, value: unknown, options?: CodecOptions): string {
  return codecFor(typeof type === 'string' ? t(type) : type, options)
    .encode(value)
    .toString('hex');
}

/**
 * Decodes `bytes` (hex or Buffer) as `type`, from the middle of a larger buffer so that codecs
 * honouring `offset`/`length` are exercised.
 */
export function decode(type: DataType | string, bytes: string | Buffer, options?: CodecOptions): unknown {
  const value = typeof bytes === 'string' ? Buffer.from(bytes, 'hex') : bytes;
  const page = Buffer.concat([Buffer.from([0xde, 0xad, 0xbe]), value, Buffer.from([0xef, 0xff])]);
  return codecFor(typeof type === 'string' ? t(type) : type, options).decode(page, 3, value.length);
}

/** Encodes then decodes. */
export function roundTrip(type: DataType | string, value: unknown, options?: CodecOptions): unknown {
  const codecType = typeof type === 'string' ? t(type) : type;
  return decode(codecType, codecFor(codecType, options).encode(value), options);
}

/** The ValueEncodingError `fn` throws (fails the test when it throws nothing or something else). */
export function caught(fn: () => unknown): ValueEncodingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValueEncodingError) return e;
    throw e;
  }
  throw new Error('expected a ValueEncodingError, nothing was thrown');
}
