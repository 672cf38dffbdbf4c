import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import { crc24 } from './crc24';

/**
 * Protocol v5 segment headers ("frames" in the v5 spec, renamed here to avoid the clash with
 * v3/v4 frames = envelopes). All segment integers are little-endian.
 *
 * - Uncompressed: 3 bytes = 24-bit LE integer [bits 0–16 payload length, bit 17 self-contained],
 *   then 3 bytes CRC24 of those 3 bytes; payload; 4-byte LE CRC32 of the payload.
 * - LZ4: 5 bytes = 40-bit LE integer [bits 0–16 compressed length, 17–33 uncompressed length
 *   (0 = payload stored raw), bit 34 self-contained], then 3 bytes CRC24 of those 5 bytes;
 *   compressed payload (raw LZ4 block); 4-byte LE CRC32 of the compressed bytes.
 *
 * @packageDocumentation
 */

/** Largest segment payload (17-bit length): 128 KiB − 1. @internal */
export const MAX_SEGMENT_PAYLOAD = 0x1ffff;

/** Header size of an uncompressed segment. @internal */
export const UNCOMPRESSED_SEGMENT_HEADER_LENGTH = 6;

/** Header size of an LZ4 segment. @internal */
export const LZ4_SEGMENT_HEADER_LENGTH = 8;

/** Size of the CRC32 trailer of every segment. @internal */
export const SEGMENT_TRAILER_LENGTH = 4;

const SELF_CONTAINED_BIT_UNCOMPRESSED = 1 << 17;
const TWO_POW_17 = 2 ** 17;
const TWO_POW_34 = 2 ** 34;

/** A decoded segment header. @internal */
export interface SegmentHeader {
  /** Bytes of payload on the wire (compressed length for LZ4 segments). */
  readonly payloadLength: number;
  /** Length once decompressed; 0 when the payload is stored raw (always 0 when uncompressed). */
  readonly uncompressedLength: number;
  /** Whether the payload holds only whole envelopes. */
  readonly selfContained: boolean;
}

/** Writes an uncompressed segment header at `offset`. @internal */
export function writeUncompressedSegmentHeader(
  buf: Buffer,
  offset: number,
  payloadLength: number,
  selfContained: boolean,
): void {
  const value = payloadLength | (selfContained ? SELF_CONTAINED_BIT_UNCOMPRESSED : 0);
  buf.writeUIntLE(value, offset, 3);
  buf.writeUIntLE(crc24(buf, offset, 3), offset + 3, 3);
}

/** Writes an LZ4 segment header at `offset` (`uncompressedLength` 0 = stored raw). @internal */
export function writeLz4SegmentHeader(
  buf: Buffer,
  offset: number,
  compressedLength: number,
  uncompressedLength: number,
  selfContained: boolean,
): void {
  const value = compressedLength + uncompressedLength * TWO_POW_17 + (selfContained ? TWO_POW_34 : 0);
  buf.writeUIntLE(value, offset, 5);
  buf.writeUIntLE(crc24(buf, offset, 5), offset + 5, 3);
}

/** Reads and checks (CRC24) an uncompressed segment header. @internal */
export function readUncompressedSegmentHeader(buf: Buffer, offset: number): SegmentHeader {
  const value = buf.readUIntLE(offset, 3);
  checkHeaderCrc(buf, offset, 3);
  return {
    payloadLength: value & MAX_SEGMENT_PAYLOAD,
    uncompressedLength: 0,
    selfContained: (value & SELF_CONTAINED_BIT_UNCOMPRESSED) !== 0,
  };
}

/** Reads and checks (CRC24) an LZ4 segment header. @internal */
export function readLz4SegmentHeader(buf: Buffer, offset: number): SegmentHeader {
  const value = buf.readUIntLE(offset, 5);
  checkHeaderCrc(buf, offset, 5);
  return {
    payloadLength: value % TWO_POW_17,
    uncompressedLength: Math.floor(value / TWO_POW_17) % TWO_POW_17,
    selfContained: Math.floor(value / TWO_POW_34) % 2 === 1,
  };
}

function checkHeaderCrc(buf: Buffer, offset: number, length: number): void {
  const expected = buf.readUIntLE(offset + length, 3);
  const actual = crc24(buf, offset, length);
  if (expected !== actual) {
    throw new ProtocolDecodeError(
      `segment header CRC24 mismatch: received 0x${expected.toString(16)}, computed 0x${actual.toString(16)}`,
    );
  }
}
