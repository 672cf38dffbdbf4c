/**
 * Option types of the Cluster, of execution profiles and of single requests, their defaults, and
 * their validation. Invalid options raise {@link InvalidOptionsError} naming the option and what
 * was expected, before anything is sent.
 *
 * @packageDocumentation
 */
import type { AuthProvider } from './connection/auth';
import type { TlsOptions } from './connection/connection-options';
import { Consistency, isSerialConsistency } from './consistency';
import { InvalidOptionsError } from './errors';
import type { ProtocolVersion } from './protocol/opcodes';
import type { CustomPayload } from './protocol/messages';
import type { AddressTranslator } from './policies/address-translator';
import type { ConvictionPolicy } from './policies/conviction';
import type { LoadBalancingPolicy } from './policies/load-balancing';
import type { PolicyLogger } from './policies/policy-logger';
import type { ReconnectionPolicy } from './policies/reconnection';
import type { RetryPolicy } from './policies/retry';
import { DefaultRetryPolicy } from './policies/retry-default';
import {
  NoSpeculativeExecutionPolicy,
  type SpeculativeExecutionPolicy,
} from './policies/speculative-execution';
import type { TimestampGenerator } from './policies/timestamp-generator';
import type { RequestTracker } from './observability/request-events';
import type { TypeHint } from './types';

/** How rows are shaped: objects keyed by column name (default) or arrays in column order. */
export type RowShape = 'object' | 'array';

/**
 * Settings that apply to a class of requests, as the Python driver's `ExecutionProfile`: the
 * cluster's default profile, named profiles, or a profile passed with one request. A request's own
 * options win over its profile, and the profile over the cluster defaults.
 *
 * @example
 * ```ts
 * const analytics: ExecutionProfile = { consistency: Consistency.ALL, requestTimeoutMs: 60_000 };
 * await session.execute('SELECT * FROM big', [], { executionProfile: analytics });
 * ```
 */
export interface ExecutionProfile {
  /** Consistency of requests (default `LOCAL_ONE`). */
  readonly consistency?: Consistency;
  /** Serial consistency of conditional (LWT) requests (default `SERIAL`). */
  readonly serialConsistency?: Consistency;
  /** Client-side deadline of a whole request, retries included, in ms (default 12 000; 0 = none). */
  readonly requestTimeoutMs?: number;
  /** Shape of returned rows (default `'object'`). */
  readonly rowShape?: RowShape;
  /** Rows per page (default 5000). */
  readonly pageSize?: number;
  /**
   * Load balancing of the profile's requests (default: the cluster's `loadBalancingPolicy`). A
   * policy object is initialised with the cluster's hosts when the profile is registered; pools are
   * sized by the nearest distance any profile gives a host.
   */
  readonly loadBalancingPolicy?: LoadBalancingPolicy;
  /** What to do when an attempt fails (default `DefaultRetryPolicy`). */
  readonly retryPolicy?: RetryPolicy;
  /** Speculative executions of idempotent requests (default none). */
  readonly speculativeExecutionPolicy?: SpeculativeExecutionPolicy;
}

/** An execution profile with every field set (`loadBalancingPolicy` undefined: the cluster's). */
export interface ResolvedExecutionProfile extends Required<Omit<ExecutionProfile, 'loadBalancingPolicy'>> {
  readonly loadBalancingPolicy: LoadBalancingPolicy | undefined;
}

/** Defaults of the cluster's default execution profile. */
export const DEFAULT_EXECUTION_PROFILE: ResolvedExecutionProfile = Object.freeze({
  consistency: Consistency.LOCAL_ONE,
  serialConsistency: Consistency.SERIAL,
  requestTimeoutMs: 12_000,
  rowShape: 'object',
  pageSize: 5000,
  loadBalancingPolicy: undefined,
  retryPolicy: new DefaultRetryPolicy(),
  speculativeExecutionPolicy: new NoSpeculativeExecutionPolicy(),
});

/** User name and password for `PasswordAuthenticator` (a shortcut for `PlainTextAuthProvider`). */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Connections opened to each host, by the distance the load-balancing policy gives it
 * (`ignored` hosts get none).
 *
 * @example
 * ```ts
 * const cluster = new Cluster({ contactPoints, connectionsPerHost: { local: 2, remote: 1 } });
 * ```
 */
export interface ConnectionsPerHost {
  /** Connections to each `local` host (default 1). */
  readonly local?: number;
  /** Connections to each `remote` host (default 1). */
  readonly remote?: number;
}

