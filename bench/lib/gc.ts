/** Forces full garbage collections when the process runs with `--expose-gc` (workers always do). */
export function collectGarbage(times = 2): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; gc !== undefined && i < times; i++) gc();
}

/** Bytes → MB with one decimal. */
export function megabytes(bytes: number): number {
  return Math.round(bytes / 104_857.6) / 10;
}
