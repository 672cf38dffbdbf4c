import { resolveClusterOptions, type ClusterConfig } from './cluster/cluster-config';
import { ClusterRuntime } from './cluster/cluster-runtime';
import { captureClusterState, type ClusterState } from './cluster/cluster-state';
import { resolveContactPoints } from './cluster/contact-points';
import type { Host } from './cluster/host';
import type { HostStateListener } from './cluster/host-registry';
import { SchemaMetadata, type SchemaScope } from './cluster/metadata';
import { TokenMap } from './routing/token-map';
import { UserTypeRegistry } from './cluster/user-type-registry';
import type { ResolvedConnectionOptions } from './connection/connection-options';
import { ClusterShutdownError, InvalidOptionsError, UserTypeDoesNotExistError } from './errors';
import {
  DEFAULTS,
  type ClusterOptions,
  type ConnectOptions,
  type ExecutionProfile,
  type ResolvedExecutionProfile,
} from './options';
import { checkOptionNames, OPTION_NAMES } from './option-names';
import { validateAgreementTimeout, validateConnectOptions } from './options-validation';
// Internal helpers (stripped from the declarations): imported from their modules, not the barrel.
import { clearColumnSpecCache } from './protocol/messages/column-spec-cache';
import { clearRowWalkers } from './protocol/messages/row-materializer';
import type { ProtocolVersion } from './protocol/opcodes';
import type { LoadBalancingPolicy } from './policies/load-balancing';
import { DriverMetrics, type MetricsSnapshot } from './observability/driver-metrics';
import { ExecutionProfiles } from './request/execution-profiles';
import { TimerQueue } from './structures/timer-queue';
import { Session } from './session';
import type { SchemaAgreementOptions } from './session/schema-agreement-calls';
import { Uuid, type CodecOptions } from './types';

/**
 * Clusters of this process that started their runtime. The decode caches (column-spec sections,
 * row walkers) are shared by all of them; the last one to shut down empties them.
 */
let startedClusters = 0;

/**
 * The entry point: a cluster of Cassandra/ScyllaDB nodes reached through its contact points.
 * Create one per cluster, `connect()` sessions from it, and `shutdown()` it at the end (or use
 * `await using`).
 *
 * The first `connect()` opens the **control connection** to a contact point, discovers every node
 * (`system.local`, `system.peers_v2`), loads the schema and the token map, and subscribes to the
 * cluster's topology, status and schema events; the metadata then stays up to date. Sessions
 * keep a connection pool per host, sized by the host's distance, and route each request through
 * the load-balancing policy (by default token-aware over DC-aware round robin).
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 *
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
 * const session = await cluster.connect('shop');
 * const rs = await session.execute('SELECT release_version FROM system.local');
 * console.log(rs.first(), cluster.hosts().map((h) => `${h.endpoint} ${h.datacenter} ${h.isUp}`));
 * ```
 */
export class Cluster implements AsyncDisposable {
  private readonly timers = new TimerQueue();
  private readonly sessions = new Set<Session>();
  private readonly profiles: ExecutionProfiles;
  private readonly profilePolicies: LoadBalancingPolicy[] = [];
  private readonly metricsCollector: DriverMetrics | undefined;
  private readonly codecOptions: CodecOptions;
  private readonly userTypes = new UserTypeRegistry();
  private readonly config: ClusterConfig;
  private readonly pendingListeners = new Set<HostStateListener>();
  private runtime: ClusterRuntime<SchemaMetadata> | undefined;
  private starting: Promise<ClusterRuntime<SchemaMetadata>> | undefined;
  private isShutdown = false;

  constructor(readonly options: ClusterOptions) {
    const config = resolveClusterOptions(options);
    this.config = config;
    this.profiles = new ExecutionProfiles(config.defaultProfile, (policy) => {
      this.profilePolicies.push(policy);
      this.runtime?.addLoadBalancingPolicy(policy);
    });
    for (const [name, profile] of Object.entries(options.executionProfiles ?? {}))
      this.profiles.add(name, profile);
    this.metricsCollector = config.metrics
      ? new DriverMetrics(() => {
          let openConnections = 0;
          let inFlight = 0;
          for (const s of this.sessions) {
            const load = s.load();
            openConnections += load.openConnections;
            inFlight += load.inFlight;
          }
          const connectionsPerShard: Record<string, number[]> = {};
          for (const host of this.runtime?.hosts() ?? []) {
            const counts = this.runtime?.connectionsPerShard(host);
            if (counts !== undefined) connectionsPerShard[host.endpoint] = counts;
          }
          return { openConnections, inFlight, connectionsPerShard };
        })
      : undefined;
    // One stable options object per cluster: codecs are cached per options and per UDT hook.
    this.codecOptions = {
      ...(options.int64As ? { int64As: options.int64As } : {}),
      ...(options.setsAs ? { setsAs: options.setsAs } : {}),
      userTypeFor: this.userTypes.lookup,
    };
  }

