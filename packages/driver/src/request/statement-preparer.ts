/**
 * Everything about preparing, in one place (as the Java driver's `CqlPrepareHandler` and
 * `ReprepareOnUp`): the session's one prepared-statement cache keyed by (keyspace, text), the
 * PREPARE through the request pipeline, preparing on the other hosts, re-preparing every cached
 * statement on a host that comes back up, and re-preparing one statement after UNPREPARED.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';
import type { Connection } from '../connection/connection';
import { DriverError, KeyspaceMismatchError, ProtocolDecodeError } from '../errors';
import type { Envelope } from '../protocol/envelope';
import {
  expectResponse,
  PrepareMessage,
  type PreparedResult,
  type ResultMessage,
} from '../protocol/messages';
import type { PolicyLogger } from '../policies/policy-logger';
import type { RetryPolicy } from '../policies/retry';
import { LruCache } from '../structures/lru-cache';
import type { TimerQueue } from '../structures/timer-queue';
import { runInternalRequest } from './internal-request';
import { PreparedStatement } from './prepared-statement';
import { executeRequest, type ExecutionEnvironment } from './request-executor';

/** Options of `prepare()`. */
export interface PrepareOptions {
  /** Keyspace to prepare in (protocol v5; otherwise use qualified table names or the session keyspace). */
  readonly keyspace?: string;
  /** Deadline in ms (default: the default profile's request timeout). */
  readonly timeoutMs?: number;
  /** Aborts the preparation. */
  readonly signal?: AbortSignal;
}

/** A cached PREPARE: its promise, and its statement once it resolved. */
interface CachedPreparation {
  readonly pending: Promise<PreparedStatement>;
  statement: PreparedStatement | undefined;
}

/** A pool of connections to one host, as the preparer sees it. @internal */
export interface HostConnections {
  readonly host: Host;
  /** An open connection below its request limit, or `undefined`. */
  borrow(): Connection | undefined;
}

/** What the preparer needs from its session. @internal */
export interface StatementPreparerInit {
  /** Where PREPAREs asked by the application run (query plan, pools, timers). */
  readonly env: ExecutionEnvironment;
  /** The retry policy of PREPAREs asked by the application (the default profile's). */
  readonly retryPolicy: RetryPolicy;
  /** Deadline of a PREPARE, and of each of the driver's own (the default profile's request timeout). */
  readonly timeoutMs: number;
  /** Statements kept (LRU): the `preparedCacheSize` option. */
  readonly capacity: number;
  /** After preparing on one host, prepare on one connection of every other up host too. */
  readonly prepareOnAllHosts: boolean;
  /** The session keyspace: with no explicit keyspace, the statement is cached under it. */
  keyspace(): string | undefined;
  /** The session's pools (`prepareOnAllHosts`). */
  pools(): Iterable<HostConnections>;
  /** Where failures of the driver's own PREPAREs are reported. */
  readonly logger: PolicyLogger;
}

/**
 * Prepares statements once per (keyspace, text) — the keyspace given with the request, else the
 * session's current one: concurrent `prepare()` calls for the same key share one PREPARE, and later
 * calls get the cached statement. The cache is an LRU of `capacity` statements; `CachingSession`
 * and `execute(…, { prepare: true })` use it too.
 *
 * @internal
 */
export class StatementPreparer {
  private readonly cache: LruCache<string, CachedPreparation>;
  /**
   * The cache key last built for each text (with its keyspace): a text seen again looks up the
   * same key string, whose hash V8 keeps, instead of hashing a new concatenation per request.
   */
  private readonly keys = new Map<string, { readonly keyspace: string; readonly key: string }>();

  constructor(private readonly init: StatementPreparerInit) {
    this.cache = new LruCache(init.capacity);
  }

  /** Statements in the cache (pending preparations included). */
  get size(): number {
    return this.cache.size;
  }

  /** Forgets every statement (the session shut down: its statements and their metadata go). */
  clear(): void {
    this.cache.clear();
    this.keys.clear();
  }

