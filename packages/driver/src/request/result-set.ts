import { Buffer } from 'node:buffer';
import { InvalidOptionsError, QueryExhaustedError, TooManyRowsError } from '../errors';
import type { Host } from '../cluster/host';
import type { QueryTrace, TraceFetchOptions } from '../observability/query-trace';
import { DEFAULTS } from '../options';
import type { ColumnSpec, SchemaChange } from '../protocol/messages';
import { Uuid } from '../types';

/** Everything a page carries besides its rows. @internal */
export interface PageInfo {
  readonly columns: readonly ColumnSpec[];
  readonly pagingState: Buffer | undefined;
  readonly warnings: readonly string[];
  readonly customPayload: ReadonlyMap<string, Buffer | null> | undefined;
  readonly tracingId: Buffer | undefined;
  readonly coordinator: Host;
  readonly schemaChange: SchemaChange | undefined;
  readonly keyspace: string | undefined;
  /** After a schema change: whether agreement was reached (absent: not a schema change, true). */
  readonly schemaInAgreement?: boolean;
}

/**
 * Fetches the page after `pagingState`: an object with a method (the statement's request spec),
 * so a result needs no closure of its own. @internal
 */
export interface NextPageFetcher<Row> {
  fetchPage(pagingState: Buffer, signal?: AbortSignal): Promise<ResultSet<Row>>;
  /** The page after `pagingState` with its rows decoded as the iteration takes them (see {@link RowSource}). */
  fetchPageForIteration?(pagingState: Buffer): Promise<ResultSet<Row>>;
}

/**
 * The rows of a page fetched for an iteration, built a chunk at a time as the loop takes them
 * (`request/row-decoding.ts`' `RowCursor`). @internal
 */
export interface RowSource<Row> {
  /** The next rows, or `undefined` once every row was taken. */
  take(): Row[] | undefined;
}

/** Fetches a query trace through the session that ran the request. @internal */
export type QueryTraceFetcher = (tracingId: Uuid, options?: TraceFetchOptions) => Promise<QueryTrace>;

/**
 * Options of {@link ResultSet.all}.
 *
 * @example
 * ```ts
 * const rows = await rs.all({ maxRows: 50_000, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface AllRowsOptions {
  /** The most rows to gather (default 10 000); more rejects with `TooManyRowsError`. */
  readonly maxRows?: number;
  /** Aborts the fetching of the following pages. */
  readonly signal?: AbortSignal;
}

/**
 * The result of one request: the rows of one page and what the server said about it.
 *
 * - `rows` holds this page only. `hasMorePages` tells whether more follow; `fetchNextPage()` gets
 *   the next page, and iterating the ResultSet with `for await` walks this page and every page
 *   after it.
 * - `pagingState` is opaque: hand it back in the `pagingState` option to resume later, even from
 *   another process (it is only valid for the same statement and protocol version). It is
 *   `undefined` (never `null`) on the last page; the option takes `null` or `undefined` alike for
 *   "from the first page".
 * - `all()` gathers this page and the following ones into one array (bounded by `maxRows`).
 *
 * @example
 * ```ts
 * interface User { id: Uuid; name: string }
 * const rs = await session.execute<User>('SELECT id, name FROM users', [], { pageSize: 100 });
 * for (const u of rs.rows) console.log(u.name); // first page
 * for await (const u of rs) console.log(u.name); // every row, fetching pages as needed
 *
 * const lwt = await session.execute('INSERT INTO users (id, name) VALUES (?, ?) IF NOT EXISTS', [id, 'Ann']);
 * lwt.wasApplied; // false if the row existed
 * ```
 */
export class ResultSet<Row = Record<string, unknown>> implements AsyncIterable<Row> {
  /** @internal */
  constructor(
    /** The rows of this page. */
    readonly rows: Row[],
    private readonly info: PageInfo,
    private readonly fetchNext: NextPageFetcher<Row> | undefined,
    private readonly traces?: QueryTraceFetcher,
    /**
     * A page fetched for an iteration: its rows, decoded as the loop takes them (`rows` is then
     * empty). Such pages never leave the iteration that fetched them. @internal
     */
    readonly rowSource?: RowSource<Row>,
  ) {}

  /** The columns of the rows (empty for statements that return no rows). */
  get columns(): readonly ColumnSpec[] {
    return this.info.columns;
  }

  /**
   * The opaque state to fetch the next page with; `undefined` (never `null`) on the last page.
   * Pass it back as the `pagingState` option (where `null` and `undefined` both mean the first page).
   */
  get pagingState(): Buffer | undefined {
    return this.info.pagingState;
  }

  /** True when more pages follow this one (even if this page is empty). */
  get hasMorePages(): boolean {
    return this.info.pagingState !== undefined;
  }

  /** Warnings the server attached (large batches, tombstones…). */
  get warnings(): readonly string[] {
    return this.info.warnings;
  }

  /** The custom payload the server returned, if any. */
  get customPayload(): ReadonlyMap<string, Buffer | null> | undefined {
    return this.info.customPayload;
  }

  /** The tracing session id when the request was traced (`tracing: true`). */
  get tracingId(): Uuid | undefined {
    return this.info.tracingId ? Uuid.fromBytes(this.info.tracingId) : undefined;
  }

  /** The node that served the request. */
  get coordinator(): Host {
    return this.info.coordinator;
  }

  /** The schema change a DDL statement made, if any. */
  get schemaChange(): SchemaChange | undefined {
    return this.info.schemaChange;
  }

  /**
   * After a schema-altering statement: whether every up node reported the same schema version
   * within `maxSchemaAgreementWaitMs` (false when the wait timed out, failed or is turned off).
   * Always true for other statements.
   *
   * @example
   * ```ts
   * const rs = await session.execute('CREATE TABLE t (k int PRIMARY KEY)');
   * if (!rs.schemaInAgreement) await session.awaitSchemaAgreement();
   * ```
   */
  get schemaInAgreement(): boolean {
    return this.info.schemaInAgreement ?? true;
  }