  /** The hosts known to the driver (empty before the first `connect()`). */
  hosts(): readonly Host[] {
    return this.runtime?.hosts() ?? [];
  }

  /** The default execution profile (cluster defaults applied). */
  get defaultProfile(): ResolvedExecutionProfile {
    return this.profiles.defaults;
  }

  /**
   * The execution profile registered under `name`, or the default one without a name (every field
   * resolved).
   *
   * @throws InvalidOptionsError for an unknown name (the message lists the known ones).
   */
  executionProfile(name?: string): ResolvedExecutionProfile {
    return this.profiles.get(name);
  }

  /** Names of the registered execution profiles. */
  executionProfileNames(): string[] {
    return this.profiles.names();
  }

  /**
   * Registers a named execution profile at runtime (as the Python driver's `add_execution_profile`);
   * requests choose it with `{ executionProfile: name }`. Unset fields come from the default profile.
   * A load-balancing policy it brings is initialised with the cluster's hosts.
   *
   * @throws InvalidOptionsError when the name is taken or the profile is invalid.
   * @example
   * ```ts
   * cluster.addExecutionProfile('analytics', {
   *   consistency: Consistency.ALL,
   *   requestTimeoutMs: 60_000,
   *   speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(200, 2),
   * });
   * await session.execute('SELECT * FROM big', [], { executionProfile: 'analytics' });
   * ```
   */
  addExecutionProfile(name: string, profile: ExecutionProfile): ResolvedExecutionProfile {
    this.checkOpen('addExecutionProfile()');
    return this.profiles.add(name, profile);
  }

  /**
   * A snapshot of the driver's metrics (requests, errors by class, retries, speculative
   * executions, timeouts, latency percentiles, open connections, in-flight requests), or
   * `undefined` unless the cluster was created with `metrics: true`.
   */
  metrics(): MetricsSnapshot | undefined {
    return this.metricsCollector?.snapshot();
  }

  /** The negotiated protocol version, once connected. */
  get protocolVersion(): ProtocolVersion | undefined {
    return this.runtime?.protocolVersion as ProtocolVersion | undefined;
  }

  /**
   * The current schema metadata snapshot (empty before the first `connect()`): keyspaces, tables,
   * views, indexes, user types, functions and aggregates, each able to print its CQL. Refreshes
   * replace the snapshot; one you hold never changes.
   *
   * @example
   * ```ts
   * const orders = cluster.schema.keyspace('shop')?.table('orders');
   * console.log(orders?.toCql());
   * ```
   */
  get schema(): SchemaMetadata {
    return this.runtime?.metadata.schema ?? SchemaMetadata.EMPTY;
  }

  /** The current token map (empty before the first `connect()` or with `tokenMetadataEnabled: false`). */
  get tokenMap(): TokenMap {
    return this.runtime?.metadata.tokenMap ?? TokenMap.EMPTY;
  }

  /**
   * An immutable snapshot of hosts (with up/down state, distance, open connections), schema and
   * token map, all taken at once.
   *
   * @example
   * ```ts
   * const { hosts, tokenMap } = cluster.getClusterState();
   * console.log(hosts.filter((h) => !h.isUp).map((h) => h.endpoint), tokenMap.tokenCount);
   * ```
   */
  getClusterState(): ClusterState<SchemaMetadata> {
    const runtime = this.runtime;
    const metadata = runtime?.metadata;
    return captureClusterState({
      hosts: runtime?.hosts() ?? [],
      controlHost: runtime?.controlHost,
      protocolVersion: runtime?.protocolVersion,
      schema: metadata?.schema ?? SchemaMetadata.EMPTY,
      tokenMap: metadata?.tokenMap ?? TokenMap.EMPTY,
      partitioner: metadata?.partitioner,
      distance: (host) => runtime?.distance(host) ?? 'ignored',
      openConnections: (host) => runtime?.openConnections(host) ?? 0,
      connectionsPerShard: (host) => runtime?.connectionsPerShard(host),
    });
  }

