import * as net from 'node:net';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { createSegmentCompressor } from '../../src/protocol/compression-codecs';
import type { Envelope } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import { WireDecoder, WireEncoder } from './wire-codec';

/**
 * An in-process CQL "node" for proxy tests: answers the handshake (optionally with
 * AUTHENTICATE), switches to v5 segments / v3-v4 compression like Cassandra, records the exact
 * bytes it receives and sends, and answers requests with a configurable responder (default:
 * OPTIONS → SUPPORTED, anything else → RESULT echoing the request body).
 */

/** A response the fake node writes. */
export interface FakeReply {
  readonly stream: number;
  readonly opcode: number;
  readonly body: Buffer;
  readonly flags?: number;
}

/** Options of {@link FakeCqlServer.start}. */
export interface FakeCqlServerOptions {
  /** Answer STARTUP with AUTHENTICATE(authenticator) and AUTH_RESPONSE with AUTH_SUCCESS. */
  readonly authenticator?: string;
  /** Answers requests after the handshake; return the replies, written in one write. */
  readonly respond?: (request: Envelope, client: FakeCqlClient) => FakeReply[];
  /** Versions accepted (default 3, 4, 5); others get a protocol ERROR and the socket is closed. */
  readonly supportedVersions?: readonly number[];
  /** v5: largest segment payload the node writes (default 128 KiB − 1), to force splitting. */
  readonly segmentPayload?: number;
}

/** RESULT kind Void. */
export const VOID_RESULT = Buffer.from([0, 0, 0, 1]);

/** The SUPPORTED body the fake node sends. */
export function supportedBody(): Buffer {
  const w = new ByteWriter();
  w.writeShort(2);
  w.writeString('COMPRESSION').writeStringList(['lz4', 'snappy']);
  w.writeString('PROTOCOL_VERSIONS').writeStringList(['3/v3', '4/v4', '5/v5']);
  return Buffer.from(w.finish());
}

/** Default responder: SUPPORTED for OPTIONS, a RESULT echoing the request body otherwise. */
export function echo(request: Envelope): FakeReply[] {
  if (request.opcode === Opcode.OPTIONS) {
    return [{ stream: request.stream, opcode: Opcode.SUPPORTED, body: supportedBody() }];
  }
  return [{ stream: request.stream, opcode: Opcode.RESULT, body: Buffer.from(request.body) }];
}

/** One connection accepted by the fake node. */
export class FakeCqlClient {
  /** Every envelope received (copies), handshake included. */
  readonly envelopes: Envelope[] = [];
  /** Raw bytes received, chunk by chunk. */
  readonly received: Buffer[] = [];
  /** Raw bytes written, write by write. */
  readonly sent: Buffer[] = [];
  readonly decoder = new WireDecoder('request', (e) => this.onEnvelope(e));
  readonly encoder = new WireEncoder('response');
  version = 0;
  compression: string | null = null;
  closed = false;
  private handshakeDone = false;

  constructor(
    readonly socket: net.Socket,
    private readonly options: FakeCqlServerOptions,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(Buffer.from(chunk));
      try {
        this.decoder.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  /** Requests received after the handshake (copies). */
  readonly requests: Envelope[] = [];

  /** Writes replies in one socket write (one segment batch on v5). */
  reply(...replies: FakeReply[]): void {
    if (this.socket.destroyed || replies.length === 0) return;
    const bytes = this.encoder.encode(
      replies.map((r) => ({
        version: this.version,
        flags: r.flags ?? 0,
        stream: r.stream,
        opcode: r.opcode,
        body: r.body,
      })),
    );
    this.sent.push(bytes);
    this.socket.write(bytes);
  }

  /** Bytes received so far, concatenated. */
  receivedBytes(): Buffer {
    return Buffer.concat(this.received);
  }

  /** Bytes sent so far, concatenated. */
  sentBytes(): Buffer {
    return Buffer.concat(this.sent);
  }

  private onEnvelope(e: Envelope): void {
    const envelope = { ...e, body: Buffer.from(e.body) };
    this.envelopes.push(envelope);
    if (this.version === 0) {
      const supported = this.options.supportedVersions ?? [3, 4, 5];
      if (!supported.includes(e.version)) {
        this.version = Math.max(...supported);
        const body = new ByteWriter()
          .writeInt(0x000a)
          .writeString(`Invalid or unsupported protocol version (${e.version}); supported versions are (...)`)
          .finish();
        this.reply({ stream: e.stream, opcode: Opcode.ERROR, body: Buffer.from(body) });
        this.socket.end();
        return;
      }
      this.version = e.version;
    }
    if (this.handshakeDone) {
      this.requests.push(envelope);
      this.reply(...(this.options.respond ?? echo)(envelope, this));
      return;
    }
    switch (e.opcode) {
      case Opcode.OPTIONS:
        this.reply({ stream: e.stream, opcode: Opcode.SUPPORTED, body: supportedBody() });
        return;
      case Opcode.STARTUP: {
        this.compression = new ByteReader(envelope.body).readStringMap()['COMPRESSION'] ?? null;
        const authenticator = this.options.authenticator;
        const w = new ByteWriter();
        if (authenticator) w.writeString(authenticator);
        this.encoder.useBodyCompression(this.version < 5 ? this.compression : null);
        this.decoder.useBodyCompression(this.version < 5 ? this.compression : null);
        this.reply({
          stream: e.stream,
          opcode: authenticator ? Opcode.AUTHENTICATE : Opcode.READY,
          body: Buffer.from(w.finish()),
        });
        if (this.version >= 5) {
          const lz4 = this.compression === 'lz4';
          this.encoder.useSegments(lz4 ? createSegmentCompressor() : null, this.options.segmentPayload);
          this.decoder.useSegments(lz4 ? createSegmentCompressor() : null);
        }
        this.handshakeDone = !authenticator;
        return;
      }
      case Opcode.AUTH_RESPONSE: {
        const w = new ByteWriter();
        w.writeBytes(null);
        this.reply({ stream: e.stream, opcode: Opcode.AUTH_SUCCESS, body: Buffer.from(w.finish()) });
        this.handshakeDone = true;
        return;
      }
      default:
        this.reply(...(this.options.respond ?? echo)(envelope, this));
    }
  }
}

/** The fake node. */
export class FakeCqlServer {
  readonly clients: FakeCqlClient[] = [];
  private readonly server: net.Server;

  private constructor(options: FakeCqlServerOptions) {
    this.server = net.createServer((socket) => this.clients.push(new FakeCqlClient(socket, options)));
  }

  static async start(options: FakeCqlServerOptions = {}): Promise<FakeCqlServer> {
    const server = new FakeCqlServer(options);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** Where the fake node listens. */
  get endpoint(): { host: string; port: number } {
    return { host: '127.0.0.1', port: (this.server.address() as net.AddressInfo).port };
  }

  /** The most recent connection. */
  get client(): FakeCqlClient {
    const client = this.clients[this.clients.length - 1];
    if (!client) throw new Error('the fake node has no connection yet');
    return client;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