/**
 * Options of a {@link Cluster}.
 *
 * @example
 * ```ts
 * const cluster = new Cluster({
 *   contactPoints: ['10.0.0.1', '10.0.0.2:9043'],
 *   localDataCenter: 'dc1',
 *   credentials: { username: 'app', password: process.env.CASSANDRA_PASSWORD! },
 *   tls: { ca: readFileSync('ca.pem') },
 * });
 * ```
 */
export interface ClusterOptions {
  /** Nodes to connect to first: `host`, `host:port` or `[ipv6]:port`. At least one. */
  readonly contactPoints: readonly string[];
  /** Native-protocol port used when a contact point names none (default 9042). */
  readonly port?: number;
  /** The data center this client lives in (used by DC-aware load balancing). */
  readonly localDataCenter?: string;
  /** Pins the protocol version (default: negotiate from v5 down to v3). */
  readonly protocolVersion?: ProtocolVersion;
  /** Compression: `true` (lz4 when offered, default), `'lz4'`, `'snappy'` (v3/v4) or `false`. */
  readonly compression?: boolean | 'lz4' | 'snappy';
  /** SASL authentication; see {@link ClusterOptions.credentials} for the common case. */
  readonly authProvider?: AuthProvider;
  /** User name and password for `PasswordAuthenticator`. */
  readonly credentials?: Credentials;
  /** TLS: `true` for system CAs with verification, or the settings (verification is on unless disabled). */
  readonly tls?: boolean | TlsOptions;
  /**
   * Bound of opening one connection (TCP, TLS, handshake, auth) in ms (default 5000); also the
   * deadline of the `USE` that switches a pool's connection to the session keyspace.
   */
  readonly connectTimeoutMs?: number;
  /** Idle time after which a connection is heartbeated with OPTIONS, in ms (default 30 000; 0 = off). */
  readonly heartbeatIntervalMs?: number;
  /** Socket options. */
  readonly socket?: {
    readonly noDelay?: boolean;
    readonly keepAlive?: boolean;
    readonly keepAliveDelayMs?: number;
  };
  /**
   * Connections opened to each host: one number for every non-ignored host, or per distance
   * (default 1; one connection multiplexes thousands of requests).
   */
  readonly connectionsPerHost?: number | ConnectionsPerHost;
  /** Concurrent requests allowed on one connection (default 2048, max 32768). */
  readonly maxRequestsPerConnection?: number;
  /** The default execution profile (overrides {@link DEFAULT_EXECUTION_PROFILE} field by field). */
  readonly defaultProfile?: ExecutionProfile;
  /** What 64-bit integers decode to: `Long` (default) or native `bigint`. */
  readonly int64As?: 'long' | 'bigint';
  /** What sets decode to: arrays (default) or `Set`s. */
  readonly setsAs?: 'array' | 'set';
  /**
   * Prepared statements each session keeps (LRU, keyed by keyspace and CQL text) before evicting
   * the least recently used (default 1000). `session.prepare()`, `execute(…, { prepare: true })`
   * and {@link CachingSession} share this one cache.
   */
  readonly preparedCacheSize?: number;
  /** Extra STARTUP entries, e.g. `{ APPLICATION_NAME: 'billing' }`. */
  readonly startupOptions?: Readonly<Record<string, string>>;
  /**
   * Named execution profiles, chosen per request with `{ executionProfile: 'name' }`. More can be
   * added later with `cluster.addExecutionProfile`.
   */
  readonly executionProfiles?: Readonly<Record<string, ExecutionProfile>>;
  /**
   * Client-side write timestamps: a generator, a function returning microseconds since the epoch
   * (`bigint` or safe-integer `number`), or `false` to let the coordinators assign them. Default:
   * a `MonotonicTimestampGenerator` (strictly increasing µs, warns on clock drift). A request's
   * own `timestamp` option always wins.
   */
  readonly timestampGenerator?: TimestampGenerator | (() => bigint | number) | false;
  /** Collect metrics (`cluster.metrics()`): request/error counts, retries, latency percentiles… Default false. */
  readonly metrics?: boolean;
  /** Told about every finished request (e.g. a `SlowRequestLogger`). */
  readonly requestTracker?: RequestTracker;
  /**
   * Which hosts a request goes to, in what order, and the distance of each host (which sizes its
   * pool). Default: `defaultLoadBalancingPolicy(localDataCenter)`, i.e. token-aware over
   * DC-aware round robin. One instance per cluster.
   */
  readonly loadBalancingPolicy?: LoadBalancingPolicy;
  /**
   * Delays between attempts to reconnect to a host that went down (and to move the control
   * connection after every host failed). Default: `ExponentialReconnectionPolicy` from 1 s to
   * 10 min with jitter.
   */
  readonly reconnectionPolicy?: ReconnectionPolicy;
  /** Whether a connection failure marks its host down. Default: `DefaultConvictionPolicy`. */
  readonly convictionPolicy?: ConvictionPolicy;
  /**
   * Turns the addresses nodes advertise (`system.peers`, events) into the addresses to connect
   * to. Contact points are not translated. Default: `IdentityTranslator`.
   */
  readonly addressTranslator?: AddressTranslator;
  /** Deadline of each query the control connection runs (system tables, REGISTER), in ms (default 5000). */
  readonly controlConnectionTimeoutMs?: number;
  /**
   * Window in ms over which SCHEMA_CHANGE events are collected before one metadata refresh; the
   * refresh runs at a random point of the window (jitter), as in the Python driver. 0 refreshes
   * at once, a negative value ignores the events. Default 2000.
   */
  readonly schemaEventRefreshWindowMs?: number;
  /** Same as {@link ClusterOptions.schemaEventRefreshWindowMs} for TOPOLOGY_CHANGE events (node list refresh). Default 10 000. */
  readonly topologyEventRefreshWindowMs?: number;
  /** Same as {@link ClusterOptions.schemaEventRefreshWindowMs} for STATUS_CHANGE events (host up/down). Default 2000. */
  readonly statusEventRefreshWindowMs?: number;
  /** Keep schema metadata (keyspaces, tables, types, functions…) up to date (default true). */
  readonly schemaMetadataEnabled?: boolean;
  /** Keep the token map (replicas of each partition, for token-aware routing) up to date (default true). */
  readonly tokenMetadataEnabled?: boolean;
  /**
   * After a schema-altering statement, wait up to this many ms for every up node to report the
   * same schema version before the statement's promise resolves (the ResultSet tells whether
   * agreement was reached). 0 or less turns the wait off. Default 10 000.
   */
  readonly maxSchemaAgreementWaitMs?: number;
  /** After preparing a statement on one host, prepare it on every other connected host too (default true). */
  readonly prepareOnAllHosts?: boolean;
  /** When a host comes back up, prepare the session's prepared statements on it again (default true). */
  readonly reprepareOnUp?: boolean;
  /** Where the driver writes its warnings (default: `console.warn`, prefixed with `cqlkit:`). */
  readonly logger?: PolicyLogger;
}

