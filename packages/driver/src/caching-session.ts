import type { QueryOptions } from './options';
import type { ResultSet } from './request/result-set';
import type { BatchOptions, BatchStatement } from './request/batch-request';
import { Statement } from './request/statement';
import type { Params } from './request/value-binder';
import type { Row, Session } from './session';

/**
 * A session wrapper that prepares every statement it runs (as the ScyllaDB Rust driver's
 * `CachingSession`). It keeps no cache of its own: statements live in the session's prepared
 * cache, keyed by keyspace and CQL text (the request's `keyspace` option, else the session's
 * current keyspace) and bounded by the cluster's `preparedCacheSize` option (LRU). Several caching
 * sessions can share one session, and `session.prepare()` returns the same statements.
 *
 * @example
 * ```ts
 * const cached = new CachingSession(session);
 * await cached.execute('SELECT * FROM users WHERE id = ?', [id]); // prepared on first use, reused after
 * ```
 */
export class CachingSession {
  constructor(
    /** The underlying session (also usable directly). */
    readonly session: Session,
  ) {}

  /** Prepared statements currently cached by the session (at most the cluster's `preparedCacheSize`). */
  get size(): number {
    return this.session.preparedCount;
  }

  /**
   * Executes `query` as a prepared statement (first page; see `Session.execute`); a
   * {@link Statement} of CQL text is prepared too, and runs with its settings.
   */
  execute<R = Row>(statement: Statement, options?: QueryOptions): Promise<ResultSet<R>>;
  execute<R = Row>(query: string, params?: Params, options?: QueryOptions): Promise<ResultSet<R>>;
  execute<R = Row>(
    query: string | Statement,
    paramsOrOptions?: Params | QueryOptions,
    options?: QueryOptions,
  ): Promise<ResultSet<R>> {
    if (query instanceof Statement) {
      return this.session.execute<R>(query, prepared(paramsOrOptions as QueryOptions | undefined));
    }
    return this.session.execute<R>(query, paramsOrOptions as Params | undefined, prepared(options));
  }

  /** Iterates every row of `query` run as a prepared statement (see `Session.iterate`). */
  iterate<R = Row>(statement: Statement, options?: QueryOptions): AsyncIterable<R>;
  iterate<R = Row>(query: string, params?: Params, options?: QueryOptions): AsyncIterable<R>;
  iterate<R = Row>(
    query: string | Statement,
    paramsOrOptions?: Params | QueryOptions,
    options?: QueryOptions,
  ): AsyncIterable<R> {
    if (query instanceof Statement) {
      return this.session.iterate<R>(query, prepared(paramsOrOptions as QueryOptions | undefined));
    }
    return this.session.iterate<R>(query, paramsOrOptions as Params | undefined, prepared(options));
  }

  /** Runs a batch whose CQL texts are prepared (and cached) first. */
  batch<R = Row>(statements: readonly BatchStatement[], options?: BatchOptions): Promise<ResultSet<R>> {
    return this.session.batch<R>(statements, prepared(options));
  }
}

/** The options with `prepare: true`. */
function prepared<O extends object>(options: O | undefined): O & { prepare: true } {
  return { ...(options as O), prepare: true };
}
