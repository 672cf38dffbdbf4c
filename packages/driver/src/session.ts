import { ClusterShutdownError, InvalidOptionsError } from './errors';
import type { Host } from './cluster/host';
import type { HostPool } from './cluster/host-pool';
import { validateQueryOptions, type QueryOptions, type ResolvedExecutionProfile } from './options';
import type { ProtocolVersion } from './protocol/opcodes';
import type { RetryPolicy } from './policies/retry';
import type { RoutingInfo } from './policies/load-balancing';
import {
  runBatch,
  batchStatementParts,
  type BatchOptions,
  type BatchStatement,
} from './request/batch-request';
import { PreparedStatement } from './request/prepared-statement';
import type { ExecutionEnvironment } from './request/request-executor';
import type { ResultSet } from './request/result-set';
import { StatementPreparer, type PrepareOptions } from './request/statement-preparer';
import { resolveRequestOptions, runStatement, type SessionContext } from './request/statement-request';
import type { TimerQueue } from './request/timer-queue';
import { bindPrepared, bindUnprepared, type Params } from './request/value-binder';
import type { CodecOptions } from './types';

/** A row as an object keyed by column name (the default row type). */
export type Row = Record<string, unknown>;

/** What a Session is built from (created by `Cluster.connect`). @internal */
export interface SessionInit {
  readonly pools: ReadonlyMap<Host, HostPool>;
  readonly queryPlan: (routing: RoutingInfo) => Iterable<Host>;
  readonly timers: TimerQueue;
  readonly profile: ResolvedExecutionProfile;
  readonly codecOptions: CodecOptions | undefined;
  readonly retryPolicy: RetryPolicy;
  readonly preparedCacheSize: number;
  readonly onShutdown: (session: Session) => void;
}

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

  /** @internal */
  constructor(private readonly init: SessionInit) {
    const env: ExecutionEnvironment = {
      queryPlan: init.queryPlan,
      pool: (host) => init.pools.get(host),
      timers: init.timers,
    };
    this.preparer = new StatementPreparer(
      env,
      init.retryPolicy,
      init.profile.requestTimeoutMs,
      () => this.currentKeyspace,
      init.preparedCacheSize,
    );
    this.ctx = {
      env,
      profile: init.profile,
      codecOptions: init.codecOptions,
      retryPolicy: init.retryPolicy,
      keyspace: () => this.currentKeyspace,
      onKeyspaceChanged: (ks) => this.switchPools(`"${ks.replace(/"/g, '""')}"`, ks),
    };
  }

  /** The session's current keyspace (set by `connect(keyspace)`, `useKeyspace` or a `USE` statement). */
  get keyspace(): string | undefined {
    return this.currentKeyspace;
  }

  /** The protocol version spoken (of the first open connection), once connected. */
  get protocolVersion(): ProtocolVersion | undefined {
    for (const pool of this.init.pools.values()) {
      const c = pool.openConnections[0];
      if (c) return c.protocolVersion;
    }
    return undefined;
  }

  /**
   * Executes a statement and returns its first page (or all rows with `paging: false`).
   * Parameters are positional (`?` markers, an array) or named (`:name` markers, an object).
   * Prepared statements encode values from the server's metadata; unprepared ones infer CQL types
   * from the JavaScript values (give `hints` when the inference is wrong). Either way, a value
   * that does not fit raises a `ValueEncodingError` before anything is sent.
   *
   * @example
   * ```ts
   * await session.execute('INSERT INTO users (id, name) VALUES (:id, :name)', { id, name: 'Ann' }, { prepare: true });
   * const { rows } = await session.execute<{ name: string }>('SELECT name FROM users WHERE id = ?', [id]);
   * ```
   */
  async execute<R = Row>(
    query: string | PreparedStatement,
    params?: Params,
    options?: QueryOptions,
  ): Promise<ResultSet<R>> {
    this.checkOpen();
    if (options !== undefined) validateQueryOptions(options);
    const opts = resolveRequestOptions(this.init.profile, options);
    if (typeof query === 'string' && options?.prepare) {
      query = await this.prepare(query, {
        ...(options.keyspace ? { keyspace: options.keyspace } : {}),
        ...signalOf(options),
      });
    }
    if (query instanceof PreparedStatement) {
      const bound = bindPrepared(query.variables, params, this.init.codecOptions);
      return runStatement<R>(this.ctx, query, bound, opts, options?.pagingState);
    }
    if (typeof query !== 'string') {
      throw new InvalidOptionsError('execute(query): query must be CQL text or a PreparedStatement');
    }
    const bound = bindUnprepared(params, options?.hints, this.init.codecOptions);
    return runStatement<R>(this.ctx, query, bound, opts, options?.pagingState);
  }

  /**
   * Iterates every row of every page. Pages are requested one at a time (backpressure: a page is
   * only requested when the previous one is being consumed), with one page fetched ahead. Empty
   * intermediate pages do not end the iteration.
   *
   * @example
   * ```ts
   * for await (const row of session.iterate<Reading>('SELECT * FROM readings WHERE sensor = ?', [s], { pageSize: 500 })) {
   *   process(row);
   * }
   * ```
   */
  iterate<R = Row>(
    query: string | PreparedStatement,
    params?: Params,
    options?: QueryOptions,
  ): AsyncIterable<R> {
    if (options?.paging === false) {
      throw new InvalidOptionsError(
        "iterate(): option 'paging: false' makes no sense here; use execute() instead",
      );
    }
    return {
      [Symbol.asyncIterator]: () => this.iterateRows<R>(query, params, options),
    };
  }

  private async *iterateRows<R>(
    query: string | PreparedStatement,
    params: Params | undefined,
    options: QueryOptions | undefined,
  ): AsyncGenerator<R, void, undefined> {
    const first = await this.execute<R>(query, params, options);
    yield* first;
  }

  /**
   * Prepares a statement once per text (and keyspace): concurrent calls share one request and
   * later calls return the cached statement.
   *
   * @example
   * ```ts
   * const byId = await session.prepare('SELECT * FROM users WHERE id = ?');
   * ```
   */
  prepare(query: string, options?: PrepareOptions): Promise<PreparedStatement> {
    this.checkOpen();
    if (typeof query !== 'string' || query.trim() === '') {
      return Promise.reject(new InvalidOptionsError('prepare(query): query must be non-empty CQL text'));
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
    if (options !== undefined) validateQueryOptions(options);
    const list = options?.prepare ? await this.prepareBatch(statements) : statements;
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
    return Promise.all(
      statements.map(async (s) => {
        const { query, params, hints } = batchStatementParts(s);
        if (query instanceof PreparedStatement) return s;
        const prepared = await this.prepare(query, options);
        return params === undefined ? prepared : { query: prepared, params, ...(hints ? { hints } : {}) };
      }),
    );
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
    if (typeof keyspace !== 'string' || keyspace === '') {
      throw new InvalidOptionsError('useKeyspace(name): name must be a non-empty string');
    }
    if (!caseSensitive && !/^[A-Za-z0-9_]+$/.test(keyspace)) {
      throw new InvalidOptionsError(
        `useKeyspace('${keyspace}'): an unquoted keyspace name may only contain letters, digits and '_'; pass caseSensitive=true for other names`,
      );
    }
    const name = caseSensitive ? keyspace : keyspace.toLowerCase();
    await this.switchPools(`"${name.replace(/"/g, '""')}"`, name);
  }

  /** Closes the session's connections. Requests in flight fail with a connection error. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    this.init.onShutdown(this);
    await Promise.all([...this.init.pools.values()].map((p) => p.close()));
  }

  /** `await using session = await cluster.connect()` shuts the session down at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  private async switchPools(cqlName: string, name: string): Promise<void> {
    await Promise.all([...this.init.pools.values()].map((p) => p.useKeyspace(cqlName)));
    this.currentKeyspace = name;
  }

  private checkOpen(): void {
    if (this.isShutdown) throw new ClusterShutdownError('this session was shut down');
  }
}

function signalOf(o: QueryOptions): { signal?: AbortSignal } {
  return o.signal ? { signal: o.signal } : {};
}