/**
 * Options of {@link Cluster.connect}.
 *
 * @example
 * ```ts
 * const session = await cluster.connect('shop', { waitForAllPools: true, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface ConnectOptions {
  /** Aborts the connection attempts. */
  readonly signal?: AbortSignal;
  /**
   * Resolve only once every host's pool has opened all its connections (or failed). By default
   * `connect()` resolves once each pool has opened its first connection (or failed), and the
   * pools of several connections fill up in the background.
   */
  readonly waitForAllPools?: boolean;
}

/**
 * Options of one request. Anything unset comes from the execution profile, then the cluster.
 *
 * @example
 * ```ts
 * await session.execute('UPDATE users SET name = ? WHERE id = ?', ['Ann', id], {
 *   prepare: true,
 *   consistency: Consistency.QUORUM,
 *   idempotent: true,
 *   timeoutMs: 2000,
 *   signal: AbortSignal.timeout(5000),
 * });
 * ```
 */
export interface QueryOptions {
  /** Consistency level. */
  readonly consistency?: Consistency;
  /** Serial consistency for conditional updates. */
  readonly serialConsistency?: Consistency;
  /** Rows per page. */
  readonly pageSize?: number;
  /** Continue after the page that returned this state (see {@link ResultSet.pagingState}). */
  readonly pagingState?: Buffer;
  /** `false` fetches every row in one response (no paging; risky on large results). Default `true`. */
  readonly paging?: boolean;
  /** Write timestamp in microseconds since the epoch. */
  readonly timestamp?: bigint | number;
  /** Whether the statement can be safely applied twice (enables retries on other hosts). Default `false`. */
  readonly idempotent?: boolean;
  /** Ask the coordinator to trace the request; the result then carries `tracingId`. */
  readonly tracing?: boolean;
  /** Custom payload sent with the request (v4+). */
  readonly customPayload?: CustomPayload;
  /** Keyspace of this request only (protocol v5); also the keyspace used to route it. */
  readonly keyspace?: string;
  /**
   * Routing key of an unprepared statement (prepared statements compute theirs from the bound
   * partition-key values): the serialized partition key, or its components for a composite key.
   * With a keyspace, it sends the request to a replica first (token-aware routing).
   */
  readonly routingKey?: Uint8Array | readonly Uint8Array[];
  /** The "current time" in seconds the server uses for TTL/expiry (protocol v5; for tests). */
  readonly nowInSeconds?: number;
  /** Client-side deadline of this request in ms, retries included (0 = none). */
  readonly timeoutMs?: number;
  /** Aborts the request at any stage. */
  readonly signal?: AbortSignal;
  /** Prepare the query (once per text, cached) and execute it as a prepared statement. */
  readonly prepare?: boolean;
  /** CQL types of the parameters of an unprepared query, by position or by name. */
  readonly hints?: readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>>;
  /** Shape of returned rows. */
  readonly rowShape?: RowShape;
  /**
   * The execution profile of this request: the name of one registered on the cluster
   * (`executionProfiles` option or `cluster.addExecutionProfile`), or a profile object. Its fields
   * are used where the request sets none; the cluster's default profile fills the rest.
   */
  readonly executionProfile?: string | ExecutionProfile;
}

