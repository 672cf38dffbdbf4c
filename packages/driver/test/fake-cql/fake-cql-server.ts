/**
 * The fake CQL node of the driver's unit tests, the one for every room (connection, pool, cluster,
 * testing): an in-process server that speaks v3/v4 envelopes (lz4/snappy body compression) and
 * v5 segments (lz4), over TCP or TLS. It answers the handshake (OPTIONS, STARTUP, optionally
 * AUTHENTICATE and an auth exchange decided by the test), refuses protocol versions it does not
 * support the way Cassandra does, records every envelope and every byte it receives and sends,
 * and lets each test answer the requests. The cluster-level fake (system tables, schema, events)
 * is {@link FakeRing} in fake-ring.ts, built on this server.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { createSegmentCompressor } from '../../src/protocol/compression-codecs';
import type { Envelope, RequestMessage } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import { WireDecoder, WireEncoder } from './wire-codec';

/** A response the fake server writes. */
export interface FakeReply {
  readonly stream: number;
  readonly opcode: number;
  readonly body: Buffer;
  readonly flags?: number;
}

/** What the fake server does with an AUTH_RESPONSE token. */
export type AuthStep = { challenge: Buffer } | { success: Buffer | null } | { badCredentials: string };

/** Options of {@link FakeCqlServer.start}. */
export interface FakeCqlServerOptions {
  /** Versions accepted (default 3, 4, 5); others get a protocol ERROR and the socket is closed. */
  readonly supportedVersions?: readonly number[];
  /** Values of SUPPORTED's COMPRESSION (default lz4, snappy). */
  readonly compression?: readonly string[];
  /** When set, STARTUP is answered with AUTHENTICATE(authenticator). */
  readonly authenticator?: string;
  /** Decides each AUTH_RESPONSE (round starts at 0). Default: success with a null token. */
  readonly onAuthResponse?: (token: Buffer | null, round: number) => AuthStep;
  /**
   * Answers each request after the handshake (OPTIONS included): the replies returned are written
   * in one write; return nothing to answer later (`client.reply`) or never. Default:
   * OPTIONS → SUPPORTED, anything else → RESULT Void.
   */
  readonly onRequest?: (request: Envelope, client: FakeCqlClient) => readonly FakeReply[] | void;
  /** Answer STARTUP at all (false: never, to test timeouts). Default true. */
  readonly answerStartup?: boolean;
  /** TLS server options; plain TCP when absent. */
  readonly tls?: tls.TlsOptions;
  /** v5: largest segment payload the server writes (default 128 KiB − 1), to force splitting. */
  readonly segmentPayload?: number;
  /** Port to listen on (default: any free port). */
  readonly port?: number;
}

/** RESULT kind Void. */
export const VOID_RESULT = Buffer.from([0, 0, 0, 1]);

/** An ERROR body: [int] code, [string] message. */
export function errorBody(code: number, message: string): Buffer {
  return Buffer.from(new ByteWriter().writeInt(code).writeString(message).finish());
}

/** A responder that answers OPTIONS with SUPPORTED and anything else with a RESULT echoing the request body. */
export function echo(request: Envelope, client: FakeCqlClient): FakeReply[] {
  if (request.opcode === Opcode.OPTIONS) {
    return [{ stream: request.stream, opcode: Opcode.SUPPORTED, body: client.server.supportedBody() }];
  }
  return [{ stream: request.stream, opcode: Opcode.RESULT, body: Buffer.from(request.body) }];
}

/** One connection accepted by the fake server. */
export class FakeCqlClient {
  /** Protocol version of the connection (0 until the first envelope). */
  version = 0;
  /** Compression asked for in STARTUP. */
  compression: string | null = null;
  /** Every envelope received (copies), handshake included. */
  readonly envelopes: Envelope[] = [];
  /** Requests received after the handshake (copies). */
  readonly requests: Envelope[] = [];
  /** Raw bytes received, chunk by chunk. */
  readonly received: Buffer[] = [];
  /** Raw bytes written, write by write. */
  readonly sent: Buffer[] = [];
  /** The STARTUP options. */
  startupOptions: Record<string, string> | undefined;
  /** The AUTH_RESPONSE tokens, in order. */
  readonly authTokens: (Buffer | null)[] = [];
  /** Whether the socket closed. */
  closed = false;
  private readonly decoder = new WireDecoder('request', (e) => this.onEnvelope(e));
  private readonly encoder = new WireEncoder('response');
  private authRound = 0;
  private handshakeDone = false;

