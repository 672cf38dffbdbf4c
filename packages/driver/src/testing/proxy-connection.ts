import { Buffer } from 'node:buffer';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ByteReader } from '../binary/byte-reader';
import type { CompressionAlgorithm } from '../protocol/compression';
import { createBodyCompressor, createSegmentCompressor } from '../protocol/compression-codecs';
import type { Envelope } from '../protocol/envelope';
import { Opcode } from '../protocol/opcodes';
import { deliverFeedback } from './feedback';
import type { OutboundEnvelope } from './frame-sink';
import { FrameSink } from './frame-sink';
import { FrameStream, FrameUnit } from './frame-stream';
import type { FrameInterceptor, InterceptedRequest } from './frame-interceptor';
import { detachFrame, FrameDirection, ProxiedFrame } from './proxied-frame';
import { firstMatchingRule, ProxyRule } from './proxy-rule';
import { ForgedReply, Reaction } from './reaction';

/**
 * One driver connection through a proxy node, and its own connection to the real node. Both
 * directions are decoded into envelopes; each envelope goes through the node's rules.
 *
 * Framing is followed the way client and server switch it: plain envelopes during the
 * handshake; for v5, the server frames everything after its READY/AUTHENTICATE, and the driver
 * everything after receiving it; for v3/v4, bodies may be compressed once STARTUP asked for it.
 *
 * @packageDocumentation
 */

/** What a connection needs from its node. @internal */
export interface ConnectionHost {
  /** Index of the node in the proxy. */
  readonly index: number;
  /** Current request rules. */
  currentRequestRules(): readonly ProxyRule[];
  /** Current response rules. */
  currentResponseRules(): readonly ProxyRule[];
  /** Records a proxy-side failure (decoding, unreachable node, a throwing callback). */
  reportError(error: Error): void;
  /** The connection closed (both sockets). */
  connectionClosed(connection: ProxyConnection): void;
}

const PASS = Reaction.pass();

/**
 * A proxied connection, as listed by `ProxyNode.connections`.
 *
 * @example
 * ```ts
 * const [connection] = proxy.nodes[0].connections;
 * expect(connection.pendingStreams).toEqual([3]);
 * await connection.close();
 * ```
 */
export class ProxyConnection {
  private readonly serverSocket: Socket;
  private readonly requests: FrameStream;
  private readonly responses: FrameStream;
  private readonly toServer: FrameSink;
  private readonly toDriver: FrameSink;
  /** Requests forwarded to the node and not answered yet, by stream id. */
  private readonly pending = new Map<number, ProxiedFrame>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private startupCompression: CompressionAlgorithm | null = null;
  private version: number | undefined;
  private isRegistered = false;
  private isClosed = false;
  private readonly bothClosed: Promise<void>;

  /** @internal */
  constructor(
    private readonly host: ConnectionHost,
    /** Ordinal of the connection on its node: 0 for the first accepted. */
    readonly ordinal: number,
    private readonly driverSocket: Socket,
    target: { readonly host: string; readonly port: number },
    /** Rewrites or answers frames before the rules see them (the simulated ScyllaDB's). */
    private readonly interceptor?: FrameInterceptor,
  ) {
    this.serverSocket = connect({ host: target.host, port: target.port });
    this.serverSocket.setNoDelay(true);
    driverSocket.setNoDelay(true);
    this.requests = new FrameStream('request', (unit) => this.requestUnit(unit));
    this.responses = new FrameStream('response', (unit) => this.responseUnit(unit));
    this.toServer = new FrameSink(this.serverSocket, driverSocket, 'request');
    this.toDriver = new FrameSink(driverSocket, this.serverSocket, 'response');
    this.bothClosed = Promise.all([closedPromise(driverSocket), closedPromise(this.serverSocket)]).then(
      () => {
        this.shutdown();
        host.connectionClosed(this);
      },
    );
    driverSocket.on('data', (chunk: Buffer) => this.receive(this.requests, chunk));
    this.serverSocket.on('data', (chunk: Buffer) => this.receive(this.responses, chunk));
    const onConnectError = (error: Error): void =>
      host.reportError(
        new Error(`proxy node ${host.index}: cannot reach ${target.host}:${target.port} (${error.message})`, {
          cause: error,
        }),
      );
    this.serverSocket.once('error', onConnectError);
    this.serverSocket.once('connect', () => this.serverSocket.removeListener('error', onConnectError));
    for (const socket of [driverSocket, this.serverSocket]) {
      socket.on('error', () => this.shutdown(true));
      socket.on('close', () => this.shutdown());
    }
  }

