import { Buffer } from 'node:buffer';
import type { SegmentCompressor } from './compression';
import { segmentCrc32 } from './crc32';
import {
  LZ4_SEGMENT_HEADER_LENGTH,
  MAX_SEGMENT_PAYLOAD,
  SEGMENT_TRAILER_LENGTH,
  UNCOMPRESSED_SEGMENT_HEADER_LENGTH,
  writeLz4SegmentHeader,
  writeUncompressedSegmentHeader,
} from './segment';

/**
 * Payloads shorter than this are stored raw: LZ4 saves a few bytes at most on them, for a native
 * call that costs more than sending those bytes.
 * @internal
 */
export const MIN_COMPRESSED_PAYLOAD = 512;

/**
 * After `n` payloads in a row that did not compress to at most 7/8 of their size, the next
 * `min(2^n, MAX_SKIPPED_SEGMENTS)` payloads are stored raw without trying: incompressible data
 * (random or already compressed blobs) then costs one compression attempt in ~64 segments.
 * @internal
 */
export const MAX_SKIPPED_SEGMENTS = 64;

/**
 * Packs encoded envelopes into protocol v5 segments:
 * - consecutive whole envelopes share **self-contained** segments of up to 128 KiB − 1 of payload;
 * - an envelope larger than that is split over consecutive **non-self-contained** segments
 *   carrying only its bytes;
 * - with LZ4, a payload is compressed only where it pays: not below
 *   {@link MIN_COMPRESSED_PAYLOAD} bytes, not when compressing saved less than 1/8 of it (then it
 *   is stored raw: uncompressed length 0, which v5 allows for any segment), and not for a while
 *   after payloads that did not compress ({@link MAX_SKIPPED_SEGMENTS}).
 *
 * The output is one buffer for one `socket.write`. {@link SegmentEncoder.encodeInPlace} frames
 * envelopes written after {@link SegmentEncoder.headerRoom} spare bytes, with
 * {@link SEGMENT_TRAILER_LENGTH} spare bytes after them: when they fit one segment stored
 * uncompressed (the usual flush without LZ4, or with incompressible data), the header and the
 * CRC go into that room and nothing is copied.
 *
 * @example
 * ```ts
 * const encoder = new SegmentEncoder(null);
 * socket.write(encoder.encode(envelopes, [firstEnd, secondEnd]));
 * ```
 * @internal
 */
export class SegmentEncoder {
  private readonly headerLength: number;
  /** Segment plan scratch: start, end and self-contained flag of each segment. */
  private starts: number[] = [];
  private ends: number[] = [];
  private selfContained: boolean[] = [];
  /** Payloads in a row that did not compress well enough. */
  private misses = 0;
  /** Payloads still to store raw without trying to compress them. */
  private skip = 0;

  constructor(
    private readonly compressor: SegmentCompressor | null,
    /** Payload limit per segment (tests lower it to exercise splitting). */
    private readonly maxPayload: number = MAX_SEGMENT_PAYLOAD,
  ) {
    this.headerLength = compressor ? LZ4_SEGMENT_HEADER_LENGTH : UNCOMPRESSED_SEGMENT_HEADER_LENGTH;
  }

  /** Spare bytes {@link SegmentEncoder.encodeInPlace} needs before the first envelope. */
  get headerRoom(): number {
    return this.headerLength;
  }

