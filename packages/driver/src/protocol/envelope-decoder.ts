import { ProtocolDecodeError } from '../errors';
import type { BodyCompressor } from './compression';
import {
  Direction,
  Envelope,
  ENVELOPE_HEADER_LENGTH,
  EnvelopeHeader,
  MAX_ENVELOPE_BODY_LENGTH,
  readEnvelopeHeader,
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
  private header: EnvelopeHeader | undefined;
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
    while (!this.detached) {
      let header = this.header;
      if (header === undefined) {
        if (this.queue.length < ENVELOPE_HEADER_LENGTH) return;
        header = readEnvelopeHeader(
          this.queue.peek(ENVELOPE_HEADER_LENGTH),
          0,
          this.direction,
          this.maxBodyLength,
        );
        this.header = header;
      }
      if (this.queue.length < ENVELOPE_HEADER_LENGTH + header.bodyLength) return;
      this.queue.skip(ENVELOPE_HEADER_LENGTH);
      let body = this.queue.take(header.bodyLength);
      this.header = undefined;
      if (header.flags & EnvelopeFlag.COMPRESSED && header.version < 5) {
        if (this.compressor === null) {
          throw new ProtocolDecodeError(
            `envelope on stream ${header.stream} is flagged compressed but no compression was negotiated`,
          );
        }
        body = this.compressor.decompressBody(body, this.maxBodyLength);
      }
      this.onEnvelope({
        version: header.version,
        flags: header.flags,
        stream: header.stream,
        opcode: header.opcode,
        body,
      });
    }
  }
}
