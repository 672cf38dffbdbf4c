/**
 * `Session`: runs statements through its own pools — `execute`, `iterate`, `prepare`, `batch`,
 * keyspace switching, shutdown — and the rest of its public API, which delegates to the files of
 * `session/` (wiring types, schema-agreement calls, trace fetching, batch preparation, pool
 * introspection). Never holds the request pipeline itself (`request/`), pools (`pool/`) or
 * cluster state (`cluster/`).
 *
 * @packageDocumentation
 */

import type { Cluster } from './cluster';
import type { ClusterState } from './cluster/cluster-state';
import type { SchemaMetadata } from './cluster/metadata';
import { ClusterShutdownError, InvalidOptionsError } from './errors';
import type { MetricsSnapshot } from './observability/driver-metrics';
import type { Host } from './cluster/host';
import { SessionPools } from './pool/session-pools';
import type { HostPoolState } from './pool/host-pool';
import { publishSessionConnect, publishSessionShutdown } from './observability/diagnostics';
import type { Connection } from './connection/connection';
import { CqlIdentifier } from './cql/cql-identifier';
import type { QueryOptions, ResolvedExecutionProfile } from './options';
import { validateBatchOptions, validatePrepareOptions, validateQueryOptions } from './options-validation';
import type { ProtocolVersion } from './protocol/opcodes';
import { runBatch, type BatchOptions, type BatchStatement } from './request/batch-request';
import { PreparedStatement } from './request/prepared-statement';
import { mergeOptions, Statement } from './request/statement';
import type { ExecutionEnvironment } from './request/request-executor';
import type { ResultSet } from './request/result-set';
import { StatementPreparer, type PrepareOptions } from './request/statement-preparer';
import {
  CallOptionsResolver,
  resolveRequestOptions,
  type ResolvedRequestOptions,
} from './request/request-options';
import { runStatement, type SessionContext } from './request/statement-request';
import { bindPrepared, bindUnprepared, needsServerTypes, type Params } from './request/value-binder';
import type { Uuid } from './types';
import type { QueryTrace, TraceFetchOptions } from './observability/query-trace';
import type { RequestInitListener } from './observability/request-events';
import { prepareBatchTexts } from './session/batch-preparation';
import { connectionCountsOf, loadOf, poolStatesOf, protocolVersionOf } from './session/pool-introspection';
import {
  awaitAgreedVersion,
  checkAgreedVersion,
  type SchemaAgreementOptions,
} from './session/schema-agreement-calls';
import type { SessionInit } from './session/session-init';
import { keyspaceNameOf } from './session/keyspace-name';
import { fetchTraceThrough } from './session/trace-fetch';

/** A row as an object keyed by column name (the default row type). */
export type Row = Record<string, unknown>;

/**
 * A session runs statements on the cluster through its own connection pools. Get one from
 * {@link Cluster.connect}; it is safe to share across the whole application.
 *
 * Paging comes three ways, as in the ScyllaDB Rust driver:
 * - **one page**: `execute()` returns the first page (`pageSize`, default 5000) with
 *   `hasMorePages`/`pagingState`; pass `pagingState` back to continue later;
 * - **all pages**: `for await (const row of session.iterate(…))`, fetching the next page while
 *   the current one is consumed;
 * - **unpaged**: `execute(…, { paging: false })` returns every row in one response.
 *
 * @example
 * ```ts
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
 * await using session = await cluster.connect('shop');
 * interface Product { id: Uuid; name: string; price: BigDecimal }
 * const rs = await session.execute<Product>('SELECT * FROM products WHERE id = ?', [id], { prepare: true });
 * console.log(rs.first()?.name);
 * ```
 */
export class Session implements AsyncDisposable {
  private currentKeyspace: string | undefined;
  private isShutdown = false;
  private readonly preparer: StatementPreparer;
  private readonly ctx: SessionContext;
  /** Call options resolved against the profiles (once for frozen objects and for none). */
  private readonly callOptions: CallOptionsResolver;
  private readonly pools: SessionPools;
  private readonly detach: () => void;
  private readonly initListeners = new Set<RequestInitListener>();