  /** Protocol version seen in STARTUP (`undefined` before it). */
  get protocolVersion(): number | undefined {
    return this.version;
  }

  /** Compression asked for by STARTUP (`null`: none). */
  get compression(): CompressionAlgorithm | null {
    return this.startupCompression;
  }

  /** Whether the driver → node direction is in v5 segments. */
  get framed(): boolean {
    return this.requests.framed;
  }

  /** Whether the driver sent REGISTER on this connection (its control connection). */
  get registered(): boolean {
    return this.isRegistered;
  }

  /** Stream ids of requests forwarded to the node and not answered yet, ascending. */
  get pendingStreams(): number[] {
    return [...this.pending.keys()].sort((a, b) => a - b);
  }

  /** Whether the connection is closed or closing. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Closes both sides (the driver sees its connection close) and waits until they are closed. */
  async close(): Promise<void> {
    this.shutdown(true);
    await this.bothClosed;
  }

  /**
   * Sends an EVENT (stream −1) to the driver, framed as the connection currently is.
   * @internal
   */
  injectEvent(body: Buffer): void {
    if (this.isClosed || this.version === undefined) return;
    this.toDriver.writeEnvelopes([
      {
        version: this.version,
        flags: 0,
        stream: -1,
        opcode: Opcode.EVENT,
        body,
        framed: this.requests.framed,
      },
    ]);
  }

  private receive(stream: FrameStream, chunk: Buffer): void {
    if (this.isClosed) return;
    try {
      stream.push(chunk);
    } catch (error) {
      this.fail(error);
    }
  }

  private requestUnit(unit: FrameUnit): void {
    const forward: OutboundEnvelope[] = [];
    let verbatim = true;
    for (const envelope of unit.envelopes) {
      if (this.isClosed) return;
      let frame = this.frame(envelope, 'request', unit.framed, undefined);
      this.observeRequest(frame);
      if (this.interceptor) {
        const intercepted = this.interceptRequest(this.interceptor, frame);
        if (intercepted !== undefined) {
          verbatim = false;
          if (intercepted.kind === 'answer') {
            this.toDriver.writeEnvelopes([
              {
                version: intercepted.version ?? frame.version,
                flags: intercepted.flags,
                stream: frame.stream,
                opcode: intercepted.opcode,
                body: intercepted.body,
                framed: frame.framed,
              },
            ]);
            continue;
          }
          frame = { ...frame, flags: intercepted.flags, body: intercepted.body };
        }
      }
      const reaction = this.decide(this.host.currentRequestRules(), frame);
      if (reaction.kind === 'pass') {
        forward.push(outbound(frame));
        this.track(frame);
        continue;
      }
      verbatim = false;
      if (reaction.kind === 'delay') {
        this.track(frame);
        const raw = unit.envelopes.length === 1 ? unit.raw : undefined;
        this.after(reaction.delayMs, () =>
          raw ? this.toServer.writeRaw(raw) : this.toServer.writeEnvelopes([outbound(frame)]),
        );
      } else if (reaction.kind === 'forge') {
        const reply = reaction.reply as ForgedReply;
        this.after(reaction.delayMs, () => this.forge(reply, frame, frame));
      } else if (reaction.kind === 'close') {
        if (reaction.delayMs === 0) {
          this.toServer.writeEnvelopes(forward);
          this.shutdown();
          return;
        }
        this.after(reaction.delayMs, () => this.shutdown());
      }
    }
    if (verbatim) this.toServer.writeRaw(unit.raw);
    else this.toServer.writeEnvelopes(forward);
  }

