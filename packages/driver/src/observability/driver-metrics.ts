import { LatencyHistogram } from './latency-histogram';

/** Latency figures in milliseconds. */
export interface LatencySnapshot {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly p98: number;
  readonly p99: number;
  readonly p999: number;
}

/** A point-in-time copy of the driver's metrics. */
export interface MetricsSnapshot {
  /** Requests completed (successfully or not). */
  readonly requests: number;
  /** Requests that failed. */
  readonly errors: number;
  /** Failed requests by error class name (`WriteTimeoutError`, `OperationTimedOutError`, …). */
  readonly errorsByClass: Readonly<Record<string, number>>;
  /** Retries decided by the retry policy (attempts beyond the first, speculative ones excluded). */
  readonly retries: number;
  /** Speculative executions started. */
  readonly speculativeExecutions: number;
  /** Requests that hit their client-side deadline. */
  readonly timeouts: number;
  /** Latency of whole requests. */
  readonly latency: LatencySnapshot;
  /** Connections open right now, over all sessions of the cluster. */
  readonly openConnections: number;
  /** Requests in flight right now. */
  readonly inFlight: number;
  /** ScyllaDB: open connections to each shard, by host endpoint (sharded hosts only). */
  readonly connectionsPerShard: Readonly<Record<string, readonly number[]>>;
}

/**
 * Opt-in driver metrics (`new Cluster({ …, metrics: true })`, then `cluster.metrics()`): request
 * and error counts, retries, speculative executions, timeouts, a latency histogram, and gauges of
 * open connections and in-flight requests.
 *
 * @example
 * ```ts
 * const m = cluster.metrics()!;
 * console.log(`${m.requests} requests, p99 ${m.latency.p99.toFixed(2)} ms`);
 * ```
 */
export class DriverMetrics {
  private requests = 0;
  private errors = 0;
  private readonly errorsByClass = new Map<string, number>();
  private retries = 0;
  private speculative = 0;
  private timeouts = 0;
  private readonly latency = new LatencyHistogram();

  constructor(
    private readonly gauges: () => {
      openConnections: number;
      inFlight: number;
      connectionsPerShard?: Readonly<Record<string, readonly number[]>>;
    },
  ) {}

  /** @internal */
  requestEnded(latencyMs: number, error: Error | undefined): void {
    this.requests++;
    this.latency.record(latencyMs);
    if (error) {
      this.errors++;
      const name = error.name;
      this.errorsByClass.set(name, (this.errorsByClass.get(name) ?? 0) + 1);
      if (name === 'OperationTimedOutError') this.timeouts++;
    }
  }

  /** @internal */
  retried(): void {
    this.retries++;
  }

  /** @internal */
  speculativeExecutionStarted(): void {
    this.speculative++;
  }

  /** A copy of the current figures. */
  snapshot(): MetricsSnapshot {
    const h = this.latency;
    const { openConnections, inFlight, connectionsPerShard = {} } = this.gauges();
    return {
      requests: this.requests,
      errors: this.errors,
      errorsByClass: Object.fromEntries(this.errorsByClass),
      retries: this.retries,
      speculativeExecutions: this.speculative,
      timeouts: this.timeouts,
      latency: {
        count: h.count,
        mean: h.mean,
        min: h.min,
        max: h.max,
        p50: h.percentile(50),
        p75: h.percentile(75),
        p95: h.percentile(95),
        p98: h.percentile(98),
        p99: h.percentile(99),
        p999: h.percentile(99.9),
      },
      openConnections,
      inFlight,
      connectionsPerShard,
    };
  }

  /** Sets every counter and the histogram back to zero. */
  reset(): void {
    this.requests = 0;
    this.errors = 0;
    this.errorsByClass.clear();
    this.retries = 0;
    this.speculative = 0;
    this.timeouts = 0;
    this.latency.reset();
  }
}
