import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { ByteWriter } from '../binary/byte-writer';
import type { BodyCompressor, SegmentCompressor } from '../protocol/compression';
import { Direction, writeEnvelope } from '../protocol/envelope';
import { EnvelopeFlag } from '../protocol/opcodes';
import { SegmentEncoder } from '../protocol/segment-encoder';

/**
 * The outbound half of one direction of a proxied connection: writes units unchanged, or
 * re-encodes envelopes (re-framing v5 segments, re-compressing) for the receiving side, and
 * pauses the sending side while the receiver's socket buffer is full.
 *
 * @packageDocumentation
 */

/** An envelope to encode. @internal */
export interface OutboundEnvelope {
  readonly version: number;
  readonly flags: number;
  readonly stream: number;
  readonly opcode: number;
  /** Uncompressed body. */
  readonly body: Buffer;
  /** Inside v5 segments (true) or as a plain envelope (false). */
  readonly framed: boolean;
}

/**
 * Writer of one direction (`request`: to the node, `response`: to the driver).
 *
 * @example
 * ```ts
 * const toDriver = new FrameSink(driverSocket, serverSocket, 'response');
 * toDriver.writeRaw(unit.raw);
 * ```
 * @internal
 */
export class FrameSink {
  private bodyCompressor: BodyCompressor | null = null;
  private segmentEncoder: SegmentEncoder | null = null;

  constructor(
    private readonly socket: Socket,
    /** The socket feeding this sink: paused while `socket` is backed up. */
    private readonly source: Socket,
    private readonly direction: Direction,
  ) {
    socket.on('drain', () => {
      if (!source.destroyed) source.resume();
    });
  }

  /** v3/v4: compress the bodies this sink encodes (when it makes them smaller). */
  useBodyCompression(compressor: BodyCompressor | null): void {
    this.bodyCompressor = compressor;
  }

  /** v5: the segment codec for framed envelopes. */
  useSegments(compressor: SegmentCompressor | null): void {
    this.segmentEncoder = new SegmentEncoder(compressor);
  }

  /** Writes bytes as they were received. */
  writeRaw(parts: readonly Buffer[]): void {
    this.write(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
  }

  /** Encodes and writes `envelopes` in one write: consecutive framed ones share segments. */
  writeEnvelopes(envelopes: readonly OutboundEnvelope[]): void {
    if (envelopes.length === 0) return;
    const out: Buffer[] = [];
    let batch: OutboundEnvelope[] = [];
    for (const envelope of envelopes) {
      if (envelope.framed) {
        batch.push(envelope);
        continue;
      }
      if (batch.length > 0) out.push(this.encodeSegments(batch));
      batch = [];
      out.push(this.encodePlain(envelope));
    }
    if (batch.length > 0) out.push(this.encodeSegments(batch));
    this.writeRaw(out);
  }

  private encodePlain(envelope: OutboundEnvelope): Buffer {
    let body = envelope.body;
    let flags = envelope.flags & ~EnvelopeFlag.COMPRESSED;
    if (envelope.version < 5 && this.bodyCompressor) {
      const compressed = this.bodyCompressor.compressBody(body);
      if (compressed) {
        body = compressed;
        flags |= EnvelopeFlag.COMPRESSED;
      }
    }
    const w = new ByteWriter(body.length + 16);
    writeEnvelope(w, envelope.version, flags, envelope.stream, envelope.opcode, this.direction, (b) =>
      b.writeRaw(body),
    );
    return Buffer.from(w.finish());
  }

  private encodeSegments(envelopes: readonly OutboundEnvelope[]): Buffer {
    const w = new ByteWriter(envelopes.reduce((n, e) => n + e.body.length + 16, 0));
    const ends: number[] = [];
    for (const e of envelopes) {
      writeEnvelope(w, e.version, e.flags, e.stream, e.opcode, this.direction, (b) => b.writeRaw(e.body));
      ends.push(w.length);
    }
    this.segmentEncoder ??= new SegmentEncoder(null);
    return this.segmentEncoder.encode(w.finish(), ends);
  }

  private write(data: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable || data.length === 0) return;
    if (!this.socket.write(data)) this.source.pause();
  }
}
