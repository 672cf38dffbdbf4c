import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import type { SegmentCompressor } from './compression';
import { segmentCrc32 } from './crc32';
import {
  checkEnvelopeHeader,
  Direction,
  Envelope,
  envelopeAt,
  ENVELOPE_HEADER_LENGTH,
  MAX_ENVELOPE_BODY_LENGTH,
} from './envelope';
import { ChunkQueue } from './envelope-chunk-queue';
import {
  LZ4_SEGMENT_HEADER_LENGTH,
  readLz4SegmentHeader,
  readUncompressedSegmentHeader,
  SEGMENT_TRAILER_LENGTH,
  SegmentHeader,
  UNCOMPRESSED_SEGMENT_HEADER_LENGTH,
} from './segment';

/** Options of {@link SegmentDecoder}. @internal */
export interface SegmentDecoderOptions {
  /** Direction of the envelopes inside: `response` (client side, default) or `request`. */
  direction?: Direction;
  /** LZ4 codec when compression was negotiated (8-byte headers); `null` for plain segments. */
  compressor?: SegmentCompressor | null;
  /** Largest accepted envelope body (default and maximum: 256 MiB). */
  maxBodyLength?: number;
}

/** An envelope (header included) being reassembled from non-self-contained segments. */
interface PartialEnvelope {
  readonly bytes: Buffer;
  filled: number;
}

/**
 * Streaming decoder of protocol v5 segments. Verifies each header's CRC24 and each payload's
 * CRC32, decompresses LZ4 payloads, splits self-contained payloads into their envelopes and
 * reassembles envelopes spread over non-self-contained segments; calls `onEnvelope`
 * synchronously for each complete envelope.
 *
 * Malformed input throws {@link ProtocolDecodeError} only; the decoder then stays failed.
 *
 * @example
 * ```ts
 * const decoder = new SegmentDecoder((e) => handle(e), { compressor: null });
 * socket.on('data', (chunk) => decoder.push(chunk));
 * ```
 * @internal
 */
export class SegmentDecoder {
  private readonly queue = new ChunkQueue();
  private readonly direction: Direction;
  private readonly compressor: SegmentCompressor | null;
  private readonly headerLength: number;
  private readonly maxBodyLength: number;
  private header: SegmentHeader | undefined;
  private partial: PartialEnvelope | undefined;
  private failure: ProtocolDecodeError | undefined;

  constructor(
    private readonly onEnvelope: (envelope: Envelope) => void,
    options: SegmentDecoderOptions = {},
  ) {
    this.direction = options.direction ?? 'response';
    this.compressor = options.compressor ?? null;
    this.headerLength = this.compressor ? LZ4_SEGMENT_HEADER_LENGTH : UNCOMPRESSED_SEGMENT_HEADER_LENGTH;
    this.maxBodyLength = Math.min(
      options.maxBodyLength ?? MAX_ENVELOPE_BODY_LENGTH,
      MAX_ENVELOPE_BODY_LENGTH,
    );
  }

  /** Bytes received but not yet decoded (a partly reassembled envelope not included). */
  get bufferedLength(): number {
    return this.queue.length;
  }

  /** Decodes as many segments as `chunk` completes. */
  push(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    this.queue.push(chunk);
    try {
      this.drain();
    } catch (e) {
      this.failure =
        e instanceof ProtocolDecodeError
          ? e
          : new ProtocolDecodeError(`segment decoding failed: ${String(e)}`, { cause: e });
      throw this.failure;
    }
  }

