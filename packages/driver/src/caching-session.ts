import type { QueryOptions } from './options';
import { LruCache } from './structures/lru-cache';
import type { PreparedStatement } from './request/prepared-statement';
import type { ResultSet } from './request/result-set';
import type { BatchOptions, BatchStatement } from './request/batch-request';
import type { Params } from './request/value-binder';
import type { Row, Session } from './session';

/**
 * A session wrapper that prepares every statement it runs, keeping the prepared statements in an
 * LRU cache keyed by CQL text (as the ScyllaDB Rust driver's `CachingSession`). Several caching
 * sessions can share one session.
 *
 * @example
 * ```ts
 * const cached = new CachingSession(session, 500);
 * await cached.execute('SELECT * FROM users WHERE id = ?', [id]); // prepared on first use, reused after
 * ```
 */
export class CachingSession {
  private readonly cache: LruCache<string, Promise<PreparedStatement>>;

  constructor(
    /** The underlying session (also usable directly). */
    readonly session: Session,
    /** Prepared statements kept; the least recently used is evicted beyond it. */
    capacity = 1000,
  ) {
    this.cache = new LruCache(capacity);
  }

  /** Prepared statements currently cached. */
  get size(): number {
    return this.cache.size;
  }

  /** Executes `query` as a prepared statement (first page; see `Session.execute`). */
  async execute<R = Row>(query: string, params?: Params, options?: QueryOptions): Promise<ResultSet<R>> {
    return this.session.execute<R>(await this.prepared(query, options), params, options);
  }

  /** Iterates every row of `query` run as a prepared statement (see `Session.iterate`). */
  iterate<R = Row>(query: string, params?: Params, options?: QueryOptions): AsyncIterable<R> {
    const rows = async function* (cs: CachingSession): AsyncGenerator<R, void, undefined> {
      yield* cs.session.iterate<R>(await cs.prepared(query, options), params, options);
    };
    return { [Symbol.asyncIterator]: () => rows(this) };
  }

  /** Runs a batch whose CQL texts are prepared (and cached) first. */
  async batch<R = Row>(statements: readonly BatchStatement[], options?: BatchOptions): Promise<ResultSet<R>> {
    const list = await Promise.all(
      statements.map(async (s) => {
        if (typeof s === 'string') return this.prepared(s, options);
        if (typeof s === 'object' && s !== null && 'query' in s && typeof s.query === 'string') {
          return { ...s, query: await this.prepared(s.query, options) };
        }
        return s;
      }),
    );
    return this.session.batch<R>(list, options);
  }

  private prepared(
    query: string,
    options: { keyspace?: string; signal?: AbortSignal } | undefined,
  ): Promise<PreparedStatement> {
    const key = `${options?.keyspace ?? ''}\u0000${query}`;
    let p = this.cache.get(key);
    if (p === undefined) {
      p = this.session.prepare(query, {
        ...(options?.keyspace ? { keyspace: options.keyspace } : {}),
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      this.cache.set(key, p);
      const pending = p;
      p.catch(() => {
        if (this.cache.get(key) === pending) this.cache.delete(key);
      });
    }
    return p;
  }
}
