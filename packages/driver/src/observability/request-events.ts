/**
 * What observers learn about requests: request-init listeners (as the Python driver's
 * `add_request_init_listener`), request trackers (slow-query logging and the like) and the
 * `diagnostics_channel` events for instrumentation libraries all receive these objects.
 *
 * @packageDocumentation
 */

/** A request about to be sent. */
export interface RequestStart {
  /** What is sent: a QUERY, an EXECUTE of a prepared statement, a BATCH or a PREPARE. */
  readonly kind: 'query' | 'execute' | 'batch' | 'prepare';
  /** The CQL text (for batches, the statements' texts joined with `; `). */
  readonly query: string;
  /** The parameters as given by the caller. */
  readonly params: unknown;
  /** The keyspace the request runs in, when known. */
  readonly keyspace: string | undefined;
  /** Consistency of the first attempt. */
  readonly consistency: number;
  /** Whether the request may be retried on another host. */
  readonly idempotent: boolean;
  /** Client-side deadline in ms (0 = none). */
  readonly timeoutMs: number;
  /** Monotonic start time (`performance.now()`). */
  readonly startedAt: number;
}

/** A request that completed, successfully or not. */
export interface RequestEnd extends RequestStart {
  /** Wall time of the whole request (retries and speculative attempts included), in ms. */
  readonly latencyMs: number;
  /** `host:port` of the node that answered last, when one did. */
  readonly coordinator: string | undefined;
  /** Attempts made (1 without retries). */
  readonly attempts: number;
  /** The error the request failed with; undefined on success. */
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
    this.log = options.log ?? { warn: (m) => process.emitWarning(m, 'CqlkitSlowRequest') };
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