/** Parsed contact point. @internal */
export interface ContactPoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Validates the cluster options and parses the contact points.
 *
 * @throws InvalidOptionsError naming the option and what was expected.
 * @internal
 */
export function validateClusterOptions(options: ClusterOptions): ContactPoint[] {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError(
      'new Cluster(options): options must be an object with at least contactPoints',
    );
  }
  const port = options.port ?? 9042;
  checkPort('port', port);
  if (!Array.isArray(options.contactPoints) || options.contactPoints.length === 0) {
    throw new InvalidOptionsError(
      "option 'contactPoints' must be a non-empty array of 'host' or 'host:port' strings, e.g. ['127.0.0.1']",
    );
  }
  const points = options.contactPoints.map((cp, i) => parseContactPoint(cp, port, i));
  if (options.protocolVersion !== undefined && ![3, 4, 5].includes(options.protocolVersion)) {
    throw new InvalidOptionsError(
      `option 'protocolVersion' must be 3, 4 or 5, got ${String(options.protocolVersion)}`,
    );
  }
  if (options.compression !== undefined && ![true, false, 'lz4', 'snappy'].includes(options.compression)) {
    throw new InvalidOptionsError(
      `option 'compression' must be true, false, 'lz4' or 'snappy', got ${String(options.compression)}`,
    );
  }
  if (options.credentials !== undefined) {
    const c = options.credentials;
    if (typeof c !== 'object' || typeof c.username !== 'string' || typeof c.password !== 'string') {
      throw new InvalidOptionsError("option 'credentials' must be { username: string, password: string }");
    }
    if (options.authProvider !== undefined) {
      throw new InvalidOptionsError(
        "options 'credentials' and 'authProvider' are exclusive; give one of them",
      );
    }
  }
  checkConnectionsPerHost(options.connectionsPerHost);
  checkPositiveInt('maxRequestsPerConnection', options.maxRequestsPerConnection, 1, 32768);
  checkPositiveInt('preparedCacheSize', options.preparedCacheSize, 1, 1_000_000);
  checkNonNegative('connectTimeoutMs', options.connectTimeoutMs);
  checkNonNegative('heartbeatIntervalMs', options.heartbeatIntervalMs);
  if (options.int64As !== undefined && options.int64As !== 'long' && options.int64As !== 'bigint') {
    throw new InvalidOptionsError(
      `option 'int64As' must be 'long' or 'bigint', got ${String(options.int64As)}`,
    );
  }
  if (options.setsAs !== undefined && options.setsAs !== 'array' && options.setsAs !== 'set') {
    throw new InvalidOptionsError(`option 'setsAs' must be 'array' or 'set', got ${String(options.setsAs)}`);
  }
  if (options.defaultProfile !== undefined) validateProfile('defaultProfile', options.defaultProfile);
  if (options.executionProfiles !== undefined) {
    if (options.executionProfiles === null || typeof options.executionProfiles !== 'object') {
      throw new InvalidOptionsError(
        "option 'executionProfiles' must map profile names to ExecutionProfile objects",
      );
    }
    for (const [name, profile] of Object.entries(options.executionProfiles)) {
      validateProfile(`executionProfiles.${name}`, profile);
    }
  }
  const ts = options.timestampGenerator;
  if (ts !== undefined && ts !== false && typeof ts !== 'function') {
    checkPolicy('timestampGenerator', ts, ['next']);
  }
  if (options.metrics !== undefined && typeof options.metrics !== 'boolean') {
    throw new InvalidOptionsError(`option 'metrics' must be a boolean, got ${String(options.metrics)}`);
  }
  if (
    options.requestTracker !== undefined &&
    (options.requestTracker === null || typeof options.requestTracker !== 'object')
  ) {
    throw new InvalidOptionsError("option 'requestTracker' must be an object with onSuccess/onError methods");
  }
  validateClusterAwarenessOptions(options);
  return points;
}

