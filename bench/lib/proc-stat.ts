/**
 * CPU time of another process from `/proc/<pid>/stat` (Linux): for server CPU per operation, and
 * to wait until a server has gone quiet between two measured runs.
 */
import { readFileSync } from 'node:fs';

/**
 * utime + stime of `pid` in microseconds, or `undefined` when unreadable (not Linux, process
 * gone). Resolution is one clock tick (usually 10 ms).
 */
export function processCpuMicros(pid: number, clockTicksPerSecond: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1e6) / clockTicksPerSecond;
}

/** How {@link waitForQuietProcess} decides that a process has gone quiet. */
export interface QuietSettings {
  /** Length of one sample window. */
  readonly windowMs: number;
  /** Quiet below this share of one core over a window (0.05 = 5%). */
  readonly maxCoreShare: number;
  /** Consecutive quiet windows needed. */
  readonly quietWindows: number;
  /** Give up after this long and go on. */
  readonly maxWaitMs: number;
}

/** What {@link waitForQuietProcess} saw. */
export interface QuietOutcome {
  readonly waitedMs: number;
  /** False when `maxWaitMs` passed first, or the process could not be read. */
  readonly quiet: boolean;
  /** Share of one core in the last window (`NaN` when unreadable). */
  readonly lastCoreShare: number;
}

/**
 * Waits until `pid` uses less than `maxCoreShare` of a core for `quietWindows` windows in a row:
 * a server that is still flushing, compacting or collecting garbage after one client's run would
 * otherwise charge that work to the next client's operations.
 */
export async function waitForQuietProcess(
  pid: number,
  clockTicksPerSecond: number,
  settings: QuietSettings,
): Promise<QuietOutcome> {
  const started = performance.now();
  let quietInARow = 0;
  let previous = processCpuMicros(pid, clockTicksPerSecond);
  let previousAt = performance.now();
  for (;;) {
    if (previous === undefined)
      return { waitedMs: performance.now() - started, quiet: false, lastCoreShare: NaN };
    await new Promise((resolve) => setTimeout(resolve, settings.windowMs));
    const now = processCpuMicros(pid, clockTicksPerSecond);
    const at = performance.now();
    if (now === undefined) return { waitedMs: at - started, quiet: false, lastCoreShare: NaN };
    const share = (now - previous) / ((at - previousAt) * 1000);
    quietInARow = share < settings.maxCoreShare ? quietInARow + 1 : 0;
    if (quietInARow >= settings.quietWindows)
      return { waitedMs: at - started, quiet: true, lastCoreShare: share };
    if (at - started >= settings.maxWaitMs)
      return { waitedMs: at - started, quiet: false, lastCoreShare: share };
    previous = now;
    previousAt = at;
  }
}
