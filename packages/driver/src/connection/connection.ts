import { emitWarning } from 'node:process';
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import {
  ConnectionClosedError,
  ConnectionError,
  ProtocolDecodeError,
  RequestAbortedError,
  ServerError,
  StreamsExhaustedError,
  UnsupportedProtocolVersionError,
} from '../errors';
import type { CompressionAlgorithm } from '../protocol/compression';
import { createBodyCompressor, createSegmentCompressor } from '../protocol/compression-codecs';
import { envelopeBodyReader, type Envelope, type RequestMessage } from '../protocol/envelope';
import { decodeErrorResponse } from '../protocol/error-response';
import { OptionsRequest } from '../protocol/handshake';
import { Opcode, ProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from '../protocol/opcodes';
import { readResponsePrefix } from '../protocol/response-prefix';
import {
  ScyllaKey,
  scyllaStartupOptions,
  type ScyllaExtensions,
  type ScyllaExtensionsParse,
} from '../protocol/scylla-extensions';
import { ConnectionOptions, ResolvedConnectionOptions, resolveConnectionOptions } from './connection-options';
import { formatEndpoint } from './endpoint';
import type { CancelToken } from './cancel-token';
import { FrameWriter } from './frame-writer';
import { Heartbeat } from './heartbeat';
import { InboundDecoder } from './inbound-decoder';
import { InFlightRequest, RequestOwner, type ResponseReceiver } from './in-flight-request';
import { OpenDeadline } from './open-deadline';
import { openSocket, type SocketInbound } from './socket-open';
import { HandshakeChannel, performHandshake } from './startup';
import { StreamIdPool } from './stream-id-pool';
import { nextVersionAfterRejection } from './version-negotiation';

/** How long `close()` waits for the socket to close gracefully before destroying it. */
const GRACEFUL_CLOSE_MS = 1000;

/** What the connection switches to once the STARTUP response arrives. */
interface PendingStartup {
  readonly compression: CompressionAlgorithm | null;
}

/**
 * One connection to one node: TCP or TLS, the handshake (version negotiation, compression,
 * authentication), then request multiplexing over up to 32768 stream ids.
 *
 * - Everything sent in one tick leaves in **one** `socket.write` (v5: packed in segments); the
 *   writer pauses while the socket buffer is full and resumes on `'drain'`.
 * - An aborted request that was already written keeps its stream id until the server answers
 *   (the late answer is dropped); above `maxOrphanedStreams` such ids, or when the oldest has had
 *   no answer for `maxOrphanAgeMs` (checked on the heartbeat), the connection closes.
 * - After a `heartbeatIntervalMs` without a complete response (bytes alone do not count) an
 *   OPTIONS is sent; no answer within `heartbeatTimeoutMs` closes the connection.
 * - When the connection closes for any reason, every request in flight is rejected with a
 *   `ConnectionClosedError` naming the endpoint and the cause.
 *
 * @example
 * ```ts
 * await using connection = await Connection.open('127.0.0.1', 9042, { compression: 'lz4' });
 * const frame = await connection.send(new OptionsRequest());
 * console.log(connection.protocolVersion, frame.opcode === Opcode.SUPPORTED);
 * ```
 */
export class Connection implements AsyncDisposable {
  /** `host:port` of the node. */
  readonly endpoint: string;
  private readonly version: ProtocolVersion;
  private negotiatedCompression: CompressionAlgorithm | null = null;
  private extensions: ScyllaExtensions | undefined;
  private extensionProblems: readonly string[] = [];
  private readonly ids: StreamIdPool;
  private readonly requests: (InFlightRequest | undefined)[];
  private readonly writer: FrameWriter;
  private readonly decoder: InboundDecoder;
  private readonly heartbeat: Heartbeat;
  private readonly eventListeners = new Set<(frame: Envelope) => void>();
  private readonly closeListeners = new Set<(error: Error | undefined) => void>();
  private readonly owner: RequestOwner;
  private pendingCount = 0;
  private orphanCount = 0;
  private ready = false;
  private pendingStartup: PendingStartup | undefined;
  private isClosed = false;
  private closeCause: Error | undefined;
  private readonly socketClosed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    inbound: SocketInbound,
    endpoint: string,
    version: ProtocolVersion,
    private readonly options: ResolvedConnectionOptions,
  ) {
    this.endpoint = endpoint;
    this.version = version;
    this.ids = new StreamIdPool(options.maxStreams);
    this.requests = new Array<InFlightRequest | undefined>(options.maxStreams).fill(undefined);
    this.owner = {
      encodeFailed: (request, error) => this.requestEncodeFailed(request, error),
      aborted: (request) => this.requestAborted(request),
    };
    this.writer = new FrameWriter(socket, version);
    this.decoder = new InboundDecoder((envelope) => this.dispatch(envelope));
    this.heartbeat = new Heartbeat(
      options.heartbeatIntervalMs,
      options.heartbeatTimeoutMs,
      () => this.send(new OptionsRequest()),
      (silentMs) =>
        this.closeWith(
          new ConnectionError(
            `${endpoint} did not answer a heartbeat within ${silentMs} ms (heartbeatTimeoutMs ${options.heartbeatTimeoutMs})`,
            endpoint,
          ),
        ),
      () => this.closeIfOrphansTooOld(),
    );
    this.socketClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    inbound.attach((chunk) => this.received(chunk));
    socket.on('error', (error: Error) =>
      this.closeWith(
        new ConnectionError(`connection to ${endpoint} failed: ${error.message}`, endpoint, { cause: error }),
      ),
    );
    socket.on('close', () =>
      this.closeWith(new ConnectionError(`${endpoint} closed the connection`, endpoint)),
    );
  }

  /**
   * Connects to `host:port` and performs the handshake: TCP (or TLS), protocol version
   * negotiation (v5 → v4 → v3 unless `options.protocolVersion` pins one), OPTIONS/SUPPORTED,
   * STARTUP with the chosen compression, and authentication when the server asks for it. The
   * whole opening is bounded by `connectTimeoutMs` and abortable with `options.signal`.
   *
   * Rejects with `ConnectTimeoutError`, `RequestAbortedError` (aborted), `ConnectionError`
   * (network/TLS), `UnsupportedProtocolVersionError`, `AuthenticationError` (auth required but
   * not configured), `BadCredentialsError` (wrong credentials) or another `ServerError`.
   *
   * @example
   * ```ts
   * const connection = await Connection.open('10.0.0.5', 9042, {
   *   authProvider: new PlainTextAuthProvider('app', 'secret'),
   *   tls: { ca: readFileSync('ca.pem') },
   * });
   * ```
   */
  static open(host: string, port: number, options: ConnectionOptions = {}): Promise<Connection> {
    try {
      return Connection.openResolved(host, port, resolveConnectionOptions(options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@link Connection.open} with options already validated and resolved (the Cluster's). @internal */
  static async openResolved(
    host: string,
    port: number,
    resolved: ResolvedConnectionOptions,
  ): Promise<Connection> {
    const endpoint = formatEndpoint(host, port);
    const deadline = new OpenDeadline(endpoint, resolved.connectTimeoutMs, resolved.signal);
    const tried: ProtocolVersion[] = [];
    try {
      let version: ProtocolVersion | null =
        resolved.protocolVersion ?? (SUPPORTED_PROTOCOL_VERSIONS[0] as ProtocolVersion);
      let lastRejection: unknown;
      while (version !== null) {
        tried.push(version);
        try {
          return await Connection.attempt(host, port, endpoint, version, resolved, deadline);
        } catch (error) {
          if (deadline.signal.aborted) throw deadline.signal.reason;
          const next = nextVersionAfterRejection(error, version);
          if (next === undefined) throw error;
          lastRejection = error;
          version = resolved.protocolVersion === undefined ? next : null;
        }
      }
      const serverMessage = lastRejection instanceof ServerError ? `: ${lastRejection.serverMessage}` : '';
      throw new UnsupportedProtocolVersionError(
        resolved.protocolVersion === undefined
          ? `${endpoint} supports none of the protocol versions ${tried.join(', ')}${serverMessage}`
          : `${endpoint} does not support protocol version ${resolved.protocolVersion}, pinned by the ` +
              `protocolVersion option (leave it unset to negotiate)${serverMessage}`,
        endpoint,
        tried,
        { cause: lastRejection },
      );
    } finally {
      deadline.dispose();
    }
  }

  private static async attempt(
    host: string,
    port: number,
    endpoint: string,
    version: ProtocolVersion,
    options: ResolvedConnectionOptions,
    deadline: OpenDeadline,
  ): Promise<Connection> {
    deadline.stage = options.tls ? 'TCP connect and TLS handshake' : 'TCP connect';
    const { socket, inbound } = await openSocket(host, port, endpoint, options, deadline.signal);
    const connection = new Connection(socket, inbound, endpoint, version, options);
    try {
      connection.negotiatedCompression = await performHandshake(
        connection.handshakeChannel(),
        options,
        deadline.signal,
        (stage) => (deadline.stage = `${stage}, protocol v${version}`),
      );
    } catch (error) {
      connection.closeWith(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    connection.ready = true;
    connection.heartbeat.start();
    return connection;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): ProtocolVersion {
    return this.version;
  }

  /** The compression in use (`null`: none). */
  get compression(): CompressionAlgorithm | null {
    return this.negotiatedCompression;
  }

  /**
   * The ScyllaDB extensions this connection uses (`undefined` on Apache Cassandra): its shard and
   * the node's sharding, the LWT mark, the rate-limit error code, tablet routing.
   */
  get scyllaExtensions(): ScyllaExtensions | undefined {
    return this.extensions;
  }

  /**
   * Whether this connection uses result metadata ids: PREPARED results carry one, EXECUTEs send
   * it back (and skip the metadata of rows), and Metadata_changed rows bring a new one. True on
   * protocol v5, and on v4 when the node offered ScyllaDB's `SCYLLA_USE_METADATA_ID` and the
   * driver accepted it in STARTUP; false on v3/v4 against Apache Cassandra.
   *
   * @example
   * ```ts
   * const connection = await Connection.connect('127.0.0.1', 9042);
   * connection.resultMetadataIds; // false on Cassandra v4, true on ScyllaDB v4 or Cassandra v5
   * ```
   */
  get resultMetadataIds(): boolean {
    return this.writer.resultMetadataIds;
  }

  /** The ScyllaDB shard serving this connection, when the node announced one. */
  get shard(): number | undefined {
    return this.extensions?.sharding?.shard;
  }

  /** Why offered ScyllaDB extensions are not used (e.g. partial sharding information). */
  get extensionWarnings(): readonly string[] {
    return this.extensionProblems;
  }

  /** The local (source) port of the socket. */
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  /** Requests sent and not yet answered, aborted ones excluded. */
  get inFlight(): number {
    return this.pendingCount;
  }

  /** Stream ids held by aborted requests the server has not answered yet. */
  get orphanedStreams(): number {
    return this.orphanCount;
  }

  /** Stream ids free for new requests. */
  get availableStreams(): number {
    return this.ids.available;
  }

  /** Whether the connection is closed (it cannot be reopened). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Whether the socket's buffer is full and writes wait for it to drain (a busy connection). */
  get backpressured(): boolean {
    return this.writer.isBlocked;
  }

  /** Number of `socket.write` calls so far (each carries every frame of one tick). */
  get socketWrites(): number {
    return this.writer.writeCount;
  }

  /**
   * Sends a request and resolves with its response. Rejects with the decoded `ServerError`
   * subclass for an ERROR response (its `warnings` set when the server sent some), with
   * `ConnectionClosedError` if the connection closes first, with `RequestAbortedError` when
   * `signal` aborts, with `StreamsExhaustedError` when every stream id is in use, or with the
   * error thrown by `message.encodeBody`. The driver's own executions pass a {@link CancelToken}
   * instead of a signal: same effect, a fraction of the cost.
   *
   * @example
   * ```ts
   * const frame = await connection.send(queryMessage, AbortSignal.timeout(2000));
   * ```
   */
  send(message: RequestMessage, signal?: AbortSignal | CancelToken): Promise<Envelope> {
    return new Promise<Envelope>((resolve, reject) => {
      const failure = this.sendTo(message, signal, { answered: resolve, failed: reject });
      if (failure !== undefined) reject(failure);
    });
  }

  /**
   * {@link Connection.send} without a promise: the outcome goes to `receiver` (the driver's request
   * executions). A failure found before anything is queued (closed connection, signal already
   * aborted, no free stream id) is returned instead, and `receiver` is never called.
   *
   * @internal
   */
  sendTo(
    message: RequestMessage,
    signal: AbortSignal | CancelToken | undefined,
    receiver: ResponseReceiver,
  ): Error | undefined {
    if (this.isClosed) return this.closedError('the connection is closed');
    if (signal?.aborted) {
      return new RequestAbortedError(`request to ${this.endpoint} aborted before it was sent`, {
        cause: signal.reason,
      });
    }
    const stream = this.ids.acquire();
    if (stream < 0) {
      return new StreamsExhaustedError(
        `all ${this.ids.capacity} stream ids of the connection to ${this.endpoint} are in use ` +
          `(${this.orphanCount} held by aborted requests)`,
        this.endpoint,
      );
    }
    const request = new InFlightRequest(stream, message, this.owner, signal, receiver);
    this.requests[stream] = request;
    this.pendingCount++;
    this.writer.enqueue(request);
    return undefined;
  }

  /**
   * Listens to server EVENT frames (stream −1; sent once a REGISTER was accepted). Returns a
   * function that removes the listener. Exceptions thrown by the listener are reported as
   * process warnings.
   */
  onEvent(listener: (frame: Envelope) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Called once when the connection closes: with the cause, or `undefined` after `close()`.
   * Returns a function that removes the listener.
   */
  onClose(listener: (error: Error | undefined) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Closes the connection: requests in flight are rejected with `ConnectionClosedError`, the
   * socket is ended (destroyed if it does not close within a second). Idempotent.
   */
  async close(): Promise<void> {
    if (!this.isClosed) {
      this.closeWith(undefined);
      this.socket.end();
      const timer = setTimeout(() => this.socket.destroy(), GRACEFUL_CLOSE_MS);
      timer.unref();
      await this.socketClosed;
      clearTimeout(timer);
      return;
    }
    await this.socketClosed;
  }

  /** `await using connection = …` closes it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private handshakeChannel(): HandshakeChannel {
    return {
      endpoint: this.endpoint,
      protocolVersion: this.version,
      send: (message, signal) => this.send(message, signal),
      prepareStartup: (compression) => this.prepareStartup(compression),
      acceptExtensions: (offered) => this.acceptExtensions(offered),
    };
  }

  /**
   * Keeps the ScyllaDB extensions offered; the STARTUP entries accepting them. Accepting
   * `SCYLLA_USE_METADATA_ID` turns on result metadata ids for every later message.
   */
  private acceptExtensions(offered: ScyllaExtensionsParse): Readonly<Record<string, string>> {
    this.extensions = offered.extensions;
    this.extensionProblems = offered.warnings;
    if (offered.extensions === undefined) return {};
    const entries = scyllaStartupOptions(offered.extensions, this.version);
    this.writer.resultMetadataIds = this.version >= 5 || ScyllaKey.USE_METADATA_ID in entries;
    return entries;
  }

  /** Creates the codecs STARTUP asks for; v3/v4 responses may be compressed from now on. */
  private prepareStartup(compression: CompressionAlgorithm | null): void {
    if (compression !== null && this.version < 5) {
      this.decoder.useBodyCompression(createBodyCompressor(compression));
    } else if (compression !== null) {
      createSegmentCompressor(); // loads the codec now, so a missing module fails before STARTUP
    }
    this.pendingStartup = { compression };
  }

  /** READY or AUTHENTICATE arrived: compress requests (v3/v4) or switch to segments (v5). */
  private startupAnswered(startup: PendingStartup): void {
    this.pendingStartup = undefined;
    if (this.version >= 5) {
      const compressor = startup.compression ? createSegmentCompressor() : null;
      this.decoder.switchToSegments(compressor);
      this.writer.useSegments(compressor);
    } else if (startup.compression) {
      this.writer.useBodyCompression(createBodyCompressor(startup.compression));
    }
  }

  private received(chunk: Buffer): void {
    try {
      this.decoder.push(chunk);
    } catch (error) {
      this.closeWith(error as Error);
    }
  }

  /** Routes one decoded envelope; throws `ProtocolDecodeError` when it breaks the protocol. */
  private dispatch(envelope: Envelope): void {
    this.heartbeat.received();
    if (envelope.stream < 0) {
      if (envelope.opcode === Opcode.EVENT) this.emitEvent(envelope);
      return;
    }
    if (this.ready && envelope.version !== this.version) {
      throw new ProtocolDecodeError(
        `${this.endpoint} sent a protocol v${envelope.version} envelope on a v${this.version} connection`,
      );
    }
    if (
      this.pendingStartup &&
      (envelope.opcode === Opcode.READY || envelope.opcode === Opcode.AUTHENTICATE)
    ) {
      this.startupAnswered(this.pendingStartup);
    }
    const request = this.requests[envelope.stream];
    if (request === undefined) return; // not ours (never happens with a conforming server)
    this.requests[envelope.stream] = undefined;
    this.ids.release(envelope.stream);
    if (request.orphaned) {
      this.orphanCount--;
      return;
    }
    this.pendingCount--;
    if (envelope.opcode !== Opcode.ERROR) {
      request.resolve(envelope);
      return;
    }
    let error: ServerError;
    try {
      const reader = envelopeBodyReader(envelope);
      const prefix = readResponsePrefix(reader, envelope.flags);
      error = decodeErrorResponse(
        reader,
        envelope.version,
        this.endpoint,
        this.extensions?.rateLimitErrorCode,
      );
      if (prefix.warnings) error.warnings = prefix.warnings;
    } catch (decodeError) {
      request.reject(decodeError as Error);
      throw decodeError;
    }
    request.reject(error);
  }

  private emitEvent(envelope: Envelope): void {
    for (const listener of this.eventListeners) {
      try {
        listener(envelope);
      } catch (error) {
        emitWarning(`cqlkit: an event listener of ${this.endpoint} threw: ${String(error)}`);
      }
    }
  }

  private requestEncodeFailed(request: InFlightRequest, error: unknown): void {
    this.release(request);
    request.reject(error instanceof Error ? error : new Error(String(error)));
  }

  private requestAborted(request: InFlightRequest): void {
    if (request.settled || this.isClosed) return;
    const reason = request.signal?.reason;
    if (request.written) {
      request.orphaned = true;
      request.orphanedAt = Date.now();
      this.pendingCount--;
      this.orphanCount++;
    } else {
      request.skip = true;
      this.release(request);
    }
    request.reject(new RequestAbortedError(`request to ${this.endpoint} aborted`, { cause: reason }));
    if (this.orphanCount > this.options.maxOrphanedStreams) {
      this.closeWith(
        new ConnectionError(
          `${this.orphanCount} aborted requests on ${this.endpoint} are still unanswered ` +
            `(maxOrphanedStreams ${this.options.maxOrphanedStreams}); the node looks unresponsive`,
          this.endpoint,
        ),
      );
    }
  }

  /**
   * Closes the connection when its oldest orphan has waited longer than `maxOrphanAgeMs`: the node
   * answers other requests (or heartbeats) but not those. Runs on the heartbeat's timer; scans the
   * stream table only when there are orphans.
   */
  private closeIfOrphansTooOld(): void {
    if (this.orphanCount === 0) return;
    let oldest = Infinity;
    for (let stream = 0; stream < this.requests.length; stream++) {
      const request = this.requests[stream];
      if (request !== undefined && request.orphaned && request.orphanedAt < oldest)
        oldest = request.orphanedAt;
    }
    const age = Date.now() - oldest;
    if (age <= this.options.maxOrphanAgeMs) return;
    this.closeWith(
      new ConnectionError(
        `the oldest of ${this.orphanCount} aborted requests has had no answer for ${age} ms ` +
          `(maxOrphanAgeMs ${this.options.maxOrphanAgeMs}); ${this.endpoint} looks stalled`,
        this.endpoint,
      ),
    );
  }

  /** Frees the stream id of a request that was never written. */
  private release(request: InFlightRequest): void {
    if (this.requests[request.stream] !== request) return;
    this.requests[request.stream] = undefined;
    this.ids.release(request.stream);
    this.pendingCount--;
  }

  private closedError(what: string): ConnectionClosedError {
    const cause = this.closeCause;
    return new ConnectionClosedError(
      cause
        ? `${what}: connection to ${this.endpoint} closed (${cause.message})`
        : `${what}: connection to ${this.endpoint} was closed by the client`,
      this.endpoint,
      { cause },
    );
  }

  /** Closes once; `cause` undefined means a requested close. */
  private closeWith(cause: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeCause = cause;
    this.heartbeat.stop();
    this.writer.stop();
    if (cause) this.socket.destroy();
    if (this.pendingCount > 0 || this.orphanCount > 0) {
      const error = this.closedError('request failed');
      for (let stream = 0; stream < this.requests.length; stream++) {
        const request = this.requests[stream];
        if (request === undefined) continue;
        this.requests[stream] = undefined;
        if (!request.orphaned) request.reject(error);
      }
      this.pendingCount = 0;
      this.orphanCount = 0;
    }
    for (const listener of this.closeListeners) {
      try {
        listener(cause);
      } catch (error) {
        emitWarning(`cqlkit: a close listener of ${this.endpoint} threw: ${String(error)}`);
      }
    }
    this.closeListeners.clear();
    this.eventListeners.clear();
  }
}