/** Options of the control connection, metadata, schema agreement and policies. */
function validateClusterAwarenessOptions(options: ClusterOptions): void {
  checkPolicy('loadBalancingPolicy', options.loadBalancingPolicy, ['init', 'distance', 'newQueryPlan']);
  checkPolicy('reconnectionPolicy', options.reconnectionPolicy, ['newSchedule']);
  checkPolicy('convictionPolicy', options.convictionPolicy, ['addFailure', 'reset']);
  checkPolicy('addressTranslator', options.addressTranslator, ['translate']);
  checkPolicy('logger', options.logger, ['warn']);
  if (options.controlConnectionTimeoutMs !== undefined) {
    const v = options.controlConnectionTimeoutMs;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new InvalidOptionsError(
        `option 'controlConnectionTimeoutMs' must be a positive number of milliseconds, got ${String(v)}`,
      );
    }
  }
  for (const name of [
    'schemaEventRefreshWindowMs',
    'topologyEventRefreshWindowMs',
    'statusEventRefreshWindowMs',
    'maxSchemaAgreementWaitMs',
  ] as const) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new InvalidOptionsError(
        `option '${name}' must be a finite number of milliseconds (0 or less: off), got ${String(v)}`,
      );
    }
  }
  for (const name of [
    'schemaMetadataEnabled',
    'tokenMetadataEnabled',
    'prepareOnAllHosts',
    'reprepareOnUp',
  ] as const) {
    const v = options[name];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new InvalidOptionsError(`option '${name}' must be true or false, got ${String(v)}`);
    }
  }
}

/** Validates the options of `Cluster.connect()`. @internal */
export function validateConnectOptions(options: ConnectOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('connect(keyspace, options): options must be an object');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidOptionsError("connect() option 'signal' must be an AbortSignal");
  }
  if (options.waitForAllPools !== undefined && typeof options.waitForAllPools !== 'boolean') {
    throw new InvalidOptionsError(
      `connect() option 'waitForAllPools' must be true or false, got ${String(options.waitForAllPools)}`,
    );
  }
}

function checkConnectionsPerHost(v: ClusterOptions['connectionsPerHost']): void {
  if (v === undefined || typeof v === 'number') {
    checkPositiveInt('connectionsPerHost', v, 1, 64);
    return;
  }
  if (v === null || typeof v !== 'object') {
    throw new InvalidOptionsError(
      `option 'connectionsPerHost' must be a number or { local?, remote? }, got ${String(v)}`,
    );
  }
  checkPositiveInt('connectionsPerHost.local', v.local, 1, 64);
  checkPositiveInt('connectionsPerHost.remote', v.remote, 1, 64);
}

