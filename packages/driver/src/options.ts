/**
 * Option types of the Cluster, of connections, of execution profiles and of single requests, and
 * every default in one frozen table ({@link DEFAULTS}). Never holds validation (see
 * `options-validation.ts`) nor the code that applies the defaults (`cluster/cluster-config.ts`,
 * `connection/connection-options.ts`, `request/statement-request.ts`).
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import type { AuthProvider } from './connection/auth';
import type { TlsOptions } from './connection/connection-options';
import { Consistency } from './consistency';
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

/**
 * Every default of the driver's options, in one place (as the Java driver's `reference.conf`):
 * the Cluster's, the connections', the default execution profile's and `getQueryTrace`'s.
 * Frozen; policies that have state (load balancing, reconnection…) are created per cluster from
 * their own defaults.
 *
 * @internal
 */
export const DEFAULTS = deepFreeze({
  /** Native-protocol port of contact points that name none. */
  port: 9042,
  /** Compression: LZ4 when the server offers it and `lz4-napi` loads. */
  compression: true as boolean | 'lz4' | 'snappy',
  /** Bound of opening a connection, and of a pool's `USE`, in ms. */
  connectTimeoutMs: 5000,
  /** Idle time before a heartbeat, in ms (0: off). */
  heartbeatIntervalMs: 30_000,
  /** Time a heartbeat may go unanswered before the connection closes, in ms. */
  heartbeatTimeoutMs: 5000,
  /** Abandoned requests still holding a stream id above which a connection closes. */
  maxOrphanedStreams: 1024,
  /** Age of the oldest unanswered abandoned request above which a connection closes, in ms. */
  maxOrphanAgeMs: 60_000,
  /** Stream ids of a connection (all that protocol v3+ has). */
  maxStreams: 32768,
  socket: { noDelay: true, keepAlive: true, keepAliveDelayMs: 0 },
  connectionsPerHost: { local: 1, remote: 1 },
  maxRequestsPerConnection: 2048,
  /** ScyllaDB: connections to each shard of a node. */
  connectionsPerShard: 1,
  /** ScyllaDB: shard-aware pools and shard routing. */
  shardAwareness: true,
  /** Prepared statements a session keeps (LRU). */
  preparedCacheSize: 1000,
  metrics: false,
  controlConnectionTimeoutMs: 5000,
  schemaEventRefreshWindowMs: 2000,
  topologyEventRefreshWindowMs: 10_000,
  statusEventRefreshWindowMs: 2000,
  schemaMetadataEnabled: true,
  tokenMetadataEnabled: true,
  /** The wait for schema agreement after a schema change, in ms (≤ 0: off). */
  maxSchemaAgreementWaitMs: 10_000,
  /** `awaitSchemaAgreement()` without a timeout while `maxSchemaAgreementWaitMs` is off, in ms. */
  schemaAgreementWaitWhenOffMs: 10_000,
  prepareOnAllHosts: true,
  reprepareOnUp: true,
  /** `connect()` resolves once each pool has its first connection. */
  waitForAllPools: false,
  /** A request is not idempotent unless it says so (no retry elsewhere, no speculative execution). */
  idempotent: false,
  batchType: 'logged' as 'logged' | 'unlogged' | 'counter',
  /** The default execution profile's settings (its policies: {@link DEFAULT_EXECUTION_PROFILE}). */
  profile: {
    consistency: Consistency.LOCAL_ONE as Consistency,
    serialConsistency: Consistency.SERIAL as Consistency,
    requestTimeoutMs: 12_000,
    rowShape: 'object' as RowShape,
    pageSize: 5000,
  },
  /** `resultSet.all()`: rows gathered at most before it fails (a bound on memory). */
  resultSetAllMaxRows: 10_000,
  /** `session.getQueryTrace()`: how long to wait for a complete trace, the first poll interval, the reads' consistency. */
  queryTrace: { maxWaitMs: 2000, intervalMs: 5, consistency: Consistency.ONE as Consistency },
});

