import * as net from 'node:net';
import * as tls from 'node:tls';
import { ByteWriter } from '../../src/binary/byte-writer';
import type { BodyCompressor, SegmentCompressor } from '../../src/protocol/compression';
import { createBodyCompressor, createSegmentCompressor } from '../../src/protocol/compression-codecs';
import { Envelope, writeEnvelope } from '../../src/protocol/envelope';
import { EnvelopeDecoder } from '../../src/protocol/envelope-decoder';
import { ByteReader } from '../../src/binary/byte-reader';
import { EnvelopeFlag, Opcode } from '../../src/protocol/opcodes';
import { SegmentDecoder } from '../../src/protocol/segment-decoder';
import { SegmentEncoder } from '../../src/protocol/segment-encoder';

/**
 * A small in-process CQL server for connection tests: speaks v3/v4 envelopes and v5 segments
 * (with LZ4/snappy), answers the handshake, and lets each test decide how requests are answered.
 */

/** A response to write: stream, opcode, body (and flags). */
export interface FakeResponse {
  stream: number;
  opcode: number;
  body: Buffer;
  flags?: number;
}

/** What the fake server does with AUTH_RESPONSE tokens. */
export type AuthStep = { challenge: Buffer } | { success: Buffer | null } | { badCredentials: string };

export interface FakeServerOptions {
  /** Versions accepted (default 3, 4, 5). Others get ERROR 0x000A and the socket is closed. */
  supportedVersions?: number[];
  /** Values of SUPPORTED's COMPRESSION (default lz4, snappy). */
  compression?: string[];
  /** When set, STARTUP is answered with AUTHENTICATE(authenticator). */
  authenticator?: string;
  /** Decides each AUTH_RESPONSE (round starts at 0). Default: success. */
  onAuthResponse?: (token: Buffer | null, round: number) => AuthStep;
  /** Requests after the handshake (OPTIONS included). Default: OPTIONS → SUPPORTED, others → RESULT Void. */
  onRequest?: (request: Envelope, client: FakeClient) => void;
  /** Answer STARTUP at all (false: hang, to test timeouts). Default true. */
  answerStartup?: boolean;
  /** TLS server options; plain TCP when absent. */
  tls?: tls.TlsOptions;
}

/** RESULT Void body. */
export const VOID_RESULT = Buffer.from([0, 0, 0, 1]);

export function errorBody(code: number, message: string): Buffer {
  const w = new ByteWriter();
  w.writeInt(code).writeString(message);
  return Buffer.from(w.finish());
}

/** One accepted client connection, seen from the server. */
export class FakeClient {
  version = 0;
  compression: string | null = null;
  /** Requests received after the handshake. */
  readonly requests: Envelope[] = [];
  /** Every envelope received, handshake included. */
  readonly all: Envelope[] = [];
  startupOptions: Record<string, string> | undefined;
  authTokens: (Buffer | null)[] = [];
  dataEvents = 0;
  private envelopeDecoder: EnvelopeDecoder | null;
  private segmentDecoder: SegmentDecoder | null = null;
  private segmentEncoder: SegmentEncoder | null = null;
  private bodyCompressor: BodyCompressor | null = null;
  private authRound = 0;
  private handshakeDone = false;