function checkPolicy(name: string, policy: object | undefined, methods: readonly string[]): void {
  if (policy === undefined) return;
  const missing =
    policy === null || typeof policy !== 'object'
      ? methods
      : methods.filter((m) => typeof (policy as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new InvalidOptionsError(
      `option '${name}' must be an object with method(s) ${methods.join(', ')}; missing ${missing.join(', ')}`,
    );
  }
}

/** Validates an execution profile. @internal */
export function validateProfile(where: string, p: ExecutionProfile): void {
  checkConsistency(`${where}.consistency`, p.consistency);
  checkConsistency(`${where}.serialConsistency`, p.serialConsistency);
  if (p.serialConsistency !== undefined && !isSerialConsistency(p.serialConsistency)) {
    throw new InvalidOptionsError(
      `option '${where}.serialConsistency' must be Consistency.SERIAL or Consistency.LOCAL_SERIAL, got ${p.serialConsistency}`,
    );
  }
  checkNonNegative(`${where}.requestTimeoutMs`, p.requestTimeoutMs);
  checkPositiveInt(`${where}.pageSize`, p.pageSize, 1, 2 ** 31 - 1);
  checkPolicy(`${where}.loadBalancingPolicy`, p.loadBalancingPolicy, ['init', 'distance', 'newQueryPlan']);
  checkPolicy(`${where}.retryPolicy`, p.retryPolicy, [
    'onReadTimeout',
    'onWriteTimeout',
    'onUnavailable',
    'onRequestError',
  ]);
  checkPolicy(`${where}.speculativeExecutionPolicy`, p.speculativeExecutionPolicy, ['newPlan']);
  if (p.rowShape !== undefined && p.rowShape !== 'object' && p.rowShape !== 'array') {
    throw new InvalidOptionsError(
      `option '${where}.rowShape' must be 'object' or 'array', got ${String(p.rowShape)}`,
    );
  }
}

/** Validates per-request options. @internal */
export function validateQueryOptions(o: QueryOptions): void {
  if (o === null || typeof o !== 'object') throw new InvalidOptionsError('request options must be an object');
  validateProfile('options', o);
  if (o.executionProfile !== undefined && typeof o.executionProfile !== 'string') {
    validateProfile('options.executionProfile', o.executionProfile);
  }
  checkNonNegative('options.timeoutMs', o.timeoutMs);
  if (o.pagingState !== undefined && !(o.pagingState instanceof Uint8Array)) {
    throw new InvalidOptionsError(
      "option 'pagingState' must be the Buffer returned by ResultSet.pagingState",
    );
  }
  if (o.nowInSeconds !== undefined && (!Number.isInteger(o.nowInSeconds) || o.nowInSeconds < 0)) {
    throw new InvalidOptionsError(
      `option 'nowInSeconds' must be a non-negative integer, got ${o.nowInSeconds}`,
    );
  }
  if (o.timestamp !== undefined && typeof o.timestamp !== 'bigint' && !Number.isSafeInteger(o.timestamp)) {
    throw new InvalidOptionsError(
      `option 'timestamp' must be microseconds since the epoch as a bigint or safe integer, got ${String(o.timestamp)}`,
    );
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new InvalidOptionsError("option 'signal' must be an AbortSignal");
  }
  if (o.routingKey !== undefined) checkRoutingKey(o.routingKey);
}

function checkRoutingKey(key: unknown): void {
  const parts = Array.isArray(key) ? key : [key];
  if (parts.length === 0 || !parts.every((p) => p instanceof Uint8Array)) {
    throw new InvalidOptionsError(
      "option 'routingKey' must be a Buffer/Uint8Array (the serialized partition key) or a non-empty array of them (the components of a composite key)",
    );
  }
  if (parts.length > 1 && parts.some((p: Uint8Array) => p.length > 0xffff)) {
    throw new InvalidOptionsError(
      "option 'routingKey': a component of a composite partition key holds at most 65535 bytes",
    );
  }
}

function parseContactPoint(cp: unknown, defaultPort: number, index: number): ContactPoint {
  if (typeof cp !== 'string' || cp.trim() === '') {
    throw new InvalidOptionsError(`contactPoints[${index}] must be a non-empty 'host' or 'host:port' string`);
  }
  const s = cp.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return withPort(bracketed[1] as string, bracketed[2], defaultPort, index);
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = s.split(':') as [string, string];
    return withPort(host, port, defaultPort, index);
  }
  return { host: s, port: defaultPort }; // a bare IPv6 address or a host name
}

function withPort(host: string, port: string | undefined, defaultPort: number, index: number): ContactPoint {
  if (port === undefined) return { host, port: defaultPort };
  const n = Number(port);
  checkPort(`contactPoints[${index}] port`, n);
  return { host, port: n };
}

function checkPort(name: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidOptionsError(`option '${name}' must be an integer port 1-65535, got ${String(port)}`);
  }
}

function checkPositiveInt(name: string, v: number | undefined, min: number, max: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new InvalidOptionsError(
      `option '${name}' must be an integer from ${min} to ${max}, got ${String(v)}`,
    );
  }
}

function checkNonNegative(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InvalidOptionsError(
      `option '${name}' must be a non-negative number of milliseconds, got ${String(v)}`,
    );
  }
}

function checkConsistency(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 0 || v > 0x0a) {
    throw new InvalidOptionsError(
      `option '${name}' must be a Consistency value (e.g. Consistency.QUORUM), got ${String(v)}`,
    );
  }
}
