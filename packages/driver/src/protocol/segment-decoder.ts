import { ProtocolDecodeError } from '../errors';
import type { SegmentCompressor } from './compression';
import { segmentCrc32 } from './crc32';
import {
  Direction,
  Envelope,
  ENVELOPE_HEADER_LENGTH,
  EnvelopeHeader,
  MAX_ENVELOPE_BODY_LENGTH,
  readEnvelopeHeader,
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

/** An envelope being reassembled from non-self-contained segments. */
interface PartialEnvelope {
  readonly header: EnvelopeHeader;
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
    while (true) {
      let header = this.header;
      if (header === undefined) {
        if (this.queue.length < this.headerLength) return;
        const bytes = this.queue.peek(this.headerLength);
        header = this.compressor ? readLz4SegmentHeader(bytes, 0) : readUncompressedSegmentHeader(bytes, 0);
        this.header = header;
      }
      if (this.queue.length < this.headerLength + header.payloadLength + SEGMENT_TRAILER_LENGTH) return;
      this.queue.skip(this.headerLength);
      const stored = this.queue.take(header.payloadLength);
      const expectedCrc = this.queue.take(SEGMENT_TRAILER_LENGTH).readUInt32LE(0);
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
      const header = readEnvelopeHeader(payload, offset, this.direction, this.maxBodyLength);
      const bodyStart = offset + ENVELOPE_HEADER_LENGTH;
      const bodyEnd = bodyStart + header.bodyLength;
      if (bodyEnd > payload.length) {
        throw new ProtocolDecodeError(
          `envelope of ${header.bodyLength} body bytes overruns its self-contained segment ` +
            `(${payload.length - bodyStart} left)`,
        );
      }
      this.emit(header, payload.subarray(bodyStart, bodyEnd));
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
      const header = readEnvelopeHeader(payload, 0, this.direction, this.maxBodyLength);
      const total = ENVELOPE_HEADER_LENGTH + header.bodyLength;
      if (payload.length > total) {
        throw new ProtocolDecodeError(
          `non-self-contained segment of ${payload.length} bytes exceeds its ${total}-byte envelope`,
        );
      }
      if (payload.length === total) {
        this.emit(header, payload.subarray(ENVELOPE_HEADER_LENGTH));
        return;
      }
      partial = { header, bytes: Buffer.allocUnsafe(total), filled: 0 };
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
      this.emit(partial.header, partial.bytes.subarray(ENVELOPE_HEADER_LENGTH));
    }
  }

  private emit(header: EnvelopeHeader, body: Buffer): void {
    this.onEnvelope({
      version: header.version,
      flags: header.flags,
      stream: header.stream,
      opcode: header.opcode,
      body,
    });
  }
}