  private responseUnit(unit: FrameUnit): void {
    const forward: OutboundEnvelope[] = [];
    let verbatim = true;
    let serverSwitches = false;
    let driverSwitchesNow = false;
    for (const envelope of unit.envelopes) {
      if (this.isClosed) return;
      const request = envelope.stream >= 0 ? this.pending.get(envelope.stream) : undefined;
      if (request) this.pending.delete(envelope.stream);
      let frame = this.frame(envelope, 'response', unit.framed, request);
      const rewritten = this.interceptor ? this.interceptResponse(this.interceptor, frame) : undefined;
      if (rewritten !== undefined) {
        verbatim = false;
        frame = { ...frame, flags: rewritten.flags, body: rewritten.body };
      }
      // v5: the node frames everything after its STARTUP answer; the driver once it receives it.
      const switches =
        !unit.framed &&
        envelope.version >= 5 &&
        (envelope.opcode === Opcode.READY || envelope.opcode === Opcode.AUTHENTICATE);
      serverSwitches ||= switches;
      const reaction = this.decide(this.host.currentResponseRules(), frame);
      if (reaction.kind === 'pass') {
        forward.push(outbound(frame));
        driverSwitchesNow ||= switches;
        continue;
      }
      verbatim = false;
      if (reaction.kind === 'delay') {
        const raw = unit.envelopes.length === 1 ? unit.raw : undefined;
        this.after(reaction.delayMs, () => {
          if (raw) this.toDriver.writeRaw(raw);
          else this.toDriver.writeEnvelopes([outbound(frame)]);
          if (switches) this.driverSwitches();
        });
      } else if (reaction.kind === 'forge') {
        const reply = reaction.reply as ForgedReply;
        this.after(reaction.delayMs, () => this.forge(reply, frame, request));
      } else if (reaction.kind === 'close') {
        if (reaction.delayMs === 0) {
          this.toDriver.writeEnvelopes(forward);
          this.shutdown();
          return;
        }
        this.after(reaction.delayMs, () => this.shutdown());
      }
    }
    if (verbatim) this.toDriver.writeRaw(unit.raw);
    else this.toDriver.writeEnvelopes(forward);
    if (driverSwitchesNow) this.driverSwitches();
    if (serverSwitches) this.serverSwitches();
  }

  /** The interceptor's decision on a request; a throwing interceptor is reported and ignored. */
  private interceptRequest(
    interceptor: FrameInterceptor,
    frame: ProxiedFrame,
  ): InterceptedRequest | undefined {
    try {
      return interceptor.request(frame);
    } catch (error) {
      this.host.reportError(asError(error, 'the frame interceptor threw on a request'));
      return undefined;
    }
  }

  /** The interceptor's rewrite of a response; a throwing interceptor is reported and ignored. */
  private interceptResponse(
    interceptor: FrameInterceptor,
    frame: ProxiedFrame,
  ): { readonly flags: number; readonly body: Buffer } | undefined {
    try {
      return interceptor.response(frame);
    } catch (error) {
      this.host.reportError(asError(error, 'the frame interceptor threw on a response'));
      return undefined;
    }
  }

  /** Learns version, compression and control-connection status from the driver's requests. */
  private observeRequest(frame: ProxiedFrame): void {
    if (frame.opcode === Opcode.REGISTER) this.isRegistered = true;
    if (frame.opcode !== Opcode.STARTUP) return;
    this.version = frame.version;
    const options = new ByteReader(frame.body).readStringMap();
    const requested = Object.entries(options).find(([key]) => key.toUpperCase() === 'COMPRESSION')?.[1];
    const algorithm = requested?.toLowerCase();
    this.startupCompression = algorithm === 'lz4' || algorithm === 'snappy' ? algorithm : null;
    if (this.startupCompression && frame.version < 5) {
      const codec = createBodyCompressor(this.startupCompression);
      this.requests.useBodyCompression(codec);
      this.responses.useBodyCompression(codec);
      this.toDriver.useBodyCompression(codec);
    }
  }

  /** v5: the node sent its STARTUP answer; what it sends next is framed. */
  private serverSwitches(): void {
    const compressed = this.startupCompression === 'lz4';
    this.responses.switchToSegments(compressed ? createSegmentCompressor() : null);
    this.toDriver.useSegments(compressed ? createSegmentCompressor() : null);
  }

