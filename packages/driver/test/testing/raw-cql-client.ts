import * as net from 'node:net';
import { ByteWriter } from '../../src/binary/byte-writer';
import { createSegmentCompressor } from '../../src/protocol/compression-codecs';
import type { Envelope } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import { WireDecoder, WireEncoder, WireEnvelope } from '../fake-cql/wire-codec';

/**
 * A scripted CQL client for byte-level proxy tests: it writes exactly the bytes a test asks for
 * and records everything it receives.
 */
export class RawCqlClient {
  readonly received: Buffer[] = [];
  readonly sent: Buffer[] = [];
  readonly envelopes: Envelope[] = [];
  readonly encoder = new WireEncoder('request');
  readonly decoder: WireDecoder;
  /** Resolves when the socket closed. */
  readonly closed: Promise<void>;
  private version = 0;
  private compression: string | null = null;
  private startupStream: number | undefined;
  private segmentPayload: number | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    this.decoder = new WireDecoder('response', (e) => this.onEnvelope(e));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.received.push(Buffer.from(chunk));
      this.decoder.push(chunk);
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.wake());
  }

  static async connect(endpoint: { host: string; port: number }): Promise<RawCqlClient> {
    const socket = net.connect(endpoint);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawCqlClient(socket);
  }

  /** Writes `envelopes` in one write, framed as the connection currently is. */
  send(...envelopes: WireEnvelope[]): Buffer {
    const bytes = this.encoder.encode(envelopes);
    this.sendRaw(bytes);
    return bytes;
  }

  /** Writes raw bytes. */
  sendRaw(bytes: Buffer): void {
    this.sent.push(bytes);
    this.socket.write(bytes);
  }

  /**
   * STARTUP (stream 0) with `compression`, then waits for READY/AUTHENTICATE and switches
   * framing like a driver. `segmentPayload` lowers the v5 segment size to force splitting.
   */
  async startup(version: number, compression: string | null, segmentPayload?: number): Promise<Envelope> {
    this.version = version;
    this.compression = compression;
    this.segmentPayload = segmentPayload;
    this.startupStream = 0;
    const w = new ByteWriter();
    const options: Record<string, string> = { CQL_VERSION: '3.0.0' };
    if (compression) options['COMPRESSION'] = compression;
    w.writeStringMap(options);
    this.send({ version, stream: 0, opcode: Opcode.STARTUP, body: Buffer.from(w.finish()) });
    return this.response(0);
  }

  /** The first envelope received on `stream`, waiting up to `timeoutMs`. */
  async response(stream: number, timeoutMs = 3000): Promise<Envelope> {
    await this.until(
      () => this.envelopes.some((e) => e.stream === stream),
      timeoutMs,
      `a response on stream ${stream}`,
    );
    return this.envelopes.find((e) => e.stream === stream) as Envelope;
  }

  /** Waits until `count` envelopes were received. */
  async waitForEnvelopes(count: number, timeoutMs = 3000): Promise<Envelope[]> {
    await this.until(() => this.envelopes.length >= count, timeoutMs, `${count} envelopes`);
    return this.envelopes;
  }

  /** Waits until `predicate` holds (checked after each chunk). */
  async until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.destroyed) {
        throw new Error(`RawCqlClient: no ${what} (received ${this.envelopes.length} envelopes)`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  receivedBytes(): Buffer {
    return Buffer.concat(this.received);
  }

  sentBytes(): Buffer {
    return Buffer.concat(this.sent);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    await this.closed;
  }

  private onEnvelope(e: Envelope): void {
    const { version, flags, stream, opcode } = e;
    this.envelopes.push({ version, flags, stream, opcode, body: Buffer.from(e.body) });
    if (e.stream !== this.startupStream || (e.opcode !== Opcode.READY && e.opcode !== Opcode.AUTHENTICATE))
      return;
    this.startupStream = undefined;
    if (this.version >= 5) {
      const lz4 = this.compression === 'lz4';
      this.decoder.useSegments(lz4 ? createSegmentCompressor() : null);
      this.encoder.useSegments(lz4 ? createSegmentCompressor() : null, this.segmentPayload);
    } else {
      this.decoder.useBodyCompression(this.compression);
      this.encoder.useBodyCompression(this.compression);
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