  constructor(
    readonly socket: net.Socket,
    readonly server: FakeCqlServer,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(Buffer.from(chunk));
      try {
        this.decoder.push(chunk);
      } catch (error) {
        server.decodeErrors.push(error as Error);
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  /** `data` events seen (socket reads). */
  get dataEvents(): number {
    return this.received.length;
  }

  /** Writes replies in one socket write (one segment batch on v5). */
  reply(...replies: readonly FakeReply[]): void {
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
    const supported = this.server.supportedVersions;
    if (this.version === 0) {
      if (!supported.includes(e.version)) {
        this.version = Math.max(...supported);
        const list = supported.map((v) => `${v}/v${v}`).join(', ');
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
    if (this.handshakeDone) {
      this.requests.push(envelope);
      const replies = this.server.onRequest(envelope, this);
      if (replies) this.reply(...replies);
    } else {
      this.handshake(envelope);
    }
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
        this.handshakeDone = !authenticator;
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

  /** After READY/AUTHENTICATE: body compression (v3/v4) or segments (v5), like Cassandra. */
  private startFraming(): void {
    if (this.version >= 5) {
      const lz4 = this.compression === 'lz4';
      this.encoder.useSegments(lz4 ? createSegmentCompressor() : null, this.server.options.segmentPayload);
      this.decoder.useSegments(lz4 ? createSegmentCompressor() : null);
    } else {
      this.encoder.useBodyCompression(this.compression);
      this.decoder.useBodyCompression(this.compression);
    }
  }
}

/** The fake server. */
export class FakeCqlServer {
  /** Every connection accepted, in order. */
  readonly clients: FakeCqlClient[] = [];
  /** Errors decoding what clients sent (the socket was destroyed). */
  readonly decodeErrors: Error[] = [];
  /** Protocol version of the first envelope of each connection, in order. */
  readonly attemptedVersions: number[] = [];
  readonly supportedVersions: readonly number[];
  private server: net.Server | undefined;
  private boundPort: number;

  private constructor(readonly options: FakeCqlServerOptions) {
    this.supportedVersions = options.supportedVersions ?? [3, 4, 5];
    this.boundPort = options.port ?? 0;
  }

  /** Starts a server listening on 127.0.0.1. */
  static async start(options: FakeCqlServerOptions = {}): Promise<FakeCqlServer> {
    const server = new FakeCqlServer(options);
    await server.listen();
    return server;
  }

  /** Listens (again, after {@link FakeCqlServer.close}) on the same port. */
  async listen(): Promise<void> {
    const onSocket = (socket: net.Socket): void => {
      socket.once('data', (chunk: Buffer) => this.attemptedVersions.push((chunk[0] as number) & 0x7f));
      this.clients.push(new FakeCqlClient(socket, this));
    };
    const server = this.options.tls
      ? tls.createServer(this.options.tls, onSocket)
      : net.createServer(onSocket);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Whether the server is listening. */
  get listening(): boolean {
    return this.server !== undefined;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Where the server listens. */
  get endpoint(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.boundPort };
  }

  /** The most recent connection. */
  get client(): FakeCqlClient {
    const client = this.clients[this.clients.length - 1];
    if (!client) throw new Error('the fake server has no connection yet');
    return client;
  }

  /** Connections still open. */
  get openConnections(): number {
    return this.clients.filter((c) => !c.closed).length;
  }

  /** `data` events seen on every connection. */
  get dataEvents(): number {
    return this.clients.reduce((n, c) => n + c.dataEvents, 0);
  }

  /** Answers a request after the handshake (the test's responder, or the default one). */
  onRequest(request: Envelope, client: FakeCqlClient): readonly FakeReply[] | void {
    if (this.options.onRequest) return this.options.onRequest(request, client);
    return request.opcode === Opcode.OPTIONS
      ? [{ stream: request.stream, opcode: Opcode.SUPPORTED, body: this.supportedBody() }]
      : [{ stream: request.stream, opcode: Opcode.RESULT, body: VOID_RESULT }];
  }

  /** The SUPPORTED body: CQL_VERSION, COMPRESSION and PROTOCOL_VERSIONS. */
  supportedBody(): Buffer {
    const w = new ByteWriter();
    const map: [string, readonly string[]][] = [
      ['CQL_VERSION', ['3.4.7']],
      ['COMPRESSION', this.options.compression ?? ['lz4', 'snappy']],
      ['PROTOCOL_VERSIONS', this.supportedVersions.map((v) => `${v}/v${v}`)],
    ];
    w.writeShort(map.length);
    for (const [k, v] of map) w.writeString(k).writeStringList([...v]);
    return Buffer.from(w.finish());
  }

  /** Stops listening and drops every connection (a crash); {@link FakeCqlServer.listen} restarts it. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const c of this.clients) c.socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A request message with a fixed body (QUERY unless told), for `Connection.send`. */
export class RawRequest implements RequestMessage {
  constructor(
    readonly body: Buffer,
    readonly opcode: number = Opcode.QUERY,
    readonly flags = 0,
  ) {}

  encodeBody(w: ByteWriter): void {
    w.writeRaw(this.body);
  }
}
