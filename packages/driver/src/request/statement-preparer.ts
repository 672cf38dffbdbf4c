import type { Host } from '../cluster/host';
import { PrepareMessage } from '../protocol/messages';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { RetryPolicy } from '../policies/retry';
import { LruCache } from '../structures/lru-cache';
import { PreparedStatement } from './prepared-statement';
import { executeRequest, type ExecutionEnvironment } from './request-executor';
import { expectPrepared } from './statement-request';

/** Options of `prepare()`. */
export interface PrepareOptions {
  /** Keyspace to prepare in (protocol v5; otherwise use qualified table names or the session keyspace). */
  readonly keyspace?: string;
  /** Deadline in ms (default: the default profile's request timeout). */
  readonly timeoutMs?: number;
  /** Aborts the preparation. */
  readonly signal?: AbortSignal;
}

/**
 * Prepares statements once per (keyspace, text): concurrent `prepare()` calls for the same text
 * share one PREPARE request, and later calls get the cached statement. The cache is an LRU of
 * `capacity` statements.
 *
 * @internal
 */
export class StatementPreparer {
  private readonly cache: LruCache<string, Promise<PreparedStatement>>;
  /** The statements of the cached promises that resolved. */
  private readonly ready = new WeakMap<Promise<PreparedStatement>, PreparedStatement>();

  constructor(
    private readonly env: ExecutionEnvironment,
    private readonly retryPolicy: RetryPolicy,
    private readonly defaultTimeoutMs: number,
    private readonly sessionKeyspace: () => string | undefined,
    capacity: number,
    /**
     * Called once a statement is prepared on `host`, before `prepare()` resolves: prepares it on
     * the other hosts too (`prepareOnAllHosts`). Its failures are ignored.
     */
    private readonly prepareElsewhere?: (
      message: PrepareMessage,
      preparedOn: Host,
      timeoutMs: number,
    ) => Promise<void>,
  ) {
    this.cache = new LruCache(capacity);
  }

  /** Statements prepared so far (for re-preparing on new or restarted hosts). */
  prepared(): IterableIterator<Promise<PreparedStatement>> {
    return this.cache.values();
  }

  /** The statements whose preparation succeeded (pending and failed ones are left out). */
  async settledStatements(): Promise<PreparedStatement[]> {
    const results = await Promise.allSettled([...this.cache.values()]);
    return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  prepare(query: string, options: PrepareOptions = {}): Promise<PreparedStatement> {
    const key = this.keyOf(query, options.keyspace);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pending = this.send(query, options);
    this.cache.set(key, pending);
    pending.then(
      (statement) => this.ready.set(pending, statement),
      () => {
        if (this.cache.get(key) === pending) this.cache.delete(key);
      },
    );
    return pending;
  }

  /**
   * The statement already prepared for this text (and keyspace), without waiting: `undefined`
   * when it was never prepared or its PREPARE is still in flight. Lets `execute(…, { prepare:
   * true })` skip a promise hop once the statement is cached.
   */
  preparedNow(query: string, keyspace: string | undefined): PreparedStatement | undefined {
    const cached = this.cache.get(this.keyOf(query, keyspace));
    return cached === undefined ? undefined : this.ready.get(cached);
  }

  private keyOf(query: string, keyspace: string | undefined): string {
    return `${keyspace ?? this.sessionKeyspace() ?? ''}\u0000${query}`;
  }

  private async send(query: string, options: PrepareOptions): Promise<PreparedStatement> {
    const keyspace = options.keyspace;
    const message = new PrepareMessage(query, keyspace !== undefined ? { keyspace } : {});
    const outcome = await executeRequest(this.env, {
      build: (_consistency: number, _version: ProtocolVersion) => message,
      idempotent: true,
      consistency: 0,
      timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
      signal: options.signal,
      routing: { keyspace: keyspace ?? this.sessionKeyspace() },
      retryPolicy: this.retryPolicy,
    });
    if (outcome.frame === undefined)
      throw new Error('the retry policy ignored a PREPARE failure; cannot continue');
    const statement = new PreparedStatement(
      query,
      keyspace,
      expectPrepared(outcome.frame, outcome.host.endpoint),
    );
    if (this.prepareElsewhere) {
      await this.prepareElsewhere(message, outcome.host, options.timeoutMs ?? this.defaultTimeoutMs).catch(
        () => undefined,
      );
    }
    return statement;
  }
}
