import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import type { BodyCompressor } from './compression';
import {
  checkEnvelopeHeader,
  Direction,
  Envelope,
  envelopeAt,
  ENVELOPE_HEADER_LENGTH,
  MAX_ENVELOPE_BODY_LENGTH,
} from './envelope';
import { ChunkQueue } from './envelope-chunk-queue';
import { EnvelopeFlag } from './opcodes';

/** Options of {@link EnvelopeDecoder}. @internal */
export interface EnvelopeDecoderOptions {
  /** Direction of the envelopes decoded: `response` (client side, default) or `request`. */
  direction?: Direction;
  /** Largest accepted body, compressed or not (default and maximum: 256 MiB). */
  maxBodyLength?: number;
  /** Codec for bodies flagged `COMPRESSED`; `null` (default) makes such an envelope an error. */
  compressor?: BodyCompressor | null;
}

/**
 * Streaming decoder of unframed envelopes (v3/v4, and v5 before the framing switch). Feed it
 * socket chunks of any size with {@link EnvelopeDecoder.push}; it calls `onEnvelope`
 * synchronously for each complete envelope, decompressing flagged bodies.
 *
 * Malformed input throws {@link ProtocolDecodeError} (and nothing else); the decoder is then
 * unusable and every later push throws the same error.
 *
 * @example
 * ```ts
 * const decoder = new EnvelopeDecoder((e) => handle(e));
 * socket.on('data', (chunk) => decoder.push(chunk));
 * ```
 * @internal
 */
export class EnvelopeDecoder {
  /** Codec for compressed bodies; may be set once STARTUP negotiated compression. */
  compressor: BodyCompressor | null;
  private readonly queue = new ChunkQueue();
  private readonly direction: Direction;
  private readonly maxBodyLength: number;
  /** Body length of the envelope whose header was checked; −1 while no header is pending. */
  private bodyLength = -1;
  private failure: ProtocolDecodeError | undefined;
  private detached = false;

  constructor(
    private readonly onEnvelope: (envelope: Envelope) => void,
    options: EnvelopeDecoderOptions = {},
  ) {
    this.direction = options.direction ?? 'response';
    this.maxBodyLength = Math.min(
      options.maxBodyLength ?? MAX_ENVELOPE_BODY_LENGTH,
      MAX_ENVELOPE_BODY_LENGTH,
    );
    this.compressor = options.compressor ?? null;
  }

  /** Bytes received but not yet decoded. */
  get bufferedLength(): number {
    return this.queue.length;
  }

  /** Decodes as many envelopes as `chunk` completes. */
  push(chunk: Buffer): void {
    if (this.failure) throw this.failure;
    if (this.detached) throw new ProtocolDecodeError('envelope decoder used after detach()');
    this.queue.push(chunk);
    try {
      this.drain();
    } catch (e) {
      this.failure =
        e instanceof ProtocolDecodeError
          ? e
          : new ProtocolDecodeError(`envelope decoding failed: ${String(e)}`, { cause: e });
      throw this.failure;
    }
  }

  /**
   * Stops decoding and returns the bytes received but not decoded. Called from `onEnvelope` when
   * the connection switches to v5 segments: the rest of the current chunk belongs to the
   * segment decoder.
   */
  detach(): Buffer {
    this.detached = true;
    return this.queue.takeAll();
  }

  private drain(): void {
    const queue = this.queue;
    while (!this.detached) {
      let bodyLength = this.bodyLength;
      if (bodyLength < 0) {
        if (queue.length < ENVELOPE_HEADER_LENGTH) return;
        bodyLength = queue.frontHas(ENVELOPE_HEADER_LENGTH)
          ? checkEnvelopeHeader(queue.frontChunk, queue.frontOffset, this.direction, this.maxBodyLength)
          : checkEnvelopeHeader(queue.peek(ENVELOPE_HEADER_LENGTH), 0, this.direction, this.maxBodyLength);
        this.bodyLength = bodyLength;
      }
      if (queue.length < ENVELOPE_HEADER_LENGTH + bodyLength) return;
      // The header is read in place once the whole envelope is there (consuming never changes bytes).
      let headerBuf: Buffer;
      let headerAt: number;
      if (queue.frontHas(ENVELOPE_HEADER_LENGTH)) {
        headerBuf = queue.frontChunk;
        headerAt = queue.frontOffset;
      } else {
        headerBuf = queue.peek(ENVELOPE_HEADER_LENGTH);
        headerAt = 0;
      }
      queue.skip(ENVELOPE_HEADER_LENGTH);
      this.bodyLength = -1;
      const version = (headerBuf[headerAt] as number) & 0x7f;
      if ((headerBuf[headerAt + 1] as number) & EnvelopeFlag.COMPRESSED && version < 5) {
        const compressed = queue.take(bodyLength);
        if (this.compressor === null) {
          const stream = envelopeAt(headerBuf, headerAt, compressed, 0, bodyLength).stream;
          throw new ProtocolDecodeError(
            `envelope on stream ${stream} is flagged compressed but no compression was negotiated`,
          );
        }
        const body = this.compressor.decompressBody(compressed, this.maxBodyLength);
        this.onEnvelope(envelopeAt(headerBuf, headerAt, body, 0, body.length));
      } else if (bodyLength > 0 && queue.frontHas(bodyLength)) {
        // The body is read in place in the chunk that holds it (no view per envelope).
        const chunk = queue.frontChunk;
        const start = queue.frontOffset;
        queue.skip(bodyLength);
        this.onEnvelope(envelopeAt(headerBuf, headerAt, chunk, start, start + bodyLength));
      } else {
        this.onEnvelope(envelopeAt(headerBuf, headerAt, queue.take(bodyLength), 0, bodyLength));
      }
    }
  }
}
