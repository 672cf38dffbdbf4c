/**
 * What observers learn about requests: request-init listeners (as the Python driver's
 * `add_request_init_listener`), request trackers (slow-query logging and the like) and the
 * `diagnostics_channel` events for instrumentation libraries all receive these objects.
 *
 * @packageDocumentation
 */
import { emitWarning } from 'node:process';
import type { Host } from '../cluster/host';

/** A request about to be sent. */
export interface RequestStart {
  /**
   * Identifies the request within the process: the attempt and re-prepare events of the request,
   * and its end event, carry the same id.
   */
  readonly id: number;
  /** What is sent: a QUERY, an EXECUTE of a prepared statement, a BATCH or a PREPARE. */
  readonly kind: 'query' | 'execute' | 'batch' | 'prepare';
  /** The CQL text (for batches, the statements' texts joined with `; `). */
  readonly query: string;
  /** For a batch, the CQL text of each statement; undefined otherwise. */
  readonly statements: readonly string[] | undefined;
  /** The parameters as given by the caller. */
  readonly params: unknown;
  /** The keyspace the request runs in, when known. */
  readonly keyspace: string | undefined;
  /** The caller's short name for the request (the `summary` request option), if it gave one. */
  readonly summary: string | undefined;
  /** Consistency of the first attempt. */
  readonly consistency: number;
  /** Rows per page asked for; undefined when the request is unpaged (or not a query). */
  readonly pageSize: number | undefined;
  /** For the second and later pages of a result (`fetchNextPage`, `for await`): which page. */
  readonly page: RequestPage | undefined;
  /** Whether the request may be retried on another host. */
  readonly idempotent: boolean;
  /** Client-side deadline in ms (0 = none). */
  readonly timeoutMs: number;
  /** Monotonic start time (`performance.now()`). */
  readonly startedAt: number;
}

/** Which page of a result a request fetches (see {@link RequestStart.page}). */
export interface RequestPage {
  /** 2 for the page after the first, and so on. */
  readonly number: number;
  /** The start event of the request that fetched the first page, when it was observed. */
  readonly first: RequestStart | undefined;
}

/** A request that completed, successfully or not. */
export interface RequestEnd extends RequestStart {
  /** Wall time of the whole request (retries and speculative attempts included), in ms. */
  readonly latencyMs: number;
  /** `host:port` of the node that answered last, when one did. */
  readonly coordinator: string | undefined;
  /** The node that answered last (its data center and host id), when one did. */
  readonly coordinatorHost: Host | undefined;
  /** Attempts made (1 without retries). */
  readonly attempts: number;
  /** Speculative executions started (0 when none was). */
  readonly speculativeExecutions: number;
  /** The error the request failed with; undefined on success. */
  readonly error: Error | undefined;
}

/**
 * What became of one attempt (one message sent to one node) of a request:
 *
 * - `success`: it answered; the request ends with this answer;
 * - `ignored`: it failed and the retry policy chose to ignore the error (empty result);
 * - `retry-same-host` / `retry-next-host`: it failed and the retry policy retries;
 * - `reprepare`: the node did not know the prepared statement: re-prepared, then sent again;
 * - `next-host`: no stream id was free on the connection (never written): tried elsewhere;
 * - `failed`: it failed and the request fails with its error;
 * - `cancelled`: the request ended first (another execution answered, the deadline passed or the
 *   caller aborted).
 */
export type AttemptOutcome =
  | 'success'
  | 'ignored'
  | 'retry-same-host'
  | 'retry-next-host'
  | 'reprepare'
  | 'next-host'
  | 'failed'
  | 'cancelled';

/** One attempt of a request, once it is over (channel `cqlkit:request:attempt`). */
export interface RequestAttempt {
  /** {@link RequestStart.id} of the request. */
  readonly requestId: number;
  /** 1-based number of the attempt within the request, over all its executions. */
  readonly attempt: number;
  /** Which execution made it: 1 for the first, 2 and up for speculative executions. */
  readonly execution: number;
  /** The node the attempt was sent to. */
  readonly host: Host;
  /** Consistency of this attempt (a retry policy may lower it). */
  readonly consistency: number;
  /** Monotonic start time (`performance.now()`). */
  readonly startedAt: number;
  /** Duration of the attempt in ms. */
  readonly latencyMs: number;
  /** The error the node answered (or the connection failed) with, if any. */
  readonly error: Error | undefined;
  readonly outcome: AttemptOutcome;
}

/**
 * A prepared statement prepared again on a node that answered UNPREPARED (channel
 * `cqlkit:request:reprepare`), before the attempt is sent again.
 */
export interface RequestReprepare {
  /** {@link RequestStart.id} of the request. */
  readonly requestId: number;
  readonly host: Host;
  /** Monotonic start time (`performance.now()`). */
  readonly startedAt: number;
  readonly latencyMs: number;
  /** Why the re-preparation failed (the request then fails with it). */
  readonly error: Error | undefined;
}

/**
 * Called before a request is sent (after its values are encoded). Listeners run synchronously on
 * the request path: keep them cheap; an exception thrown by one is reported as a process warning
 * and does not affect the request.
 *
 * @example
 * ```ts
 * session.addRequestInitListener((r) => console.debug(r.kind, r.query));
 * ```
 */
export type RequestInitListener = (request: RequestStart) => void;

/**
 * Observes finished requests, e.g. for slow-query logging or custom metrics.
 *
 * @example
 * ```ts
 * const tracker: RequestTracker = { onError: (r) => log.warn(`${r.query} failed: ${r.error?.message}`) };
 * ```
 */
export interface RequestTracker {
  onSuccess?(request: RequestEnd): void;
  onError?(request: RequestEnd): void;
}

/** Where a {@link SlowRequestLogger} writes. */
export interface SlowRequestLog {
  warn(message: string): void;
}

/**
 * A request tracker that logs requests slower than a threshold, and failures when asked.
 *
 * @example
 * ```ts
 * new Cluster({ contactPoints, requestTracker: new SlowRequestLogger({ thresholdMs: 200 }) });
 * ```
 */
export class SlowRequestLogger implements RequestTracker {
  private readonly thresholdMs: number;
  private readonly logFailures: boolean;
  private readonly log: SlowRequestLog;
  private readonly maxQueryLength: number;

  constructor(
    options: {
      thresholdMs?: number;
      logFailures?: boolean;
      log?: SlowRequestLog;
      maxQueryLength?: number;
    } = {},
  ) {
    this.thresholdMs = options.thresholdMs ?? 500;
    this.logFailures = options.logFailures ?? false;
    this.log = options.log ?? { warn: (m) => emitWarning(m, 'CqlkitSlowRequest') };
    this.maxQueryLength = options.maxQueryLength ?? 500;
  }

  onSuccess(r: RequestEnd): void {
    if (r.latencyMs >= this.thresholdMs) {
      this.log.warn(
        `slow ${r.kind} (${r.latencyMs.toFixed(1)} ms, ${r.attempts} attempt(s), ${r.coordinator ?? '?'}): ${this.text(r)}`,
      );
    }
  }

  onError(r: RequestEnd): void {
    if (this.logFailures || r.latencyMs >= this.thresholdMs) {
      this.log.warn(
        `failed ${r.kind} after ${r.latencyMs.toFixed(1)} ms (${r.error?.name}: ${r.error?.message}): ${this.text(r)}`,
      );
    }
  }

  private text(r: RequestEnd): string {
    return r.query.length > this.maxQueryLength ? `${r.query.slice(0, this.maxQueryLength)}…` : r.query;
  }
}