  /**
   * The replicas of a partition, primary first: by routing key (the serialized partition key, see
   * `composeRoutingKey` for composite keys) or by token. Empty when the keyspace or its tokens are
   * unknown.
   *
   * @example
   * ```ts
   * const replicas = cluster.getReplicas('shop', Buffer.from('customer-42'));
   * ```
   */
  getReplicas(keyspace: string, routingKeyOrToken: Uint8Array | bigint): readonly Host[] {
    if (typeof keyspace !== 'string' || keyspace === '') {
      throw new InvalidOptionsError('getReplicas(keyspace, key): keyspace must be a non-empty string');
    }
    if (!(routingKeyOrToken instanceof Uint8Array) && typeof routingKeyOrToken !== 'bigint') {
      throw new InvalidOptionsError(
        'getReplicas(keyspace, key): key must be a routing key (Buffer/Uint8Array) or a token (bigint)',
      );
    }
    return this.tokenMap.getReplicas(keyspace, routingKeyOrToken);
  }

  /**
   * Binds a class to a user-defined type, as the Python driver's `register_user_type`: values of
   * the type decode to instances of `ctor` (created without arguments, then assigned field by
   * field) in every session of the cluster, and instances of `ctor` bind as values of the type.
   * Unregistered types decode to plain objects. `fields` maps CQL field names to differently named
   * properties. Registering a type again replaces its class.
   *
   * @throws UserTypeDoesNotExistError when the keyspace has no such type (names are exact, as stored).
   * @example
   * ```ts
   * class Address { street?: string; zipCode?: number }
   * await cluster.registerUserType('shop', 'address', Address, { fields: { zip_code: 'zipCode' } });
   * const row = (await session.execute('SELECT home FROM shop.users WHERE id = ?', [id])).first();
   * row?.home instanceof Address; // true
   * ```
   */
  async registerUserType(
    keyspace: string,
    udtName: string,
    ctor: new () => object,
    options: { readonly fields?: Readonly<Record<string, string>> } = {},
  ): Promise<void> {
    name(keyspace);
    name(udtName);
    if (typeof ctor !== 'function') {
      throw new InvalidOptionsError('registerUserType(keyspace, name, ctor): ctor must be a class');
    }
    const fields = options.fields ?? {};
    if (
      typeof fields !== 'object' ||
      fields === null ||
      Object.values(fields).some((p) => typeof p !== 'string')
    ) {
      throw new InvalidOptionsError(
        "registerUserType(): option 'fields' must map CQL field names to property names",
      );
    }
    const find = () => this.schema.keyspace(keyspace)?.userType(udtName);
    let type = find();
    if (type === undefined) {
      if (this.schema.keyspace(keyspace) === undefined) await this.refreshKeyspaceMetadata(keyspace);
      else await this.refreshUserTypeMetadata(keyspace, udtName);
      type = find();
    }
    if (type === undefined) throw new UserTypeDoesNotExistError(keyspace, udtName);
    const known = new Set(type.fields.map((f) => f.name));
    for (const field of Object.keys(fields)) {
      if (!known.has(field)) {
        throw new InvalidOptionsError(
          `registerUserType(): '${field}' is not a field of ${keyspace}.${udtName} (fields: ${[...known].join(', ')})`,
        );
      }
    }
    this.userTypes.set(keyspace, udtName, { ctor, ...(options.fields ? { properties: { ...fields } } : {}) });
  }

