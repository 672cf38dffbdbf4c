/**
 * Forces full garbage collections when the process runs with `--expose-gc` (workers always do).
 *
 * Never between a warm-up and the window it warms: on Node 20 a forced full GC costs the next
 * operations their warm state — measured against the stub (cqlkit, prepared INSERT, 128 in
 * flight, 25 000 operations of warm-up), the first 2 000–10 000 operations after `gc()` cost
 * 19–27 µs each against ~4 µs before it, ≈ 100 ms of CPU in all, as much as the first 10 000
 * operations after connect. Collect before the warm-up instead.
 */
export function collectGarbage(times = 2): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; gc !== undefined && i < times; i++) gc();
}

/** Bytes → MB with one decimal. */
export function megabytes(bytes: number): number {
  return Math.round(bytes / 104_857.6) / 10;
}