  /** Sessions come from `Cluster.connect`. */
  private constructor(private readonly init: SessionInit) {
    const cluster = init.cluster;
    this.pools = new SessionPools({
      hosts: () => cluster.hosts(),
      distance: (host) => cluster.distance(host),
      poolSize: init.poolSize,
      pool: init.pool,
      reportFailure: (host, error) => cluster.reportFailure(host, error),
      hostConnected: (host, connection) => this.hostConnected(host, connection),
      explainNoHosts: () => cluster.explainNoHosts(),
    });
    const env: ExecutionEnvironment = {
      queryPlan: (routing) => cluster.queryPlan(routing),
      pool: (host) => this.pools.get(host),
      timers: init.timers,
      observers: { metrics: init.metrics, tracker: init.tracker, initListeners: this.initListeners },
      tablets: cluster.tablets.map,
    };
    this.preparer = new StatementPreparer({
      env,
      retryPolicy: init.profiles.defaults.retryPolicy,
      timeoutMs: init.profiles.defaults.requestTimeoutMs,
      capacity: init.preparedCacheSize,
      prepareOnAllHosts: init.prepareOnAllHosts,
      keyspace: () => this.currentKeyspace,
      pools: () => this.pools.all(),
      logger: init.logger,
    });
    this.callOptions = new CallOptionsResolver(init.profiles);
    this.ctx = {
      env,
      profiles: init.profiles,
      timestamps: init.timestamps,
      codecOptions: init.codecOptions,
      keyspace: () => this.currentKeyspace,
      queryTrace: (tracingId, options) => this.getQueryTrace(tracingId, options),
      onKeyspaceChanged: (ks) => this.switchPools(CqlIdentifier.fromInternal(ks).asCql(false), ks),
      onSchemaChange: (change, coordinator, connection) =>
        cluster.afterSchemaChange(change, coordinator, connection),
      learnTablet: (keyspace, table, value) => cluster.tablets.learn(keyspace, table, value),
    };
    this.detach = cluster.attachSession(this.pools);
  }

  /** Builds a session (called by `Cluster.connect`, which then opens it). @internal */
  static create(init: SessionInit): Session {
    return new Session(init);
  }

  /**
   * Opens the pools. @internal (called by `Cluster.connect`)
   */
  async open(waitForAllPools: boolean, signal: AbortSignal | undefined): Promise<void> {
    await this.pools.connect(waitForAllPools, signal);
    publishSessionConnect(this);
  }

  /**
   * The cluster this session belongs to: its schema metadata (`session.cluster.schema`), token
   * map, hosts, user-type registrations and metadata refreshes.
   *
   * @example
   * ```ts
   * const orders = session.cluster.schema.keyspace('shop')?.table('orders');
   * ```
   */
  get cluster(): Cluster {
    return this.init.owner;
  }

  /** The session's current keyspace (set by `connect(keyspace)`, `useKeyspace` or a `USE` statement). */
  get keyspace(): string | undefined {
    return this.currentKeyspace;
  }

  /** The protocol version spoken (of the first open connection), once connected. */
  get protocolVersion(): ProtocolVersion | undefined {
    return protocolVersionOf(this.pools.all());
  }

  /**
   * Open connections of this session by host endpoint (hosts without a pool are not listed).
   *
   * @example
   * ```ts
   * session.connectionCounts(); // Map { '127.0.0.1:9042' => 1, '127.0.0.2:9042' => 1 }
   * ```
   */
  connectionCounts(): ReadonlyMap<string, number> {
    return connectionCountsOf(this.pools.all());
  }

  /** Statements in the session's prepared cache (pending preparations included). @internal */
  get preparedCount(): number {
    return this.preparer.size;
  }