/** Defaults of the cluster's default execution profile: the settings of `DEFAULTS` (internal) and the stock policies. */
export const DEFAULT_EXECUTION_PROFILE: ResolvedExecutionProfile = Object.freeze({
  ...DEFAULTS.profile,
  loadBalancingPolicy: undefined,
  retryPolicy: new DefaultRetryPolicy(),
  speculativeExecutionPolicy: new NoSpeculativeExecutionPolicy(),
});

type DeepReadonly<T> = { readonly [K in keyof T]: T[K] extends object ? DeepReadonly<T[K]> : T[K] };

function deepFreeze<T extends object>(value: T): DeepReadonly<T> {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(value) as DeepReadonly<T>;
}

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
  /** ScyllaDB: connections to each shard of a node, instead of `connectionsPerHost` (default 1; docs/scylladb.md). */
  readonly connectionsPerShard?: number;
  /** ScyllaDB: shard-aware pools and shard routing (default true; `false`: `connectionsPerHost`, shards ignored). */
  readonly shardAwareness?: boolean;
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
 * The settings a statement can carry (see `Statement` and `PreparedStatement.withDefaults`): every
 * request option except those that belong to one call only (`pagingState`, `signal`). Anything
 * unset comes from the execution profile, then the cluster.
 *
 * @example
 * ```ts
 * const settings: StatementOptions = { consistency: Consistency.QUORUM, idempotent: true, pageSize: 100 };
 * const byId = new Statement('SELECT * FROM users WHERE id = ?', [id], settings);
 * ```
 */
export interface StatementOptions {
  /** Consistency level. */
  readonly consistency?: Consistency;
  /** Serial consistency for conditional updates. */
  readonly serialConsistency?: Consistency;
  /** Rows per page. */
  readonly pageSize?: number;
  /** `false` fetches every row in one response (no paging; risky on large results). Default `true`. */
  readonly paging?: boolean;
  /** Write timestamp in microseconds since the epoch. */
  readonly timestamp?: bigint | number;
  /** Whether the statement can be safely applied twice (enables retries on other hosts). Default `false`. */
  readonly idempotent?: boolean;
  /** Ask the coordinator to trace the request; the result then carries `tracingId` and `trace()`. */
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
  /**
   * `true`: prepare the query (once per text, cached) and execute it as a prepared statement.
   * `false`: never prepare it; values are encoded from their JavaScript types (see `hints`).
   * Unset (default): a query with values whose CQL type the JavaScript value does not settle
   * (a `number` may be an `int`, a `bigint`, a `float`…) is prepared to learn the types, once per
   * text; other queries are sent as they are.
   */
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
  /**
   * A short, low-cardinality name of the request for observers (`RequestStart.summary`): the
   * OpenTelemetry instrumentation names the span after it (`db.query.summary`). The mapper sets
   * `{operation} {Entity}`, e.g. `findOne User`.
   */
  readonly summary?: string;
}

/**
 * Options of one request: a statement's settings ({@link StatementOptions}) and what belongs to
 * one call. They win over the statement's own settings, which win over the execution profile,
 * then the cluster.
 *
 * Options used for many calls can be kept in a constant and frozen (`Object.freeze`): a frozen
 * object is checked and resolved against its profile the first time `execute` sees it, then
 * reused (each request still gets its own client timestamp). An object that is not frozen is
 * checked and resolved on every call, since it may have changed.
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
 *
 * const QUORUM: QueryOptions = Object.freeze({ consistency: Consistency.QUORUM, idempotent: true });
 * await session.execute(insertUser, [id, 'Ann'], QUORUM); // resolved once, then reused
 * ```
 */
export interface QueryOptions extends StatementOptions {
  /**
   * Continue after the page that returned this state ({@link ResultSet.pagingState}); `null` or
   * `undefined`: from the first page (a cursor read back from JSON or a database may be `null`).
   */
  readonly pagingState?: Buffer | null;
  /** Aborts the request at any stage. */
  readonly signal?: AbortSignal;
}