  /**
   * Frames the envelopes held back to back in `data` from offset `start`, `envelopeEnds[i]` being
   * the end offset of envelope `i` in `data` (the first starts at `start`). The output is a new
   * buffer.
   */
  encode(data: Buffer, envelopeEnds: ArrayLike<number>, start = 0): Buffer {
    this.plan(envelopeEnds, start);
    const count = this.starts.length;
    const out = Buffer.allocUnsafe(
      (envelopeEnds.length ? (envelopeEnds[envelopeEnds.length - 1] as number) - start : 0) +
        count * (this.headerLength + SEGMENT_TRAILER_LENGTH),
    );
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const payload = data.subarray(this.starts[i], this.ends[i]);
      pos = this.writeSegment(out, pos, payload, this.selfContained[i] as boolean);
    }
    return out.subarray(0, pos);
  }

  /**
   * Frames envelopes written in `data` after {@link SegmentEncoder.headerRoom} spare bytes, with
   * at least {@link SEGMENT_TRAILER_LENGTH} spare bytes after the last one (`envelopeEnds` as in
   * {@link SegmentEncoder.encode}, offsets in `data`). When they fit one segment stored
   * uncompressed, the header and CRC are written into that room and a view of `data` is returned
   * (nothing copied); a compressed segment, or several segments, go into a new buffer.
   */
  encodeInPlace(data: Buffer, envelopeEnds: ArrayLike<number>): Buffer {
    const start = this.headerLength;
    const end = envelopeEnds.length ? (envelopeEnds[envelopeEnds.length - 1] as number) : start;
    if (end === start || end - start > this.maxPayload || data.length < end + SEGMENT_TRAILER_LENGTH) {
      return this.encode(data, envelopeEnds, start);
    }
    const payload = data.subarray(start, end);
    const block = this.compressor === null ? null : this.compressIfItPays(this.compressor, payload);
    if (block === null) return data.subarray(0, this.writeStored(data, 0, payload, null, true));
    const out = Buffer.allocUnsafe(start + block.length + SEGMENT_TRAILER_LENGTH);
    return out.subarray(0, this.writeStored(out, 0, payload, block, true));
  }

  private plan(envelopeEnds: ArrayLike<number>, start: number): void {
    this.starts.length = 0;
    this.ends.length = 0;
    this.selfContained.length = 0;
    const max = this.maxPayload;
    let segmentStart = start;
    let envelopeStart = start;
    for (let i = 0; i < envelopeEnds.length; i++) {
      const envelopeEnd = envelopeEnds[i] as number;
      if (envelopeEnd - envelopeStart > max) {
        if (envelopeStart > segmentStart) this.add(segmentStart, envelopeStart, true);
        for (let at = envelopeStart; at < envelopeEnd; at += max) {
          this.add(at, Math.min(at + max, envelopeEnd), false);
        }
        segmentStart = envelopeEnd;
      } else if (envelopeEnd - segmentStart > max) {
        this.add(segmentStart, envelopeStart, true);
        segmentStart = envelopeStart;
      }
      envelopeStart = envelopeEnd;
    }
    if (envelopeStart > segmentStart) this.add(segmentStart, envelopeStart, true);
  }

  private add(start: number, end: number, selfContained: boolean): void {
    this.starts.push(start);
    this.ends.push(end);
    this.selfContained.push(selfContained);
  }

  private writeSegment(out: Buffer, pos: number, payload: Buffer, selfContained: boolean): number {
    const block = this.compressor === null ? null : this.compressIfItPays(this.compressor, payload);
    return this.writeStored(out, pos, payload, block, selfContained);
  }

  /**
   * Writes at `pos` of `out` the segment of `payload`, stored as `block` (compressed) or raw
   * (`null`), and returns where it ends. A raw payload already at `pos + headerLength` of `out`
   * (in-place framing) is not copied.
   */
  private writeStored(
    out: Buffer,
    pos: number,
    payload: Buffer,
    block: Buffer | null,
    selfContained: boolean,
  ): number {
    const headerAt = pos;
    pos += this.headerLength;
    const stored = block ?? payload;
    if (this.compressor === null) {
      writeUncompressedSegmentHeader(out, headerAt, payload.length, selfContained);
    } else {
      writeLz4SegmentHeader(out, headerAt, stored.length, block ? payload.length : 0, selfContained);
    }
    if (!isAt(stored, out, pos)) stored.copy(out, pos);
    pos += stored.length;
    out.writeUInt32LE(segmentCrc32(stored), pos);
    return pos + SEGMENT_TRAILER_LENGTH;
  }

  /** The compressed block of `payload`, or `null` to store it raw (see the class comment). */
  private compressIfItPays(compressor: SegmentCompressor, payload: Buffer): Buffer | null {
    if (payload.length < MIN_COMPRESSED_PAYLOAD) return null;
    if (this.skip > 0) {
      this.skip--;
      return null;
    }
    const block = compressor.compressBlock(payload);
    if (block !== null && block.length * 8 <= payload.length * 7) {
      this.misses = 0;
      return block;
    }
    this.misses++;
    this.skip = Math.min(2 ** this.misses, MAX_SKIPPED_SEGMENTS);
    return null;
  }
}

/** Whether `bytes` is the view of `out` starting at `pos` (nothing to copy). */
function isAt(bytes: Buffer, out: Buffer, pos: number): boolean {
  return bytes.buffer === out.buffer && bytes.byteOffset === out.byteOffset + pos;
}
