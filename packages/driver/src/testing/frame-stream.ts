import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import type { BodyCompressor, SegmentCompressor } from '../protocol/compression';
import { Direction, Envelope, ENVELOPE_HEADER_LENGTH, readEnvelopeHeader } from '../protocol/envelope';
import { ChunkQueue } from '../protocol/envelope-chunk-queue';
import { EnvelopeDecoder } from '../protocol/envelope-decoder';
import {
  LZ4_SEGMENT_HEADER_LENGTH,
  readLz4SegmentHeader,
  readUncompressedSegmentHeader,
  SEGMENT_TRAILER_LENGTH,
  UNCOMPRESSED_SEGMENT_HEADER_LENGTH,
} from '../protocol/segment';
import { SegmentDecoder } from '../protocol/segment-decoder';

/**
 * One direction of a proxied connection, cut into wire units that keep their original bytes:
 * unframed envelopes (handshake, v3/v4) one by one, or v5 segments. Each unit is decoded with the
 * driver's own decoders, so rules see whole decompressed envelopes, while a unit whose envelopes
 * all pass can be forwarded byte for byte.
 *
 * @packageDocumentation
 */

/** A wire unit and the envelopes it completed. @internal */
export interface FrameUnit {
  /**
   * The bytes as received: one envelope, or one self-contained segment, or the run of
   * non-self-contained segments that carried one large envelope.
   */
  readonly raw: readonly Buffer[];
  /** Envelopes decoded from the unit (an empty self-contained segment has none). */
  readonly envelopes: readonly Envelope[];
  /** Whether the unit was a v5 segment. */
  readonly framed: boolean;
}

/**
 * Streaming splitter and decoder of one direction. `onUnit` is called synchronously for each
 * unit and may switch the stream to segments for the bytes that follow.
 *
 * @example
 * ```ts
 * const stream = new FrameStream('response', (unit) => forward(unit));
 * socket.on('data', (chunk) => stream.push(chunk));
 * ```
 * @internal
 */
export class FrameStream {
  private readonly queue = new ChunkQueue();
  private readonly envelopes: EnvelopeDecoder;
  private segments: SegmentDecoder | null = null;
  private segmentCompressed = false;
  /** Envelopes emitted by the decoder while the current unit is fed to it. */
  private decoded: Envelope[] = [];
  /** Raw non-self-contained segments of an envelope still incomplete. */
  private parts: Buffer[] = [];
  private failure: ProtocolDecodeError | undefined;
  private stopped = false;

  constructor(
    private readonly direction: Direction,
    private readonly onUnit: (unit: FrameUnit) => void,
  ) {
    this.envelopes = new EnvelopeDecoder((e) => this.decoded.push(e), { direction });
  }

  /** Whether v5 segments are being decoded. */
  get framed(): boolean {
    return this.segments !== null;
  }

  /** v3/v4: the codec of envelopes flagged compressed. */
  useBodyCompression(compressor: BodyCompressor | null): void {
    this.envelopes.compressor = compressor;
  }

  /** v5: bytes from now on are segments (LZ4 ones when `compressor` is given). Idempotent. */
  switchToSegments(compressor: SegmentCompressor | null): void {
    if (this.segments) return;
    this.segmentCompressed = compressor !== null;
    this.segments = new SegmentDecoder((e) => this.decoded.push(e), {
      direction: this.direction,
      compressor,
    });
  }

  /** Ignores every later byte (the connection is closing). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Decodes the units `chunk` completes. Throws `ProtocolDecodeError` on malformed input; the
   * stream then stays failed.
   */
  push(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (this.stopped) return;
    this.queue.push(chunk);
    try {
      this.drain();
    } catch (error) {
      this.failure =
        error instanceof ProtocolDecodeError
          ? error
          : new ProtocolDecodeError(`proxy: ${this.direction} decoding failed: ${String(error)}`, {
              cause: error,
            });
      throw this.failure;
    }
  }

  private drain(): void {
    while (!this.stopped) {
      const unit = this.segments ? this.nextSegment(this.segments) : this.nextEnvelope();
      if (unit === undefined) return;
      if (unit !== null) this.onUnit(unit);
    }
  }

  /** The next unframed envelope, or `undefined` when incomplete. */
  private nextEnvelope(): FrameUnit | undefined {
    if (this.queue.length < ENVELOPE_HEADER_LENGTH) return undefined;
    const header = readEnvelopeHeader(this.queue.peek(ENVELOPE_HEADER_LENGTH), 0, this.direction);
    const total = ENVELOPE_HEADER_LENGTH + header.bodyLength;
    if (this.queue.length < total) return undefined;
    const raw = this.queue.take(total);
    const envelopes: Envelope[] = [];
    this.decoded = envelopes;
    this.envelopes.push(raw);
    return { raw: [raw], envelopes, framed: false };
  }

  /**
   * The next segment unit; `null` when a segment was consumed without completing an envelope,
   * `undefined` when the segment is incomplete.
   */
  private nextSegment(decoder: SegmentDecoder): FrameUnit | null | undefined {
    const headerLength = this.segmentCompressed
      ? LZ4_SEGMENT_HEADER_LENGTH
      : UNCOMPRESSED_SEGMENT_HEADER_LENGTH;
    if (this.queue.length < headerLength) return undefined;
    const headerBytes = this.queue.peek(headerLength);
    const header = this.segmentCompressed
      ? readLz4SegmentHeader(headerBytes, 0)
      : readUncompressedSegmentHeader(headerBytes, 0);
    const total = headerLength + header.payloadLength + SEGMENT_TRAILER_LENGTH;
    if (this.queue.length < total) return undefined;
    const raw = this.queue.take(total);
    const envelopes: Envelope[] = [];
    this.decoded = envelopes;
    decoder.push(raw);
    this.parts.push(raw);
    if (!header.selfContained && envelopes.length === 0) return null;
    const unit: FrameUnit = { raw: this.parts, envelopes, framed: true };
    this.parts = [];
    return unit;
  }
}
