/**
 * Codecs of `varint` (↔ bigint) and `decimal` (↔ {@link BigDecimal}).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import Long from 'long';
import { ProtocolDecodeError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { BigDecimal } from '../values/big-decimal';
import { BaseCodec } from './codec';
import { bytesToVarint, varintToBytes } from './varint-bytes';

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * `varint`: bigint, Long, safe-integer number or integer string in, `bigint` out.
 *
 * @internal
 */
export class VarintCodec extends BaseCodec<bigint> {
  constructor(type: DataType) {
    super(type, 16);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeRaw(varintToBytes(this.toBigint(value)));
  }

  decode(buf: Buffer, offset: number, length: number): bigint | null {
    return length === 0 ? null : bytesToVarint(buf, offset, length);
  }

  private toBigint(value: unknown): bigint {
    switch (typeof value) {
      case 'bigint':
        return value;
      case 'number':
        if (!Number.isInteger(value)) throw this.invalid(value, 'not an integer');
        if (!Number.isSafeInteger(value)) {
          throw this.invalid(value, 'beyond ±2^53 a number is imprecise; pass a bigint or an integer string');
        }
        return BigInt(value);
      case 'string':
        if (!INTEGER_TEXT.test(value)) throw this.invalid(value, 'not an integer');
        return BigInt(value);
      default:
        if (Long.isLong(value)) return BigInt((value as Long).toString());
        throw this.invalid(value);
    }
  }
}

/**
 * `decimal`: `[int]` scale then the unscaled varint. BigDecimal, finite number, decimal string or
 * bigint in, {@link BigDecimal} out.
 *
 * @internal
 */
export class DecimalCodec extends BaseCodec<BigDecimal> {
  constructor(type: DataType) {
    super(type, 16);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    const decimal = this.toBigDecimal(value);
    writer.writeInt(decimal.scale);
    writer.writeRaw(varintToBytes(decimal.unscaledValue));
  }

  decode(buf: Buffer, offset: number, length: number): BigDecimal | null {
    if (length === 0) return null;
    if (length < 5)
      throw new ProtocolDecodeError(`invalid decimal value: ${length} bytes, expected at least 5`);
    return new BigDecimal(bytesToVarint(buf, offset + 4, length - 4), buf.readInt32BE(offset));
  }

  private toBigDecimal(value: unknown): BigDecimal {
    if (value instanceof BigDecimal) return value;
    if (typeof value === 'bigint') return new BigDecimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw this.invalid(value, 'not finite');
      return BigDecimal.fromNumber(value);
    }
    if (typeof value === 'string') {
      try {
        return BigDecimal.parse(value);
      } catch (e) {
        throw this.invalid(value, (e as Error).message);
      }
    }
    throw this.invalid(value);
  }
}
