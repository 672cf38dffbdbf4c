/**
 * The concurrency limiter shared by both drivers: `concurrency` async loops, each awaiting one
 * operation at a time, until a deadline or a number of operations (closed loop, like
 * cassandra-stress threads or the riptano nodejs-driver-sut workers).
 *
 * Honest counting: `ops` counts successful operations only; a failed one is counted in `errors`
 * (and the first error kept), so a driver that fails fast never looks cheap per operation.
 */
import { performance } from 'node:perf_hooks';
import type { LatencyHistogram } from '../lib/histogram';
import type { BenchOperation } from './driver-adapter';

/** Outcome of a closed-loop run. */
export interface LoopOutcome {
  /** Successful operations. */
  readonly ops: number;
  readonly rows: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  /** Operations started (successful + failed): the next free operation index is `firstIndex + started`. */
  readonly started: number;
}

/** When a closed loop stops starting operations. */
export type LoopLimit =
  /** After this many milliseconds (each loop starts at least one operation). */
  | { readonly durationMs: number }
  /** After this many operations in all. */
  | { readonly operations: number };

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs `op` from `concurrency` loops until `limit`; records each successful operation's latency
 * in `histogram` when given. Resolves once every operation started has finished.
 */
export async function runClosedLoop<R>(
  op: BenchOperation<R>,
  concurrency: number,
  limit: LoopLimit | number,
  histogram: LatencyHistogram | undefined,
  firstIndex = 0,
): Promise<LoopOutcome> {
  const stop: LoopLimit = typeof limit === 'number' ? { durationMs: limit } : limit;
  const deadline = 'durationMs' in stop ? performance.now() + stop.durationMs : Infinity;
  const end = 'operations' in stop ? firstIndex + stop.operations : Infinity;
  let next = firstIndex;
  let ops = 0;
  let rows = 0;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async (): Promise<void> => {
    let now = performance.now();
    do {
      if (next >= end) return;
      const started = now;
      try {
        const result = await op.run(next++);
        rows += op.rows(result); // not `rows += op.rows(await …)`: that reads `rows` before the await
        now = performance.now();
        ops++;
        histogram?.record((now - started) * 1e6);
      } catch (error) {
        now = performance.now();
        errors++;
        firstError ??= describe(error);
      }
    } while (now < deadline);
  };
  const loops = Number.isFinite(end) ? Math.min(concurrency, end - firstIndex) : concurrency;
  await Promise.all(Array.from({ length: loops }, loop));
  return { ops, rows, errors, firstError, started: next - firstIndex };
}
