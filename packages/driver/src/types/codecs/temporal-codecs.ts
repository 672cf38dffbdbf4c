/**
 * Codecs of `timestamp` (↔ Date), `date` (↔ {@link LocalDate}), `time` (↔ {@link LocalTime}) and
 * `duration` (↔ {@link Duration}).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import { ByteReader } from '../../binary/byte-reader';
import type { ByteWriter } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { Duration } from '../values/duration';
import { LocalDate } from '../values/local-date';
import { LocalTime } from '../values/local-time';
import { BaseCodec } from './codec';
import { toInt64 } from './int64-values';
import { writeSafeInteger } from './integer-codecs';

const DATE_EPOCH_OFFSET = 2147483648; // 2^31: the wire value of 1970-01-01
const NANOS_PER_DAY = 86_400_000_000_000n;

/**
 * `timestamp`: milliseconds since the epoch. Date, integer number, Long or bigint in, Date out.
 * Timestamps outside `Date`'s ±8.64e15 ms range decode to an invalid Date.
 *
 * @internal
 */
export class TimestampCodec extends BaseCodec<Date> {
  constructor(type: DataType) {
    super(type, 8);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw this.invalid(value, 'invalid Date');
      writeSafeInteger(writer, ms);
      return;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      writeSafeInteger(writer, value);
      return;
    }
    const converted = toInt64(value);
    if (!converted.ok) throw this.invalid(value, converted.reason);
    writer.writeLong(converted.value);
  }

  decode(buf: Buffer, offset: number, length: number): Date | null {
    if (!this.fixedLength(length, 8)) return null;
    return new Date(buf.readInt32BE(offset) * 4294967296 + buf.readUInt32BE(offset + 4));
  }
}

/**
 * `date`: unsigned days with the epoch at 2^31. LocalDate, Date (its UTC day) or `yyyy-mm-dd`
 * string in, LocalDate out.
 *
 * @internal
 */
export class DateCodec extends BaseCodec<LocalDate> {
  constructor(type: DataType) {
    super(type, 4);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeUInt(this.toLocalDate(value).daysSinceEpoch + DATE_EPOCH_OFFSET);
  }

  decode(buf: Buffer, offset: number, length: number): LocalDate | null {
    if (!this.fixedLength(length, 4)) return null;
    return new LocalDate(buf.readUInt32BE(offset) - DATE_EPOCH_OFFSET);
  }

  private toLocalDate(value: unknown): LocalDate {
    if (value instanceof LocalDate) return value;
    try {
      if (value instanceof Date) return LocalDate.fromDate(value);
      if (typeof value === 'string') return LocalDate.parse(value);
    } catch (e) {
      throw this.invalid(value, (e as Error).message);
    }
    throw this.invalid(value);
  }
}

/**
 * `time`: 8-byte nanoseconds since midnight. LocalTime, bigint/Long/integer nanoseconds or
 * `hh:mm:ss[.fffffffff]` string in, LocalTime out.
 *
 * @internal
 */
export class TimeCodec extends BaseCodec<LocalTime> {
  constructor(type: DataType) {
    super(type, 8);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    writer.writeLong(this.toNanos(value));
  }

  decode(buf: Buffer, offset: number, length: number): LocalTime | null {
    if (!this.fixedLength(length, 8)) return null;
    const nanos = buf.readBigInt64BE(offset);
    if (nanos < 0n || nanos >= NANOS_PER_DAY) throw new ProtocolDecodeError(`invalid time value ${nanos}`);
    return new LocalTime(nanos);
  }

  private toNanos(value: unknown): bigint {
    if (value instanceof LocalTime) return value.nanosecondOfDay;
    if (typeof value === 'string') {
      try {
        return LocalTime.parse(value).nanosecondOfDay;
      } catch (e) {
        throw this.invalid(value, (e as Error).message);
      }
    }
    const converted = toInt64(value);
    if (!converted.ok) throw this.invalid(value, converted.reason);
    if (converted.value < 0n || converted.value >= NANOS_PER_DAY) {
      throw this.invalid(value, `out of range [0, ${NANOS_PER_DAY - 1n}] nanoseconds`);
    }
    return converted.value;
  }
}

/**
 * `duration`: three `[vint]`s (months, days, nanoseconds). Duration or duration string in,
 * Duration out.
 *
 * @internal
 */
export class DurationCodec extends BaseCodec<Duration> {
  constructor(type: DataType) {
    super(type, 16);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    const duration = this.toDuration(value);
    writer.writeVint(BigInt(duration.months));
    writer.writeVint(BigInt(duration.days));
    writer.writeVint(duration.nanoseconds);
  }

  decode(buf: Buffer, offset: number, length: number): Duration | null {
    if (length === 0) return null;
    const reader = new ByteReader(buf, offset, offset + length, offset); // error offsets count from the value
    const months = reader.readVint();
    const days = reader.readVint();
    const nanos = reader.readVint();
    if (reader.remaining !== 0)
      throw new ProtocolDecodeError(`invalid duration value: ${reader.remaining} extra bytes`);
    try {
      return new Duration(Number(months), Number(days), nanos);
    } catch (e) {
      throw new ProtocolDecodeError(`invalid duration value: ${(e as Error).message}`);
    }
  }

  private toDuration(value: unknown): Duration {
    if (value instanceof Duration) return value;
    if (typeof value === 'string') {
      try {
        return Duration.parse(value);
      } catch (e) {
        throw this.invalid(value, (e as Error).message);
      }
    }
    throw this.invalid(value);
  }
}