  /**
   * The load of this session's pool of each host, by host endpoint: open connections, those busy,
   * requests in flight and how many the connections can carry at once (pool saturation is
   * `inFlight / capacity`).
   *
   * @example
   * ```ts
   * for (const [host, p] of session.poolStates()) {
   *   console.log(`${host}: ${p.openConnections} connections, ${p.inFlight}/${p.capacity} requests in flight`);
   * }
   * ```
   */
  poolStates(): ReadonlyMap<string, HostPoolState> {
    return poolStatesOf(this.pools.all());
  }

  /** Open connections and requests in flight over the session's pools (for metrics). @internal */
  load(): { openConnections: number; inFlight: number } {
    return loadOf(this.pools.all());
  }

  /**
   * An immutable snapshot of the cluster: hosts (with their state, distance and open
   * connections), schema and token map, as the Rust driver's `Session::get_cluster_state`.
   *
   * @example
   * ```ts
   * const { hosts } = session.getClusterState();
   * console.log(hosts.filter((h) => h.isUp).length, 'hosts up');
   * ```
   */
  getClusterState(): ClusterState<SchemaMetadata> {
    return this.init.owner.getClusterState();
  }

  /**
   * The driver's metrics (requests, errors, retries, latency percentiles…), or `undefined` unless
   * the cluster was created with `metrics: true` (the Rust driver's `Session::get_metrics`).
   */
  metrics(): MetricsSnapshot | undefined {
    return this.init.owner.metrics();
  }

  /**
   * Reloads the node list, the token map and the whole schema now, as the Rust driver's
   * `Session::refresh_metadata` (the metadata also follows the cluster's events by itself).
   *
   * @example
   * ```ts
   * await session.refreshMetadata();
   * console.log(session.cluster.schema.keyspace('shop')?.tables.length);
   * ```
   */
  async refreshMetadata(): Promise<void> {
    this.checkOpen();
    await this.init.owner.refreshNodes();
    await this.init.owner.refreshSchemaMetadata();
  }

  /** The cluster's default execution profile, every field resolved. */
  get defaultProfile(): ResolvedExecutionProfile {
    return this.init.owner.defaultProfile;
  }

  /**
   * The schema version every up node reports right now, or `null` when they do not agree (one
   * check, no waiting), as the Rust driver's `check_schema_agreement`.
   *
   * @example
   * ```ts
   * if ((await session.checkSchemaAgreement()) === null) await session.awaitSchemaAgreement();
   * ```
   */
  async checkSchemaAgreement(): Promise<Uuid | null> {
    this.checkOpen();
    return checkAgreedVersion(this.init.cluster);
  }

  /**
   * Waits until every up node reports the same schema version, and returns it.
   *
   * @throws SchemaAgreementError (with each node's version) when the timeout passes first
   * @example
   * ```ts
   * await session.execute('ALTER TABLE users ADD email text');
   * const version = await session.awaitSchemaAgreement({ timeoutMs: 30_000 });
   * ```
   */
  async awaitSchemaAgreement(options: SchemaAgreementOptions = {}): Promise<Uuid> {
    this.checkOpen();
    return awaitAgreedVersion(this.init.cluster, options, this.init.schemaAgreementWaitMs);
  }