  /**
   * Opens a session: connection pools to the hosts, switched to `keyspace` when given. The first
   * call also starts the control connection and loads the metadata. Resolves once every pool has
   * its first connection or failed (with `waitForAllPools`, once every pool is full or failed);
   * rejects with `NoHostAvailableError` (listing each host's error) when no host could be reached.
   *
   * @example
   * ```ts
   * const session = await cluster.connect('shop', { signal: AbortSignal.timeout(10_000) });
   * ```
   */
  async connect(keyspace?: string, options: ConnectOptions = {}): Promise<Session> {
    this.checkOpen('connect()');
    if (keyspace !== undefined && (typeof keyspace !== 'string' || keyspace === '')) {
      throw new InvalidOptionsError('connect(keyspace): keyspace must be a non-empty string');
    }
    validateConnectOptions(options);
    const runtime = await this.start();
    const config = this.config;
    const session = Session.create({
      owner: this,
      cluster: runtime,
      pool: {
        maxRequestsPerConnection: config.maxRequestsPerConnection,
        connection: this.connectionOptions(runtime.protocolVersion),
        reconnectionPolicy: config.reconnectionPolicy,
        timers: this.timers,
        useKeyspaceTimeoutMs: config.connection.connectTimeoutMs,
        connectionsPerShard: config.connectionsPerShard,
        shardAwareness: config.shardAwareness,
        logger: config.logger,
      },
      poolSize: config.poolSize,
      timers: this.timers,
      profiles: this.profiles,
      timestamps: config.timestampGenerator,
      metrics: this.metricsCollector,
      tracker: this.options.requestTracker,
      codecOptions: this.codecOptions,
      preparedCacheSize: config.preparedCacheSize,
      prepareOnAllHosts: config.prepareOnAllHosts,
      reprepareOnUp: config.reprepareOnUp,
      schemaAgreementWaitMs: config.schemaAgreementWaitMs,
      logger: config.logger,
      onShutdown: (s) => this.sessions.delete(s),
    });
    this.sessions.add(session);
    try {
      await session.open(options.waitForAllPools ?? DEFAULTS.waitForAllPools, options.signal);
      if (keyspace !== undefined) await session.useKeyspace(keyspace, keyspace !== keyspace.toLowerCase());
    } catch (e) {
      await session.shutdown();
      throw e;
    }
    return session;
  }

  /** Reads `system.local` and the peers table again: hosts added, removed or changed, and the token map. */
  async refreshNodes(): Promise<void> {
    await (await this.started('refreshNodes()')).refreshNodes();
  }

  /** Reloads the whole schema (and every keyspace's replication). */
  async refreshSchemaMetadata(): Promise<void> {
    return this.refresh('refreshSchemaMetadata()', { kind: 'all' });
  }

  /** Reloads one keyspace with everything in it (and its replication). */
  async refreshKeyspaceMetadata(keyspace: string): Promise<void> {
    return this.refresh('refreshKeyspaceMetadata()', { kind: 'keyspace', keyspace: name(keyspace) });
  }

  /** Reloads one table or materialized view (with its indexes). */
  async refreshTableMetadata(keyspace: string, table: string): Promise<void> {
    return this.refresh('refreshTableMetadata()', {
      kind: 'table',
      keyspace: name(keyspace),
      table: name(table),
    });
  }

  /** Reloads one user-defined type. */
  async refreshUserTypeMetadata(keyspace: string, type: string): Promise<void> {
    return this.refresh('refreshUserTypeMetadata()', {
      kind: 'type',
      keyspace: name(keyspace),
      type: name(type),
    });
  }

  /**
   * Reloads one function overload, identified by its argument types (CQL type text).
   *
   * @example
   * ```ts
   * await cluster.refreshFunctionMetadata('shop', 'discount', ['decimal', 'int']);
   * ```
   */
  async refreshFunctionMetadata(
    keyspace: string,
    functionName: string,
    argTypes: readonly string[],
  ): Promise<void> {
    return this.refresh('refreshFunctionMetadata()', {
      kind: 'function',
      keyspace: name(keyspace),
      name: name(functionName),
      argTypes: typeList(argTypes),
    });
  }

  /** Reloads one aggregate overload, identified by its argument types (CQL type text). */
  async refreshAggregateMetadata(
    keyspace: string,
    aggregateName: string,
    argTypes: readonly string[],
  ): Promise<void> {
    return this.refresh('refreshAggregateMetadata()', {
      kind: 'aggregate',
      keyspace: name(keyspace),
      name: name(aggregateName),
      argTypes: typeList(argTypes),
    });
  }

  /**
   * The schema version every up node reports right now, or `null` when they do not agree (one
   * check, no waiting).
   *
   * @example
   * ```ts
   * const version = await cluster.checkSchemaAgreement();
   * if (version === null) console.log('schema changes are still propagating');
   * ```
   */
  async checkSchemaAgreement(): Promise<Uuid | null> {
    const { agreedVersion } = await (await this.started('checkSchemaAgreement()')).readSchemaVersions();
    return agreedVersion === undefined ? null : Uuid.parse(agreedVersion);
  }

