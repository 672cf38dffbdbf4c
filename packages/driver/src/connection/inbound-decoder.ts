import { Buffer } from 'node:buffer';
import type { BodyCompressor, SegmentCompressor } from '../protocol/compression';
import type { Envelope } from '../protocol/envelope';
import { EnvelopeDecoder } from '../protocol/envelope-decoder';
import { SegmentDecoder } from '../protocol/segment-decoder';

/**
 * The inbound half of a connection: decodes plain envelopes until the v5 framing switch, then
 * segments. The switch can happen in the middle of a socket chunk: {@link switchToSegments} is
 * called from the envelope callback, and the rest of the chunk goes to the segment decoder.
 *
 * @internal
 */
export class InboundDecoder {
  private envelopes: EnvelopeDecoder | null;
  private segments: SegmentDecoder | null = null;

  constructor(private readonly onEnvelope: (envelope: Envelope) => void) {
    this.envelopes = new EnvelopeDecoder(onEnvelope);
  }

  /** Whether v5 segments are being decoded. */
  get framed(): boolean {
    return this.segments !== null;
  }

  /** Decodes a socket chunk; throws `ProtocolDecodeError` on malformed data. */
  push(chunk: Buffer): void {
    if (this.segments) this.segments.push(chunk);
    else (this.envelopes as EnvelopeDecoder).push(chunk);
  }

  /** v3/v4: the codec of compressed bodies (set when STARTUP asks for compression). */
  useBodyCompression(compressor: BodyCompressor | null): void {
    if (this.envelopes) this.envelopes.compressor = compressor;
  }

  /** v5: decode segments from the next byte on. */
  switchToSegments(compressor: SegmentCompressor | null): void {
    if (this.segments || !this.envelopes) return;
    const rest = this.envelopes.detach();
    this.envelopes = null;
    this.segments = new SegmentDecoder(this.onEnvelope, { compressor });
    if (rest.length > 0) this.segments.push(rest);
  }
}