  /**
   * Executes a statement and returns its first page (or all rows with `paging: false`).
   * Parameters are positional (`?` markers, an array) or named (`:name` markers, an object).
   * Prepared statements encode values from the server's metadata. Unprepared ones take the CQL
   * type of each value from its JavaScript type when that settles it (a string, a bigint, a Uuid…)
   * or from `hints`; when some value does not settle it (a `number`: int? bigint? double?), the
   * statement is prepared first to learn the types — one extra round trip the first time a text
   * is run, then cached (`prepare: false` infers instead: numbers as doubles). Either way, a value
   * that does not fit raises a `ValueEncodingError` before anything is sent.
   *
   * @example
   * ```ts
   * await session.execute('INSERT INTO users (id, name) VALUES (:id, :name)', { id, name: 'Ann' }, { prepare: true });
   * const { rows } = await session.execute<{ name: string }>('SELECT name FROM users WHERE id = ?', [id]);
   * ```
   */
  execute<R = Row>(statement: Statement, options?: QueryOptions): Promise<ResultSet<R>>;
  execute<R = Row>(
    query: string | PreparedStatement,
    params?: Params,
    options?: QueryOptions,
  ): Promise<ResultSet<R>>;
  execute<R = Row>(
    statement: string | PreparedStatement | Statement,
    paramsOrOptions?: Params | QueryOptions,
    callOptions?: QueryOptions,
  ): Promise<ResultSet<R>> {
    // Not an async function: returning runStatement's promise from one would add two microtask
    // hops per request. Errors found before sending still come back as a rejected promise.
    try {
      this.checkOpen();
      let query: string | PreparedStatement;
      let params: Params | undefined;
      let options: QueryOptions | undefined;
      let opts: ResolvedRequestOptions;
      if (statement instanceof Statement) {
        query = statement.query;
        params = statement.params;
        options = statementCallOptions('execute', statement, paramsOrOptions, callOptions);
        opts = resolveRequestOptions(this.ctx.profiles, options);
      } else {
        query = statement;
        params = paramsOrOptions as Params | undefined;
        options = callOptions;
        if (query instanceof PreparedStatement && query.hasDefaults) {
          if (options !== undefined) validateQueryOptions(options);
          options = mergeOptions(query.defaults, options);
          opts = resolveRequestOptions(this.ctx.profiles, options);
        } else {
          // validated and resolved once for no options or a frozen options object reused
          opts = this.callOptions.resolve(options);
        }
      }
      if (typeof query === 'string' && (options?.prepare ?? needsServerTypes(params, options?.hints))) {
        const prepared = this.preparer.preparedNow(query, options?.keyspace);
        if (prepared === undefined) return this.prepareAndExecute<R>(query, params, options, opts);
        query = prepared;
      }
      return this.executeResolved<R>(query, params, options, opts);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Prepares `query` (once per text and keyspace: the session's cache), then executes it. */
  private async prepareAndExecute<R>(
    query: string,
    params: Params | undefined,
    options: QueryOptions | undefined,
    opts: ResolvedRequestOptions,
  ): Promise<ResultSet<R>> {
    const prepared = await this.prepare(query, prepareOptionsOf(options));
    return this.executeResolved<R>(prepared, params, options, opts);
  }

  /** Binds the values and runs the statement (throws synchronously on bad values). */
  private executeResolved<R>(
    query: string | PreparedStatement,
    params: Params | undefined,
    options: QueryOptions | undefined,
    opts: ResolvedRequestOptions,
  ): Promise<ResultSet<R>> {
    if (query instanceof PreparedStatement) {
      const bound = bindPrepared(query.variables, params, this.init.codecOptions);
      return runStatement<R>(this.ctx, query, bound, opts, options?.pagingState ?? undefined, params);
    }
    if (typeof query !== 'string') {
      throw new InvalidOptionsError('execute(query): query must be CQL text or a PreparedStatement');
    }
    const bound = bindUnprepared(params, options?.hints, this.init.codecOptions);
    return runStatement<R>(this.ctx, query, bound, opts, options?.pagingState ?? undefined, params);
  }

  /**
   * Registers a function called before each request of this session is sent (after its values are
   * encoded), as the Python driver's `add_request_init_listener`. Keep it cheap: it runs on the
   * request path. Returns a function that removes it.
   *
   * @example
   * ```ts
   * const remove = session.addRequestInitListener((r) => log.debug(`${r.kind} ${r.query}`));
   * ```
   */
  addRequestInitListener(listener: RequestInitListener): () => void {
    if (typeof listener !== 'function') {
      throw new InvalidOptionsError('addRequestInitListener(listener): listener must be a function');
    }
    this.initListeners.add(listener);
    return () => this.removeRequestInitListener(listener);
  }

  /** Removes a listener added with {@link Session.addRequestInitListener}; true if it was registered. */
  removeRequestInitListener(listener: RequestInitListener): boolean {
    return this.initListeners.delete(listener);
  }

  /**
   * Fetches the trace of a request run with `tracing: true` (from `system_traces`), polling until
   * the coordinator has written it completely, as the Python driver's `get_query_trace` and the
   * Rust driver's `get_tracing_info`.
   *
   * @throws TraceUnavailableError when the trace is not complete within `maxWaitMs` (default 2 s).
   * @example
   * ```ts
   * const rs = await session.execute('SELECT * FROM users WHERE id = ?', [id], { tracing: true });
   * const trace = await session.getQueryTrace(rs.tracingId!);
   * for (const e of trace.events) console.log(e.sourceElapsedMicros, e.source, e.activity);
   * ```
   */
  getQueryTrace(tracingId: Uuid, options: TraceFetchOptions = {}): Promise<QueryTrace> {
    this.checkOpen();
    return fetchTraceThrough((cql, params, o) => this.execute(cql, params, o), tracingId, options);
  }

  /**
   * Iterates every row of every page. Pages are requested one at a time (backpressure: a page is
   * only requested when the previous one is being consumed), with one page fetched ahead. Empty
   * intermediate pages do not end the iteration. The rows of the pages after the first are decoded
   * a few at a time as the loop reaches them (streaming a large result keeps the heap small), so a
   * row the server sent malformed fails the iteration when it is reached, after the rows before it.
   *
   * @example
   * ```ts
   * for await (const row of session.iterate<Reading>('SELECT * FROM readings WHERE sensor = ?', [s], { pageSize: 500 })) {
   *   process(row);
   * }
   * ```
   */
  iterate<R = Row>(statement: Statement, options?: QueryOptions): AsyncIterable<R>;
  iterate<R = Row>(
    query: string | PreparedStatement,
    params?: Params,
    options?: QueryOptions,
  ): AsyncIterable<R>;
  iterate<R = Row>(
    statement: string | PreparedStatement | Statement,
    paramsOrOptions?: Params | QueryOptions,
    callOptions?: QueryOptions,
  ): AsyncIterable<R> {
    const paging =
      statement instanceof Statement
        ? ((paramsOrOptions as QueryOptions | undefined)?.paging ?? statement.settings.paging)
        : callOptions?.paging;
    if (paging === false) {
      throw new InvalidOptionsError(
        "iterate(): option 'paging: false' makes no sense here; use execute() instead",
      );
    }
    return {
      [Symbol.asyncIterator]: () => this.iterateRows<R>(statement, paramsOrOptions, callOptions),
    };
  }

  private async *iterateRows<R>(
    statement: string | PreparedStatement | Statement,
    paramsOrOptions: Params | QueryOptions | undefined,
    callOptions: QueryOptions | undefined,
  ): AsyncGenerator<R, void, undefined> {
    const first =
      statement instanceof Statement
        ? await this.execute<R>(statement, paramsOrOptions as QueryOptions | undefined)
        : await this.execute<R>(statement, paramsOrOptions as Params | undefined, callOptions);
    yield* first;
  }

  /**
   * Prepares a statement once per text and keyspace (`options.keyspace`, else the session's
   * current one): concurrent calls share one request and later calls return the cached statement.
   * The session keeps up to the cluster's `preparedCacheSize` statements (LRU).
   *
   * @example
   * ```ts
   * const byId = await session.prepare('SELECT * FROM users WHERE id = ?');
   * ```
   */
  prepare(query: string, options?: PrepareOptions): Promise<PreparedStatement> {
    try {
      this.checkOpen();
      if (typeof query !== 'string' || query.trim() === '') {
        throw new InvalidOptionsError('prepare(query): query must be non-empty CQL text');
      }
      if (options !== undefined) validatePrepareOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.preparer.prepare(query, options);
  }

  /**
   * Executes statements as one BATCH: logged (default), unlogged or counter. Prepared and
   * unprepared statements can be mixed, each with its own parameters; with `prepare: true` the
   * CQL texts are prepared first.
   *
   * @example
   * ```ts
   * const insert = await session.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
   * await session.batch([
   *   { query: insert, params: [id1, 'Ann'] },
   *   { query: insert, params: [id2, 'Bob'] },
   * ], { type: 'logged' });
   * ```
   */
  async batch<R = Row>(
    statements: readonly BatchStatement[],
    options?: BatchOptions & { prepare?: boolean },
  ): Promise<ResultSet<R>> {
    this.checkOpen();
    if (options !== undefined) validateBatchOptions(options);
    // prepare: true prepares every CQL text; unset, those whose values need the server's types.
    const which = options?.prepare ?? 'where-needed';
    const list = which === false ? statements : await this.prepareTexts(statements, options, which === true);
    return runBatch<R>(this.ctx, list, options);
  }

  /**
   * Prepares every CQL text of a batch, returning the same statements with PreparedStatements in
   * their place (as the Rust driver's `prepare_batch`).
   */
  async prepareBatch(
    statements: readonly BatchStatement[],
    options?: PrepareOptions,
  ): Promise<BatchStatement[]> {
    return this.prepareTexts(statements, options, true);
  }

  /** The statements with their CQL texts prepared: all of them, or those whose values need it. */
  private prepareTexts(
    statements: readonly BatchStatement[],
    options: PrepareOptions | undefined,
    all: boolean,
  ): Promise<BatchStatement[]> {
    return prepareBatchTexts(statements, prepareOptionsOf(options), all, (q, o) => this.prepare(q, o));
  }

  /**
   * Switches every connection of the session to `keyspace`. Unquoted names are case-insensitive
   * (lower-cased by Cassandra); pass `caseSensitive: true` for a quoted, case-sensitive name.
   *
   * @example
   * ```ts
   * await session.useKeyspace('Shop', true); // USE "Shop"
   * ```
   */
  async useKeyspace(keyspace: string, caseSensitive = false): Promise<void> {
    this.checkOpen();
    const name = keyspaceNameOf(keyspace, caseSensitive);
    await this.switchPools(CqlIdentifier.fromInternal(name).asCql(false), name);
  }

  /** Closes the session's connections. Requests in flight fail with a connection error. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    publishSessionShutdown(this);
    this.detach();
    this.init.onShutdown(this);
    this.preparer.clear();
    await this.pools.close();
  }

  /** `await using session = await cluster.connect()` shuts the session down at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  private async switchPools(cqlName: string, name: string): Promise<void> {
    await this.pools.useKeyspace(cqlName);
    this.currentKeyspace = name;
  }

  /** A pool of `host` opened its first connection: the host is reachable; prepare the statements there. */
  private hostConnected(host: Host, connection: Connection): void {
    this.init.cluster.hostReachable(host);
    if (this.init.reprepareOnUp) void this.preparer.reprepareAll(connection);
  }

  private checkOpen(): void {
    if (this.isShutdown) throw new ClusterShutdownError('this session was shut down');
  }
}

/**
 * The options of a call with a {@link Statement}: the call's (validated) over the statement's
 * settings. A Statement carries its own values: a second argument that looks like values, or a
 * third argument, is a mistake worth naming.
 */
function statementCallOptions(
  method: string,
  statement: Statement,
  options: unknown,
  extra: unknown,
): QueryOptions {
  if (Array.isArray(options) || extra !== undefined) {
    throw new InvalidOptionsError(
      `${method}(statement, options): a Statement carries its values (statement.bind(values)); ` +
        'the second argument is the options of the call',
    );
  }
  if (options === undefined) return statement.settings;
  validateQueryOptions(options as QueryOptions);
  return mergeOptions(statement.settings as QueryOptions, options as QueryOptions);
}

/** The options of the PREPARE a request runs first: its keyspace and its signal. */
function prepareOptionsOf(o: PrepareOptions | undefined): PrepareOptions | undefined {
  if (o === undefined || (o.keyspace === undefined && o.signal === undefined)) return undefined;
  return {
    ...(o.keyspace !== undefined ? { keyspace: o.keyspace } : {}),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
  };
}
