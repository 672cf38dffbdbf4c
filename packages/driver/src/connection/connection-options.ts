import type { ConnectionOptions as NodeTlsConnectionOptions } from 'node:tls';
import { InvalidOptionsError } from '../errors';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { AuthProvider } from './auth';

/**
 * TLS settings of a connection (`node:tls`). Verification is **on** by default: the server
 * certificate must chain to `ca` (or the system's CAs when `ca` is not given) and match the host
 * (for an IP host, an IP entry in the certificate's subjectAltName).
 *
 * @example
 * ```ts
 * const tls: TlsOptions = { ca: readFileSync('cluster-ca.pem') };
 * const mtls: TlsOptions = { ca, cert: readFileSync('client.pem'), key: readFileSync('client.key') };
 * ```
 */
export type TlsOptions = Pick<
  NodeTlsConnectionOptions,
  | 'ca'
  | 'cert'
  | 'key'
  | 'pfx'
  | 'passphrase'
  | 'servername'
  | 'checkServerIdentity'
  | 'rejectUnauthorized'
  | 'minVersion'
  | 'maxVersion'
  | 'ciphers'
>;

/**
 * Options of {@link Connection.open}.
 *
 * @example
 * ```ts
 * const options: ConnectionOptions = {
 *   compression: 'lz4',
 *   connectTimeoutMs: 3000,
 *   authProvider: new PlainTextAuthProvider('app', process.env.CASSANDRA_PASSWORD ?? ''),
 *   tls: { ca: readFileSync('ca.pem') },
 * };
 * ```
 */
export interface ConnectionOptions {
  /**
   * Pins the protocol version. Unset (default): try v5, then v4, then v3 while the server
   * rejects the version. A pinned version never falls back; the server's refusal becomes an
   * `UnsupportedProtocolVersionError`.
   */
  protocolVersion?: ProtocolVersion;
  /**
   * Compression (default `true`).
   * - `true`: LZ4 when the server's SUPPORTED lists it and `lz4-napi` loads, otherwise none.
   * - `'lz4'`: LZ4 when the server offers it, otherwise none; `InvalidOptionsError` when
   *   `lz4-napi` cannot be loaded.
   * - `'snappy'`: snappy on v3/v4 when the server offers it; on v5 (no snappy there) LZ4 when
   *   offered, otherwise none. Needs the optional `snappy` package (clear error when missing).
   * - `false`: none.
   *
   * The outcome is {@link Connection.compression}.
   */
  compression?: boolean | 'lz4' | 'snappy';
  /** Bound of the whole opening (TCP, TLS, negotiation, STARTUP, authentication). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** After this long without receiving anything, an OPTIONS heartbeat is sent. Default 30 000 ms; 0 disables. */
  heartbeatIntervalMs?: number;
  /** The connection closes when a heartbeat gets no answer within this time. Default 5000 ms. */
  heartbeatTimeoutMs?: number;
  /**
   * Abandoned requests whose stream id is held until the server answers them. Above this count
   * the connection is considered unhealthy and closes. Default 1024.
   */
  maxOrphanedStreams?: number;
  /** Stream ids used on this connection (1–32768, default 32768). */
  maxStreams?: number;
  /** TCP_NODELAY (default `true`). */
  noDelay?: boolean;
  /** TCP keep-alive (default `true`). */
  keepAlive?: boolean;
  /** Idle time before the first TCP keep-alive probe (default 0 = the OS setting). */
  keepAliveDelayMs?: number;
  /** TLS: `true` for defaults (system CAs, verification on) or the settings. Default: plain TCP. */
  tls?: boolean | TlsOptions;
  /** Authentication for servers that answer STARTUP with AUTHENTICATE. */
  authProvider?: AuthProvider;
  /** Extra STARTUP entries, e.g. `{ APPLICATION_NAME: 'billing', THROW_ON_OVERLOAD: '1' }`. */
  startupOptions?: Readonly<Record<string, string>>;
  /** Aborts the opening. */
  signal?: AbortSignal;
}

/** {@link ConnectionOptions} with defaults applied. @internal */
export interface ResolvedConnectionOptions {
  readonly protocolVersion: ProtocolVersion | undefined;
  readonly compression: 'lz4' | 'snappy' | null;
  /** Whether the algorithm was named explicitly (then a codec that cannot be loaded is an error). */
  readonly compressionExplicit: boolean;
  readonly connectTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly maxOrphanedStreams: number;
  readonly maxStreams: number;
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
  readonly keepAliveDelayMs: number;
  readonly tls: TlsOptions | null;
  readonly authProvider: AuthProvider | undefined;
  readonly startupOptions: Readonly<Record<string, string>>;
  readonly signal: AbortSignal | undefined;
}

/** Stream ids available from protocol v3 on. @internal */
export const MAX_STREAM_IDS = 32768;

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidOptionsError(
      `${name} must be a non-negative integer (milliseconds or count), got ${value}`,
    );
  }
  return value;
}

/**
 * Validates the options and applies the defaults; throws `InvalidOptionsError` naming the
 * faulty option.
 *
 * @internal
 */
export function resolveConnectionOptions(options: ConnectionOptions = {}): ResolvedConnectionOptions {
  const { protocolVersion, compression = true, tls } = options;
  if (
    protocolVersion !== undefined &&
    protocolVersion !== 3 &&
    protocolVersion !== 4 &&
    protocolVersion !== 5
  ) {
    throw new InvalidOptionsError(`protocolVersion must be 3, 4 or 5, got ${String(protocolVersion)}`);
  }
  if (compression !== true && compression !== false && compression !== 'lz4' && compression !== 'snappy') {
    throw new InvalidOptionsError(
      `compression must be true, false, 'lz4' or 'snappy', got ${String(compression)}`,
    );
  }
  const maxStreams = nonNegativeInteger('maxStreams', options.maxStreams, MAX_STREAM_IDS);
  if (maxStreams < 1 || maxStreams > MAX_STREAM_IDS) {
    throw new InvalidOptionsError(`maxStreams must be between 1 and ${MAX_STREAM_IDS}, got ${maxStreams}`);
  }
  const connectTimeoutMs = nonNegativeInteger('connectTimeoutMs', options.connectTimeoutMs, 5000);
  if (connectTimeoutMs === 0) throw new InvalidOptionsError('connectTimeoutMs must be positive');
  return {
    protocolVersion,
    compression: compression === true ? 'lz4' : compression === false ? null : compression,
    compressionExplicit: typeof compression === 'string',
    connectTimeoutMs,
    heartbeatIntervalMs: nonNegativeInteger('heartbeatIntervalMs', options.heartbeatIntervalMs, 30_000),
    heartbeatTimeoutMs: nonNegativeInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs, 5000) || 5000,
    maxOrphanedStreams: nonNegativeInteger('maxOrphanedStreams', options.maxOrphanedStreams, 1024),
    maxStreams,
    noDelay: options.noDelay ?? true,
    keepAlive: options.keepAlive ?? true,
    keepAliveDelayMs: nonNegativeInteger('keepAliveDelayMs', options.keepAliveDelayMs, 0),
    tls: tls === true ? {} : tls ? tls : null,
    authProvider: options.authProvider,
    startupOptions: options.startupOptions ?? {},
    signal: options.signal,
  };
}

/** `host:port`, with brackets around IPv6 addresses. @internal */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
