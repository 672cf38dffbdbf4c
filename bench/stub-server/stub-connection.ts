/**
 * One client connection to the stub: decodes requests (v4 envelopes, or v5 segments after
 * STARTUP, LZ4 when negotiated) with the driver's own protocol modules, answers from
 * {@link CannedResponses}, and writes every answer produced by one socket chunk in one write.
 */
import type { Socket } from 'node:net';
import { ByteWriter } from '../../packages/driver/src/binary/byte-writer';
import type { BodyCompressor, SegmentCompressor } from '../../packages/driver/src/protocol/compression';
import {
  createBodyCompressor,
  createSegmentCompressor,
} from '../../packages/driver/src/protocol/compression-codecs';
import {
  type Envelope,
  beginEnvelope,
  endEnvelope,
  ENVELOPE_HEADER_LENGTH,
} from '../../packages/driver/src/protocol/envelope';
import { EnvelopeDecoder } from '../../packages/driver/src/protocol/envelope-decoder';
import { EnvelopeFlag, Opcode } from '../../packages/driver/src/protocol/opcodes';
import { SegmentDecoder } from '../../packages/driver/src/protocol/segment-decoder';
import { SegmentEncoder } from '../../packages/driver/src/protocol/segment-encoder';
import { type CannedResponses, errorBody, type StubReply } from './canned-responses';
import { readExecute, readQueryText, readStartupOptions } from './request-parsing';

const PROTOCOL_ERROR = 0x000a;
const READY_BODY = Buffer.alloc(0);
const NULL_BYTES = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/** Serves one socket until it closes. */
export class StubConnection {
  private version = 0;
  private envelopes: EnvelopeDecoder | null;
  private segments: SegmentDecoder | null = null;
  private segmentEncoder: SegmentEncoder | null = null;
  private bodyCompressor: BodyCompressor | null = null;
  private readonly pending: Buffer[] = [];
  private readonly pendingEnds: number[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly socket: Socket,
    private readonly canned: CannedResponses,
    private readonly log: (message: string) => void,
  ) {
    socket.setNoDelay(true);
    this.envelopes = new EnvelopeDecoder((e) => this.handle(e), { direction: 'request' });
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', () => socket.destroy());
  }

  private received(chunk: Buffer): void {
    try {
      if (this.segments) this.segments.push(chunk);
      else this.envelopes?.push(chunk);
    } catch (error) {
      this.log(`closing a connection after a decoding error: ${(error as Error).message}`);
      this.socket.destroy();
      return;
    }
    this.flush();
  }

  private handle(request: Envelope): void {
    if (this.version === 0) this.version = request.version;
    if (request.version !== 4 && request.version !== 5) {
      this.version = 4;
      this.reply(request.stream, {
        opcode: Opcode.ERROR,
        body: errorBody(
          PROTOCOL_ERROR,
          `Invalid or unsupported protocol version (${request.version}); supported versions are (4/v4, 5/v5)`,
        ),
      });
      return;
    }
    switch (request.opcode) {
      case Opcode.OPTIONS:
        return this.reply(request.stream, { opcode: Opcode.SUPPORTED, body: this.canned.supported() });
      case Opcode.STARTUP:
        return this.startup(request);
      case Opcode.REGISTER:
        return this.reply(request.stream, { opcode: Opcode.READY, body: READY_BODY });
      case Opcode.AUTH_RESPONSE:
        return this.reply(request.stream, { opcode: Opcode.AUTH_SUCCESS, body: NULL_BYTES });
      case Opcode.QUERY:
        return this.reply(request.stream, this.canned.query(readQueryText(request)));
      case Opcode.PREPARE:
        return this.reply(request.stream, this.canned.prepare(readQueryText(request), this.version));
      case Opcode.EXECUTE:
        return this.reply(request.stream, this.canned.execute(readExecute(request)));
      case Opcode.BATCH:
        return this.reply(request.stream, this.canned.query('BATCH'));
      default:
        return this.reply(request.stream, {
          opcode: Opcode.ERROR,
          body: errorBody(PROTOCOL_ERROR, `stub server: unexpected opcode 0x${request.opcode.toString(16)}`),
        });
    }
  }

  /** READY, then (v4) compressed bodies or (v5) segments — LZ4 when asked for. */
  private startup(request: Envelope): void {
    const compression = readStartupOptions(request)['COMPRESSION']?.toLowerCase();
    this.reply(request.stream, { opcode: Opcode.READY, body: READY_BODY });
    this.flush();
    if (this.version >= 5) {
      const compressor: SegmentCompressor | null = compression === 'lz4' ? createSegmentCompressor() : null;
      this.segmentEncoder = new SegmentEncoder(compressor);
      const rest = this.envelopes?.detach() ?? Buffer.alloc(0);
      this.envelopes = null;
      this.segments = new SegmentDecoder((e) => this.handle(e), { direction: 'request', compressor });
      if (rest.length > 0) this.segments.push(rest);
    } else if (compression === 'lz4' || compression === 'snappy') {
      this.bodyCompressor = createBodyCompressor(compression);
      if (this.envelopes) this.envelopes.compressor = this.bodyCompressor;
    }
  }

  private reply(stream: number, reply: StubReply): void {
    if (reply === null) return;
    let body = reply.body;
    let flags = 0;
    if (this.bodyCompressor && body.length > 0) {
      const compressed = this.bodyCompressor.compressBody(body);
      if (compressed) {
        body = compressed;
        flags |= EnvelopeFlag.COMPRESSED;
      }
    }
    // The header alone (the body is queued as it is, without a copy).
    const w = new ByteWriter(ENVELOPE_HEADER_LENGTH);
    endEnvelope(w, beginEnvelope(w, 'response', this.version, flags, stream, reply.opcode), body.length);
    this.pending.push(w.finish(), body);
    this.pendingBytes += ENVELOPE_HEADER_LENGTH + body.length;
    this.pendingEnds.push(this.pendingBytes);
  }

  private flush(): void {
    if (this.pendingBytes === 0 || this.socket.destroyed) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.socket.write(this.segmentEncoder ? this.segmentEncoder.encode(data, this.pendingEnds) : data);
    this.pending.length = 0;
    this.pendingEnds.length = 0;
    this.pendingBytes = 0;
  }
}
