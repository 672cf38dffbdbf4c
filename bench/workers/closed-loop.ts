/**
 * The concurrency limiter shared by both drivers: `concurrency` async loops, each awaiting one
 * operation at a time, until a deadline (closed loop, like cassandra-stress threads or the
 * riptano nodejs-driver-sut workers).
 */
import { performance } from 'node:perf_hooks';
import type { LatencyHistogram } from '../lib/histogram';

/** Outcome of a closed-loop run. */
export interface LoopOutcome {
  readonly ops: number;
  readonly rows: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

/**
 * Runs `op` from `concurrency` loops for `durationMs` (each loop starts at least one operation);
 * records each operation's latency in `histogram` when given. Resolves once every operation
 * started has finished.
 */
export async function runClosedLoop(
  op: (i: number) => Promise<number>,
  concurrency: number,
  durationMs: number,
  histogram: LatencyHistogram | undefined,
  firstIndex = 0,
): Promise<LoopOutcome> {
  const deadline = performance.now() + durationMs;
  let next = firstIndex;
  let ops = 0;
  let rows = 0;
  let errors = 0;
  let firstError: string | undefined;
  const loop = async (): Promise<void> => {
    let now = performance.now();
    do {
      const started = now;
      try {
        const returned = await op(next++);
        rows += returned;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      now = performance.now();
      ops++;
      histogram?.record((now - started) * 1e6);
    } while (now < deadline);
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { ops, rows, errors, firstError };
}