  /**
   * Waits until every up node reports the same schema version, and returns it (default timeout:
   * the `maxSchemaAgreementWaitMs` option, or 10 s when that is off).
   *
   * @throws SchemaAgreementError naming each node's schema version when the timeout passes
   * @example
   * ```ts
   * const version = await cluster.awaitSchemaAgreement({ timeoutMs: 30_000 });
   * ```
   */
  async awaitSchemaAgreement(options: SchemaAgreementOptions = {}): Promise<Uuid> {
    checkOptionNames('awaitSchemaAgreement() option', options, OPTION_NAMES.schemaAgreement);
    const runtime = await this.started('awaitSchemaAgreement()');
    const timeoutMs = validateAgreementTimeout(options.timeoutMs) ?? this.config.schemaAgreementWaitMs;
    return Uuid.parse(await runtime.awaitSchemaAgreement(timeoutMs, options.signal));
  }

  /**
   * Registers a listener of hosts added, removed, up and down; returns a function that removes it.
   *
   * @example
   * ```ts
   * const stop = cluster.addHostStateListener({ onDown: (h) => alert(`${h.endpoint} down`) });
   * stop();
   * ```
   */
  addHostStateListener(listener: HostStateListener): () => void {
    if (listener === null || typeof listener !== 'object') {
      throw new InvalidOptionsError(
        'addHostStateListener(listener): listener must be an object with onAdd/onRemove/onUp/onDown methods',
      );
    }
    this.pendingListeners.add(listener);
    this.runtime?.registry.addListener(listener);
    return () => {
      this.removeHostStateListener(listener);
    };
  }

  /** Removes a host state listener; returns whether it was registered. */
  removeHostStateListener(listener: HostStateListener): boolean {
    const known = this.pendingListeners.delete(listener);
    this.runtime?.registry.removeListener(listener);
    return known;
  }

  /** Shuts down every session, the control connection and every timer. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await Promise.all([...this.sessions].map((s) => s.shutdown()));
    await this.starting?.catch(() => undefined);
    await this.runtime?.shutdown();
    this.timers.clear();
    if (this.runtime !== undefined && --startedClusters === 0) {
      clearColumnSpecCache();
      clearRowWalkers();
    }
  }

  /** `await using cluster = new Cluster(…)` shuts it down at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Starts the control connection once (again after a failed start). */
  private start(): Promise<ClusterRuntime<SchemaMetadata>> {
    this.starting ??= this.startRuntime().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startRuntime(): Promise<ClusterRuntime<SchemaMetadata>> {
    const hosts = await resolveContactPoints(this.config.contactPoints);
    const runtime = new ClusterRuntime<SchemaMetadata>({
      config: this.config,
      emptySchema: SchemaMetadata.EMPTY,
      timers: this.timers,
      retryPolicy: this.profiles.defaults.retryPolicy,
      port: this.config.port,
      connectionOptions: (version) => this.connectionOptions(version),
    });
    try {
      await runtime.start(hosts);
    } catch (error) {
      await runtime.shutdown();
      throw error;
    }
    if (this.isShutdown) {
      await runtime.shutdown();
      throw new ClusterShutdownError('the cluster was shut down while connecting');
    }
    for (const listener of this.pendingListeners) runtime.registry.addListener(listener);
    for (const policy of this.profilePolicies) runtime.addLoadBalancingPolicy(policy);
    this.runtime = runtime;
    startedClusters++;
    return runtime;
  }

  private async started(what: string): Promise<ClusterRuntime<SchemaMetadata>> {
    this.checkOpen(what);
    return this.start();
  }

  private async refresh(what: string, scope: SchemaScope): Promise<void> {
    await (await this.started(what)).refreshSchema(scope);
  }

  private checkOpen(what: string): void {
    if (this.isShutdown) throw new ClusterShutdownError(`${what}: the cluster was shut down`);
  }

  /** The options of a new connection: the pinned protocol version, else the negotiated one. */
  private connectionOptions(negotiated: number | undefined): ResolvedConnectionOptions {
    const resolved = this.config.connection;
    if (resolved.protocolVersion !== undefined || negotiated === undefined) return resolved;
    return { ...resolved, protocolVersion: negotiated as ProtocolVersion };
  }
}

/** A schema element name argument, validated. */
function name(value: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidOptionsError(`schema element names must be non-empty strings, got ${String(value)}`);
  }
  return value;
}

function typeList(argTypes: readonly string[]): readonly string[] {
  if (!Array.isArray(argTypes) || !argTypes.every((t) => typeof t === 'string' && t !== '')) {
    throw new InvalidOptionsError(
      "argTypes must be an array of CQL type names, e.g. ['int', 'text'] ([] for no arguments)",
    );
  }
  return argTypes;
}
