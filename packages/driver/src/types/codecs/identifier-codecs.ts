/**
 * Codecs of `uuid` (↔ {@link Uuid}), `timeuuid` (↔ {@link TimeUuid}) and `inet`
 * (↔ {@link InetAddress}).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import type { DataType } from '../data-type';
import { InetAddress } from '../values/inet-address';
import { TimeUuid } from '../values/time-uuid';
import { parseUuidBytes, Uuid } from '../values/uuid';

import { BaseCodec } from './codec';

/**
 * `uuid` (any version) and `timeuuid` (version 1 only, checked on both sides). Uuid or canonical
 * string in; Uuid (TimeUuid for `timeuuid`) out.
 *
 * @internal
 */
export class UuidCodec extends BaseCodec<Uuid> {
  private readonly timeBased: boolean;

  constructor(type: DataType) {
    super(type, 16);
    this.timeBased = type.kind === 'timeuuid';
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (value instanceof Uuid) {
      if (this.timeBased && value.version !== 1) {
        throw this.invalid(value, `a timeuuid must be a version 1 UUID, got version ${value.version}`);
      }
      value.writeTo(writer);
      return;
    }
    let bytes: Uint8Array;
    if (typeof value === 'string') {
      try {
        bytes = parseUuidBytes(value);
      } catch {
        throw this.invalid(value, 'not a UUID');
      }
    } else {
      throw this.invalid(value);
    }
    if (this.timeBased && (bytes[6] as number) >> 4 !== 1) {
      throw this.invalid(
        value,
        `a timeuuid must be a version 1 UUID, got version ${(bytes[6] as number) >> 4}`,
      );
    }
    writer.writeRaw(bytes);
  }

  decode(buf: Buffer, offset: number, length: number): Uuid | null {
    if (!this.fixedLength(length, 16)) return null;
    if (!this.timeBased) return Uuid.fromBytes(buf, offset);
    if ((buf[offset + 6] as number) >> 4 !== 1)
      throw new ProtocolDecodeError('invalid timeuuid value: not version 1');
    return TimeUuid.fromBytes(buf, offset);
  }
}

/**
 * `inet`: 4 or 16 address bytes. InetAddress or address string in, InetAddress out.
 *
 * @internal
 */
export class InetCodec extends BaseCodec<InetAddress> {
  constructor(type: DataType) {
    super(type, 16);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (value instanceof InetAddress) {
      writer.writeRaw(value.toBuffer());
      return;
    }
    if (typeof value !== 'string') throw this.invalid(value);
    try {
      writer.writeRaw(InetAddress.parse(value).toBuffer());
    } catch {
      throw this.invalid(value, 'not an IPv4 or IPv6 address');
    }
  }

  decode(buf: Buffer, offset: number, length: number): InetAddress | null {
    if (length === 0) return null;
    if (length !== 4 && length !== 16) throw new ProtocolDecodeError(`invalid inet value: ${length} bytes`);
    return new InetAddress(buf.subarray(offset, offset + length));
  }
}
