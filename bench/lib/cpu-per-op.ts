/**
 * Client CPU per operation, for the in-process overhead benchmarks (mapper-overhead.ts,
 * otel-overhead.ts): runs an operation n times at a fixed concurrency and divides the process's
 * CPU time (process.cpuUsage, user + system) by n.
 */

/** Runs `op(i)` for i in [0, n) with at most `concurrency` in flight; client CPU µs per op. */
export async function cpuPerOp(
  n: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ cpuUs: number; wallMs: number }> {
  const start = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(start);
  return { cpuUs: (cpu.user + cpu.system) / n, wallMs: performance.now() - t0 };
}

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