  prepare(query: string, options: PrepareOptions = {}): Promise<PreparedStatement> {
    const key = this.keyOf(query, options.keyspace);
    const cached = this.cache.get(key);
    if (cached) return cached.pending;
    const preparation: CachedPreparation = { pending: this.send(query, options), statement: undefined };
    this.cache.set(key, preparation);
    preparation.pending.then(
      (statement) => {
        preparation.statement = statement;
      },
      () => {
        if (this.cache.get(key) === preparation) this.cache.delete(key);
      },
    );
    return preparation.pending;
  }

  /**
   * The statement already prepared for this text (and keyspace), without waiting: `undefined`
   * when it was never prepared or its PREPARE is still in flight. Lets `execute(…, { prepare:
   * true })` skip a promise hop once the statement is cached.
   */
  preparedNow(query: string, keyspace: string | undefined): PreparedStatement | undefined {
    return this.cache.get(this.keyOf(query, keyspace))?.statement;
  }

  /**
   * `reprepareOnUp`: prepares every cached statement (those whose preparation succeeded) on a
   * connection of a host that came (back) up. Failures are reported to the logger; never rejects.
   */
  async reprepareAll(connection: Connection): Promise<void> {
    const settled = await Promise.allSettled([...this.cache.values()].map((c) => c.pending));
    const current = this.init.keyspace();
    // Statements that cannot be prepared in their keyspace on this connection (v3/v4 after the
    // session moved to another keyspace) are left out: preparing them here would bind them to
    // the other keyspace's tables. They fail with KeyspaceMismatchError if a node forgets them.
    const statements = settled.flatMap((r) =>
      r.status === 'fulfilled' && !(reprepareKeyspace(r.value, connection, current) instanceof Error)
        ? [r.value]
        : [],
    );
    const results = await Promise.allSettled(
      statements.map((s) =>
        prepareOn(
          connection,
          s.query,
          reprepareKeyspace(s, connection, current) as string | undefined,
          this.init.timeoutMs,
          this.timers,
        ),
      ),
    );
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 0) return;
    this.init.logger.warn(
      `re-preparing ${failures.length} of ${statements.length} statement(s) on ${connection.endpoint} ` +
        `after it came up failed: ${errorMessage(failures[0])}`,
    );
  }

  private get timers(): TimerQueue {
    return this.init.env.timers;
  }

  private keyOf(query: string, explicitKeyspace: string | undefined): string {
    const keyspace = explicitKeyspace ?? this.init.keyspace() ?? '';
    const known = this.keys.get(query);
    if (known !== undefined && known.keyspace === keyspace) return known.key;
    const key = `${keyspace}\u0000${query}`;
    // Bounded like the cache (texts it evicted leave their key here until the next reset).
    if (this.keys.size >= 2 * this.init.capacity) this.keys.clear();
    this.keys.set(query, { keyspace, key });
    return key;
  }

  private async send(query: string, options: PrepareOptions): Promise<PreparedStatement> {
    const keyspace = options.keyspace;
    const sessionKeyspace = keyspace === undefined ? this.init.keyspace() : undefined;
    const message = new PrepareMessage(query, keyspace !== undefined ? { keyspace } : {});
    const timeoutMs = options.timeoutMs ?? this.init.timeoutMs;
    const outcome = await executeRequest(this.init.env, {
      build: () => message,
      idempotent: true,
      consistency: 0,
      timeoutMs,
      signal: options.signal,
      routing: { keyspace: keyspace ?? sessionKeyspace },
      retryPolicy: this.init.retryPolicy,
      describe: () => ({
        kind: 'prepare',
        query,
        params: undefined,
        keyspace: keyspace ?? this.init.keyspace(),
      }),
    });
    if (outcome.frame === undefined) {
      throw new DriverError('the retry policy ignored a PREPARE failure; cannot continue');
    }
    const statement = new PreparedStatement(
      query,
      keyspace,
      expectPrepared(outcome.frame, outcome.host.endpoint, outcome.connection.resultMetadataIds),
      undefined,
      sessionKeyspace,
      outcome.connection.scyllaExtensions?.lwtMetadataMask,
    );
    if (this.init.prepareOnAllHosts) await this.prepareElsewhere(statement, outcome.host, timeoutMs);
    return statement;
  }

  /** `prepareOnAllHosts`: one connection of every other up host; failures are ignored. */
  private async prepareElsewhere(
    statement: PreparedStatement,
    preparedOn: Host,
    timeoutMs: number,
  ): Promise<void> {
    const sends: Promise<unknown>[] = [];
    for (const pool of this.init.pools()) {
      if (pool.host === preparedOn || !pool.host.isUp) continue;
      const connection = pool.borrow();
      if (connection === undefined) continue;
      const keyspace = reprepareKeyspace(statement, connection, this.init.keyspace());
      if (keyspace instanceof Error) continue; // the session moved to another keyspace meanwhile
      sends.push(
        prepareOn(connection, statement.query, keyspace, timeoutMs, this.timers).catch(() => undefined),
      );
    }
    await Promise.all(sends);
  }
}