  /** The keyspace a `USE` statement switched to, if any. */
  get keyspace(): string | undefined {
    return this.info.keyspace;
  }

  /** Number of rows in this page. */
  get rowLength(): number {
    return this.rows.length;
  }

  /** The first row of this page, or `undefined`. */
  first(): Row | undefined {
    return this.rows[0];
  }

  /**
   * For a conditional statement (`IF …`): whether it was applied. True for results without the
   * `[applied]` column (ordinary statements).
   */
  get wasApplied(): boolean {
    const idx = this.info.columns.findIndex((c) => c.name === '[applied]');
    if (idx < 0) return true;
    const row = this.rows[0] as unknown;
    if (row === undefined) return true;
    const value = Array.isArray(row) ? row[idx] : (row as Record<string, unknown>)['[applied]'];
    return value === true;
  }

  /**
   * The next page for this result's own iteration: its rows decoded as the loop takes them when
   * the statement can (`fetchNextPage` otherwise). @internal
   */
  nextPageForIteration(): Promise<ResultSet<Row>> {
    const state = this.info.pagingState;
    const fetcher = this.fetchNext;
    if (state !== undefined && fetcher?.fetchPageForIteration !== undefined) {
      return fetcher.fetchPageForIteration(state);
    }
    return this.fetchNextPage();
  }

  /**
   * Fetches the next page.
   *
   * @throws QueryExhaustedError when there is no next page (check `hasMorePages`).
   */
  fetchNextPage(signal?: AbortSignal): Promise<ResultSet<Row>> {
    const state = this.info.pagingState;
    if (state === undefined || this.fetchNext === undefined) {
      return Promise.reject(
        new QueryExhaustedError('fetchNextPage(): this was the last page (hasMorePages is false)'),
      );
    }
    return this.fetchNext.fetchPage(state, signal);
  }

  /**
   * Every row of this page and of every page after it, as one array (Python's `ResultSet.all()`).
   * Pages are fetched one after the other; more than `maxRows` rows (default 10 000) rejects with
   * `TooManyRowsError` without fetching further, so a query that matches more than expected cannot
   * exhaust memory: raise the cap, or iterate (`for await`) to stream instead.
   *
   * @throws TooManyRowsError past `maxRows`
   * @example
   * ```ts
   * const rs = await session.execute<User>('SELECT * FROM users WHERE team = ?', [team], { pageSize: 500 });
   * const members = await rs.all({ maxRows: 5000 });
   * ```
   */
  async all(options: AllRowsOptions = {}): Promise<Row[]> {
    const maxRows = options.maxRows ?? DEFAULTS.resultSetAllMaxRows;
    if (
      typeof maxRows !== 'number' ||
      !(maxRows >= 0) ||
      (!Number.isInteger(maxRows) && maxRows !== Infinity)
    ) {
      throw new InvalidOptionsError(
        `all(): option 'maxRows' must be a non-negative integer (or Infinity), got ${String(maxRows)}`,
      );
    }
    const rows: Row[] = [];
    for (let page: ResultSet<Row> | undefined = this as ResultSet<Row>; page !== undefined;) {
      if (rows.length + page.rows.length > maxRows) {
        throw new TooManyRowsError(
          `all(): the result has more than ${maxRows} rows (the maxRows option); raise it, or iterate ` +
            'the result with for await to process it page by page',
          maxRows,
        );
      }
      for (const row of page.rows) rows.push(row);
      page = page.hasMorePages ? await page.fetchNextPage(options.signal) : undefined;
    }
    return rows;
  }

  /**
   * The trace of this request, when it ran with `tracing: true` (as the Python driver's
   * `ResultSet.get_query_trace()`): fetched from `system_traces` through the session, waiting
   * until the coordinator has written it completely (see `Session.getQueryTrace`).
   *
   * @throws InvalidOptionsError when the request was not traced
   * @throws TraceUnavailableError when the trace is not complete within `maxWaitMs`
   * @example
   * ```ts
   * const rs = await session.execute('SELECT * FROM users WHERE id = ?', [id], { tracing: true });
   * const trace = await rs.getQueryTrace();
   * console.log(trace.durationMicros, trace.events.length);
   * ```
   */
  getQueryTrace(options?: TraceFetchOptions): Promise<QueryTrace> {
    const id = this.tracingId;
    if (id === undefined || this.traces === undefined) {
      return Promise.reject(
        new InvalidOptionsError(
          'getQueryTrace(): the request was not traced; run it with { tracing: true } to get a trace',
        ),
      );
    }
    return this.traces(id, options);
  }

  /**
   * Iterates this page's rows, then every following page's. The next page is requested while the
   * current one is being consumed (one page of prefetch), so iteration rarely waits.
   */
  [Symbol.asyncIterator](): AsyncIterator<Row> {
    return iteratePages(this);
  }
}

async function* iteratePages<Row>(first: ResultSet<Row>): AsyncGenerator<Row, void, undefined> {
  let page = first;
  while (true) {
    const next = page.hasMorePages ? page.nextPageForIteration() : undefined;
    // Avoid an unhandled rejection if the consumer stops before awaiting the prefetch.
    next?.catch(() => undefined);
    const source = page.rowSource;
    if (source === undefined) {
      for (const row of page.rows) yield row;
    } else {
      // The rows of the next pages are built a chunk at a time, as the loop gets to them.
      for (let rows = source.take(); rows !== undefined; rows = source.take()) {
        for (const row of rows) yield row;
      }
    }
    if (next === undefined) return;
    page = await next;
  }
}
