import type { ConnectionOptions as NodeTlsConnectionOptions } from 'node:tls';
import { DEFAULTS } from '../options';
import { checkInteger, checkOneOf } from '../options-validation';
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
  /**
   * After an interval this long without a complete response, an OPTIONS heartbeat is sent.
   * Default 30 000 ms; 0 disables (and with it the `maxOrphanAgeMs` check).
   */
  heartbeatIntervalMs?: number;
  /** The connection closes when a heartbeat gets no answer within this time. Default 5000 ms. */
  heartbeatTimeoutMs?: number;
  /**
   * Abandoned requests whose stream id is held until the server answers them. Above this count
   * the connection is considered unhealthy and closes. Default 1024.
   */
  maxOrphanedStreams?: number;
  /**
   * An abandoned request still unanswered after this long means the node no longer answers on
   * this connection (though it may answer heartbeats): the connection closes and is replaced.
   * Checked on each heartbeat. Default 60 000 ms.
   */
  maxOrphanAgeMs?: number;
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
  /**
   * Local (source) port to connect from. ScyllaDB's shard-aware port gives a connection the shard
   * `localPort % shards`; the pools choose it. Default: any port the OS picks.
   */
  localPort?: number;
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
  readonly maxOrphanAgeMs: number;
  readonly maxStreams: number;
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
  readonly keepAliveDelayMs: number;
  readonly tls: TlsOptions | null;
  readonly authProvider: AuthProvider | undefined;
  readonly startupOptions: Readonly<Record<string, string>>;
  readonly localPort: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Stream ids available from protocol v3 on. @internal */
export const MAX_STREAM_IDS = DEFAULTS.maxStreams;

const PROTOCOL_VERSIONS = [3, 4, 5] as const;
const COMPRESSIONS = [true, false, 'lz4', 'snappy'] as const;
const MS = ' (milliseconds)';

/**
 * Validates the options (the one place connection options are checked, for `Connection.open` and
 * for the Cluster alike) and applies the defaults of `DEFAULTS`; throws `InvalidOptionsError`
 * naming the faulty option.
 *
 * @internal
 */
export function resolveConnectionOptions(options: ConnectionOptions = {}): ResolvedConnectionOptions {
  const d = DEFAULTS;
  const { protocolVersion, compression = d.compression, tls } = options;
  checkOneOf('protocolVersion', protocolVersion, PROTOCOL_VERSIONS);
  checkOneOf('compression', compression, COMPRESSIONS);
  checkInteger('maxStreams', options.maxStreams, 1, MAX_STREAM_IDS);
  checkInteger('connectTimeoutMs', options.connectTimeoutMs, 1, Infinity, MS);
  checkInteger('heartbeatIntervalMs', options.heartbeatIntervalMs, 0, Infinity, ' (milliseconds; 0 = off)');
  checkInteger('heartbeatTimeoutMs', options.heartbeatTimeoutMs, 0, Infinity, MS);
  checkInteger('maxOrphanedStreams', options.maxOrphanedStreams, 0);
  checkInteger('maxOrphanAgeMs', options.maxOrphanAgeMs, 0, Infinity, MS);
  checkInteger('keepAliveDelayMs', options.keepAliveDelayMs, 0, Infinity, MS);
  checkInteger('localPort', options.localPort, 1, 65535);
  return {
    protocolVersion,
    compression: compression === true ? 'lz4' : compression === false ? null : compression,
    compressionExplicit: typeof compression === 'string',
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? d.heartbeatIntervalMs,
    // 0 means the default too: a heartbeat that may never be answered is no heartbeat.
    heartbeatTimeoutMs: options.heartbeatTimeoutMs || d.heartbeatTimeoutMs,
    maxOrphanedStreams: options.maxOrphanedStreams ?? d.maxOrphanedStreams,
    maxOrphanAgeMs: options.maxOrphanAgeMs ?? d.maxOrphanAgeMs,
    maxStreams: options.maxStreams ?? d.maxStreams,
    noDelay: options.noDelay ?? d.socket.noDelay,
    keepAlive: options.keepAlive ?? d.socket.keepAlive,
    keepAliveDelayMs: options.keepAliveDelayMs ?? d.socket.keepAliveDelayMs,
    tls: tls === true ? {} : tls ? tls : null,
    authProvider: options.authProvider,
    startupOptions: options.startupOptions ?? {},
    localPort: options.localPort,
    signal: options.signal,
  };
}