  private drain(): void {
    const queue = this.queue;
    const headerLength = this.headerLength;
    while (true) {
      let header = this.header;
      if (header === undefined) {
        if (queue.length < headerLength) return;
        const inPlace = queue.frontHas(headerLength);
        const bytes = inPlace ? queue.frontChunk : queue.peek(headerLength);
        const at = inPlace ? queue.frontOffset : 0;
        header = this.compressor ? readLz4SegmentHeader(bytes, at) : readUncompressedSegmentHeader(bytes, at);
        this.header = header;
      }
      if (queue.length < headerLength + header.payloadLength + SEGMENT_TRAILER_LENGTH) return;
      queue.skip(headerLength);
      const stored = queue.take(header.payloadLength);
      const expectedCrc =
        (queue.byteAt(0) | (queue.byteAt(1) << 8) | (queue.byteAt(2) << 16) | (queue.byteAt(3) << 24)) >>> 0;
      queue.skip(SEGMENT_TRAILER_LENGTH);
      this.header = undefined;
      const actualCrc = segmentCrc32(stored);
      if (expectedCrc !== actualCrc) {
        throw new ProtocolDecodeError(
          `segment payload CRC32 mismatch: received 0x${expectedCrc.toString(16)}, computed 0x${actualCrc.toString(16)}`,
        );
      }
      const payload =
        this.compressor && header.uncompressedLength > 0
          ? this.compressor.decompressBlock(stored, header.uncompressedLength)
          : stored;
      if (header.selfContained) this.readSelfContained(payload);
      else this.readPart(payload);
    }
  }

  private readSelfContained(payload: Buffer): void {
    if (this.partial) {
      throw new ProtocolDecodeError(
        `self-contained segment received while an envelope of ${this.partial.bytes.length} bytes was ` +
          `incomplete (${this.partial.filled} received)`,
      );
    }
    let offset = 0;
    while (offset < payload.length) {
      if (payload.length - offset < ENVELOPE_HEADER_LENGTH) {
        throw new ProtocolDecodeError(
          `self-contained segment ends with ${payload.length - offset} bytes, less than an envelope header`,
        );
      }
      const bodyLength = checkEnvelopeHeader(payload, offset, this.direction, this.maxBodyLength);
      const bodyStart = offset + ENVELOPE_HEADER_LENGTH;
      const bodyEnd = bodyStart + bodyLength;
      if (bodyEnd > payload.length) {
        throw new ProtocolDecodeError(
          `envelope of ${bodyLength} body bytes overruns its self-contained segment ` +
            `(${payload.length - bodyStart} left)`,
        );
      }
      this.onEnvelope(envelopeAt(payload, offset, payload, bodyStart, bodyEnd));
      offset = bodyEnd;
    }
  }

  private readPart(payload: Buffer): void {
    let partial = this.partial;
    if (partial === undefined) {
      if (payload.length < ENVELOPE_HEADER_LENGTH) {
        throw new ProtocolDecodeError(
          `first non-self-contained segment has ${payload.length} bytes, less than an envelope header`,
        );
      }
      const bodyLength = checkEnvelopeHeader(payload, 0, this.direction, this.maxBodyLength);
      const total = ENVELOPE_HEADER_LENGTH + bodyLength;
      if (payload.length > total) {
        throw new ProtocolDecodeError(
          `non-self-contained segment of ${payload.length} bytes exceeds its ${total}-byte envelope`,
        );
      }
      if (payload.length === total) {
        this.onEnvelope(envelopeAt(payload, 0, payload, ENVELOPE_HEADER_LENGTH, payload.length));
        return;
      }
      partial = { bytes: Buffer.allocUnsafe(total), filled: 0 };
      this.partial = partial;
    } else if (partial.filled + payload.length > partial.bytes.length) {
      throw new ProtocolDecodeError(
        `non-self-contained segment of ${payload.length} bytes overruns its envelope ` +
          `(${partial.bytes.length - partial.filled} bytes missing)`,
      );
    }
    payload.copy(partial.bytes, partial.filled);
    partial.filled += payload.length;
    if (partial.filled === partial.bytes.length) {
      this.partial = undefined;
      this.onEnvelope(
        envelopeAt(partial.bytes, 0, partial.bytes, ENVELOPE_HEADER_LENGTH, partial.bytes.length),
      );
    }
  }
}