  constructor(
    readonly socket: net.Socket,
    private readonly server: FakeServer,
  ) {
    this.envelopeDecoder = new EnvelopeDecoder((e) => this.onEnvelope(e), { direction: 'request' });
    socket.on('data', (chunk: Buffer) => {
      this.dataEvents++;
      server.dataEvents++;
      try {
        if (this.segmentDecoder) this.segmentDecoder.push(chunk);
        else this.envelopeDecoder!.push(chunk);
      } catch (error) {
        server.decodeErrors.push(error as Error);
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
  }

  /** Writes responses, all in one socket write (one segment batch on v5). */
  reply(...responses: FakeResponse[]): void {
    if (this.socket.destroyed) return;
    this.socket.write(this.encode(responses));
  }

  /** Encodes responses the way this connection currently frames them. */
  encode(responses: FakeResponse[]): Buffer {
    const w = new ByteWriter(256);
    const ends: number[] = [];
    for (const r of responses) {
      let body = r.body;
      let flags = r.flags ?? 0;
      if (this.bodyCompressor && body.length > 16) {
        const compressed = this.bodyCompressor.compressBody(body);
        if (compressed) {
          body = compressed;
          flags |= EnvelopeFlag.COMPRESSED;
        }
      }
      writeEnvelope(w, this.version, flags, r.stream, r.opcode, 'response', (b) => b.writeRaw(body));
      ends.push(w.length);
    }
    const data = Buffer.from(w.finish());
    return this.segmentEncoder ? this.segmentEncoder.encode(data, ends) : data;
  }

  private onEnvelope(e: Envelope): void {
    const envelope = e;
    this.all.push({ ...envelope, body: Buffer.from(envelope.body) });
    if (this.version === 0) {
      if (!this.server.supportedVersions.includes(e.version)) {
        const highest = Math.max(...this.server.supportedVersions);
        const list = this.server.supportedVersions.map((v) => `${v}/v${v}`).join(', ');
        this.version = highest;
        this.reply({
          stream: e.stream,
          opcode: Opcode.ERROR,
          body: errorBody(
            0x000a,
            `Invalid or unsupported protocol version (${e.version}); supported versions are (${list})`,
          ),
        });
        this.socket.end();
        return;
      }
      this.version = e.version;
    }
    if (!this.handshakeDone) this.handshake(envelope);
    else this.server.onRequest(envelope, this);
  }

  private handshake(e: Envelope): void {
    const options = this.server.options;
    switch (e.opcode) {
      case Opcode.OPTIONS:
        this.reply({ stream: e.stream, opcode: Opcode.SUPPORTED, body: this.server.supportedBody() });
        return;
      case Opcode.STARTUP: {
        this.startupOptions = new ByteReader(e.body).readStringMap();
        if (options.answerStartup === false) return;
        this.compression = this.startupOptions['COMPRESSION'] ?? null;
        const authenticator = options.authenticator;
        const w = new ByteWriter();
        if (authenticator) w.writeString(authenticator);
        this.reply({
          stream: e.stream,
          opcode: authenticator ? Opcode.AUTHENTICATE : Opcode.READY,
          body: Buffer.from(w.finish()),
        });
        this.startFraming();
        if (!authenticator) this.handshakeDone = true;
        return;
      }
      case Opcode.AUTH_RESPONSE: {
        const token = new ByteReader(e.body).readBytes();
        this.authTokens.push(token === null ? null : Buffer.from(token));
        const step = (options.onAuthResponse ?? (() => ({ success: null })))(token, this.authRound++);
        const w = new ByteWriter();
        if ('challenge' in step) {
          w.writeBytes(step.challenge);
          this.reply({ stream: e.stream, opcode: Opcode.AUTH_CHALLENGE, body: Buffer.from(w.finish()) });
        } else if ('success' in step) {
          w.writeBytes(step.success);
          this.reply({ stream: e.stream, opcode: Opcode.AUTH_SUCCESS, body: Buffer.from(w.finish()) });
          this.handshakeDone = true;
        } else {
          this.reply({
            stream: e.stream,
            opcode: Opcode.ERROR,
            body: errorBody(0x0100, step.badCredentials),
          });
        }
        return;
      }
      default:
        this.reply({ stream: e.stream, opcode: Opcode.ERROR, body: errorBody(0x000a, 'handshake not done') });
    }
  }

  /** After READY/AUTHENTICATE: compression (v3/v4) or segments (v5). */
  private startFraming(): void {
    if (this.version >= 5) {
      const compressor: SegmentCompressor | null =
        this.compression === 'lz4' ? createSegmentCompressor() : null;
      this.segmentEncoder = new SegmentEncoder(compressor);
      const rest = this.envelopeDecoder!.detach();
      this.envelopeDecoder = null;
      this.segmentDecoder = new SegmentDecoder((e) => this.onEnvelope(e), {
        direction: 'request',
        compressor,
      });
      if (rest.length) this.segmentDecoder.push(rest);
    } else if (this.compression === 'lz4' || this.compression === 'snappy') {
      this.bodyCompressor = createBodyCompressor(this.compression);
      this.envelopeDecoder!.compressor = this.bodyCompressor;
    }
  }
}

/** The fake server. */
export class FakeServer {
  readonly clients: FakeClient[] = [];
  readonly decodeErrors: Error[] = [];
  /** Protocol versions of the first envelope of each connection, in order. */
  readonly attemptedVersions: number[] = [];
  dataEvents = 0;
  readonly supportedVersions: number[];
  private readonly server: net.Server;

  private constructor(readonly options: FakeServerOptions) {
    this.supportedVersions = options.supportedVersions ?? [3, 4, 5];
    const onSocket = (socket: net.Socket): void => {
      socket.once('data', (chunk: Buffer) => this.attemptedVersions.push((chunk[0] as number) & 0x7f));
      this.clients.push(new FakeClient(socket, this));
    };
    this.server = options.tls ? tls.createServer(options.tls, onSocket) : net.createServer(onSocket);
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeServer> {
    const server = new FakeServer(options);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The most recent client connection. */
  get client(): FakeClient {
    return this.clients[this.clients.length - 1]!;
  }

  onRequest(request: Envelope, client: FakeClient): void {
    client.requests.push(request);
    if (this.options.onRequest) {
      this.options.onRequest(request, client);
      return;
    }
    if (request.opcode === Opcode.OPTIONS) {
      client.reply({ stream: request.stream, opcode: Opcode.SUPPORTED, body: this.supportedBody() });
    } else {
      client.reply({ stream: request.stream, opcode: Opcode.RESULT, body: VOID_RESULT });
    }
  }

  supportedBody(): Buffer {
    const w = new ByteWriter();
    const map: [string, string[]][] = [
      ['CQL_VERSION', ['3.4.7']],
      ['COMPRESSION', this.options.compression ?? ['lz4', 'snappy']],
      ['PROTOCOL_VERSIONS', this.supportedVersions.map((v) => `${v}/v${v}`)],
    ];
    w.writeShort(map.length);
    for (const [k, v] of map) w.writeString(k).writeStringList(v);
    return Buffer.from(w.finish());
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A request message with a fixed body, for tests. */
export class RawRequest {
  constructor(
    readonly body: Buffer,
    readonly opcode: number = Opcode.QUERY,
    readonly flags = 0,
  ) {}

  encodeBody(w: ByteWriter): void {
    w.writeRaw(this.body);
  }
}