  /** v5: the driver received the STARTUP answer; what it sends next is framed. */
  private driverSwitches(): void {
    if (this.requests.framed) return;
    const compressed = this.startupCompression === 'lz4';
    this.requests.switchToSegments(compressed ? createSegmentCompressor() : null);
    this.toServer.useSegments(compressed ? createSegmentCompressor() : null);
  }

  /** Sends a forged reply to the driver in place of `frame`, with its stream id and framing. */
  private forge(reply: ForgedReply, frame: ProxiedFrame, request: ProxiedFrame | undefined): void {
    const body =
      reply.kind === 'error'
        ? reply.error.encodeBody(frame.version, request)
        : Buffer.from(typeof reply.body === 'function' ? reply.body(frame) : reply.body);
    this.toDriver.writeEnvelopes([
      {
        version: frame.version,
        flags: 0,
        stream: frame.stream,
        opcode: reply.kind === 'error' ? Opcode.ERROR : reply.opcode,
        body,
        framed: frame.framed,
      },
    ]);
  }

  /** The first matching rule's reaction (pass when none), after reporting feedback. */
  private decide(rules: readonly ProxyRule[], frame: ProxiedFrame): Reaction {
    let match: ReturnType<typeof firstMatchingRule>;
    try {
      match = firstMatchingRule(rules, frame);
    } catch (error) {
      this.host.reportError(asError(error, 'a rule condition threw'));
      return PASS;
    }
    if (match === undefined) return PASS;
    const reaction = match.rule.reaction;
    if (reaction.feedback) {
      try {
        deliverFeedback(reaction.feedback, {
          frame: detachFrame(frame),
          ruleIndex: match.index,
          reaction: reaction.kind,
          at: performance.now(),
        });
      } catch (error) {
        this.host.reportError(asError(error, 'a feedback callback threw'));
      }
    }
    return reaction;
  }

  private frame(
    envelope: Envelope,
    direction: FrameDirection,
    framed: boolean,
    request: ProxiedFrame | undefined,
  ): ProxiedFrame {
    return {
      direction,
      version: envelope.version,
      flags: envelope.flags,
      stream: envelope.stream,
      opcode: envelope.opcode,
      body: envelope.body,
      framed,
      node: this.host.index,
      connection: this.ordinal,
      registered: this.isRegistered,
      request,
    };
  }

  /** Remembers a request that goes to the node, so its answer can be matched. */
  private track(frame: ProxiedFrame): void {
    if (frame.stream >= 0) this.pending.set(frame.stream, frame);
  }

  /** Runs `action` now (`ms` 0) or after `ms`, unless the connection closed meanwhile. */
  private after(ms: number, action: () => void): void {
    const guarded = (): void => {
      if (this.isClosed) return;
      try {
        action();
      } catch (error) {
        this.fail(error);
      }
    };
    if (ms <= 0) {
      guarded();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      guarded();
    }, ms);
    this.timers.add(timer);
  }

  private fail(error: unknown): void {
    this.host.reportError(asError(error, `proxy node ${this.host.index}, connection ${this.ordinal}`));
    this.shutdown(true);
  }

  /** Closes both sides once: gracefully (what was written is flushed) or at once. */
  private shutdown(immediately = false): void {
    if (!this.isClosed) {
      this.isClosed = true;
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.requests.stop();
      this.responses.stop();
    }
    for (const socket of [this.driverSocket, this.serverSocket]) {
      if (socket.destroyed) continue;
      if (immediately) socket.destroy();
      else socket.end(() => socket.destroy());
    }
  }
}

function outbound(frame: ProxiedFrame): OutboundEnvelope {
  return {
    version: frame.version,
    flags: frame.flags,
    stream: frame.stream,
    opcode: frame.opcode,
    body: frame.body,
    framed: frame.framed,
  };
}

function closedPromise(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

function asError(error: unknown, context: string): Error {
  if (error instanceof Error) return error;
  return new Error(`${context}: ${String(error)}`);
}
