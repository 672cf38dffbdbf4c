/** CPU time of another process from `/proc/<pid>/stat` (Linux), for server CPU per operation. */
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