/**
 * Prepares `statement` again on the connection that answered UNPREPARED, in the keyspace it was
 * prepared in, and adopts what the node answered (a new id or metadata after a schema change).
 *
 * @throws KeyspaceMismatchError on protocol v3/v4 when the session (`sessionKeyspace`, the
 * keyspace of its connections) has moved from the keyspace the statement was prepared in
 * @internal
 */
export async function reprepareAfterUnprepared(
  connection: Connection,
  statement: PreparedStatement,
  sessionKeyspace: string | undefined,
  timeoutMs: number,
  timers: TimerQueue,
): Promise<void> {
  const keyspace = reprepareKeyspace(statement, connection, sessionKeyspace);
  if (keyspace instanceof Error) throw keyspace;
  statement.replace(
    await prepareOn(connection, statement.query, keyspace, timeoutMs, timers),
    connection.scyllaExtensions?.lwtMetadataMask,
  );
}

/**
 * The keyspace option of a PREPARE of `statement` on `connection`, whose connections are in
 * `sessionKeyspace`: its explicit keyspace; none while the session is still in the keyspace it
 * was prepared in; else, on v5, that keyspace; on v3/v4 (no per-request keyspace) an error.
 */
function reprepareKeyspace(
  statement: PreparedStatement,
  connection: Connection,
  sessionKeyspace: string | undefined,
): string | undefined | KeyspaceMismatchError {
  if (statement.keyspace !== undefined) return statement.keyspace;
  const preparedIn = statement.preparedKeyspace;
  if (preparedIn === undefined || preparedIn === sessionKeyspace) return undefined;
  if (connection.protocolVersion >= 5) return preparedIn;
  return new KeyspaceMismatchError(
    `a node forgot the prepared statement "${statement.query}", which was prepared in keyspace ` +
      `'${preparedIn}'; the session's keyspace is now ${sessionKeyspace === undefined ? 'unset' : `'${sessionKeyspace}'`}, ` +
      `and protocol v${connection.protocolVersion} cannot prepare it in its own keyspace on this session's ` +
      'connections. Qualify the table names (keyspace.table), or prepare the statement again after useKeyspace()',
    preparedIn,
    sessionKeyspace,
  );
}

/** One of the driver's own PREPAREs, on one connection. */
function prepareOn(
  connection: Connection,
  query: string,
  keyspace: string | undefined,
  timeoutMs: number,
  timers: TimerQueue,
): Promise<PreparedResult> {
  return runInternalRequest({
    connection,
    message: new PrepareMessage(query, keyspace !== undefined ? { keyspace } : {}),
    what: 'PREPARE',
    expect: 'result',
    timeoutMs,
    timers,
  }).then(({ result }) => preparedOf(result, connection.endpoint));
}

/** Decodes the answer to a PREPARE. */
function expectPrepared(frame: Envelope, endpoint: string, metadataIds: boolean): PreparedResult {
  return preparedOf(expectResponse(frame, 'result', endpoint, 'PREPARE', metadataIds).result, endpoint);
}

function preparedOf(result: ResultMessage, endpoint: string): PreparedResult {
  if (result.kind !== 'prepared') {
    throw new ProtocolDecodeError(`${endpoint} answered PREPARE with a ${result.kind} result`);
  }
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
