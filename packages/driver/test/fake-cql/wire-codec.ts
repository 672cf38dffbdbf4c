import { ByteWriter } from '../../src/binary/byte-writer';
import type { BodyCompressor, SegmentCompressor } from '../../src/protocol/compression';
import { createBodyCompressor } from '../../src/protocol/compression-codecs';
import { Direction, Envelope, writeEnvelope } from '../../src/protocol/envelope';
import { EnvelopeDecoder } from '../../src/protocol/envelope-decoder';
import { EnvelopeFlag } from '../../src/protocol/opcodes';
import { SegmentDecoder } from '../../src/protocol/segment-decoder';
import { SegmentEncoder } from '../../src/protocol/segment-encoder';

/**
 * Test-side wire codec for both ends of a test connection (the fake CQL server and the scripted
 * raw client of the proxy tests): plain envelopes with optional v3/v4 body compression, then v5
 * segments.
 */

/** An envelope to encode. */
export interface WireEnvelope {
  readonly version: number;
  readonly flags?: number;
  readonly stream: number;
  readonly opcode: number;
  readonly body: Buffer;
}

function bodyCodec(name: string | null): BodyCompressor | null {
  return name === 'lz4' || name === 'snappy' ? createBodyCompressor(name) : null;
}

/** Encodes envelopes as the connection currently frames them. */
export class WireEncoder {
  private body: BodyCompressor | null = null;
  private segments: SegmentEncoder | null = null;

  constructor(private readonly direction: Direction) {}

  /** v3/v4: compress bodies longer than 16 bytes when that makes them smaller. */
  useBodyCompression(name: string | null): void {
    this.body = bodyCodec(name);
  }

  /** v5: frame in segments, `maxPayload` bytes at most per segment. */
  useSegments(compressor: SegmentCompressor | null, maxPayload?: number): void {
    this.segments = new SegmentEncoder(compressor, maxPayload);
  }

  /** All `envelopes` in one buffer (one segment batch on v5). */
  encode(envelopes: readonly WireEnvelope[]): Buffer {
    const w = new ByteWriter(256);
    const ends: number[] = [];
    for (const e of envelopes) {
      let body = e.body;
      let flags = e.flags ?? 0;
      if (this.body && !this.segments && body.length > 16) {
        const compressed = this.body.compressBody(body);
        if (compressed) {
          body = compressed;
          flags |= EnvelopeFlag.COMPRESSED;
        }
      }
      writeEnvelope(w, e.version, flags, e.stream, e.opcode, this.direction, (b) => b.writeRaw(body));
      ends.push(w.length);
    }
    const data = Buffer.from(w.finish());
    return this.segments ? this.segments.encode(data, ends) : data;
  }
}

/** Decodes envelopes, switching to segments on request (even in the middle of a chunk). */
export class WireDecoder {
  private envelopes: EnvelopeDecoder | null;
  private segments: SegmentDecoder | null = null;

  constructor(
    private readonly direction: Direction,
    private readonly onEnvelope: (envelope: Envelope) => void,
  ) {
    this.envelopes = new EnvelopeDecoder(onEnvelope, { direction });
  }

  push(chunk: Buffer): void {
    if (this.segments) this.segments.push(chunk);
    else this.envelopes?.push(chunk);
  }

  useBodyCompression(name: string | null): void {
    if (this.envelopes) this.envelopes.compressor = bodyCodec(name);
  }

  /** Decodes segments from the next byte on. */
  useSegments(compressor: SegmentCompressor | null): void {
    if (this.segments || !this.envelopes) return;
    const rest = this.envelopes.detach();
    this.envelopes = null;
    this.segments = new SegmentDecoder(this.onEnvelope, { direction: this.direction, compressor });
    if (rest.length > 0) this.segments.push(rest);
  }
}
