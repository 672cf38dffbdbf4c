/**
 * One measured closed-loop window: the client's CPU (`process.cpuUsage()`, the whole process),
 * the server's CPU (/proc/<pid>/stat) and the loop's counts, as the record fields both point
 * cells and phases carry.
 */
import { performance } from 'node:perf_hooks';
import type { LatencyHistogram } from '../lib/histogram';
import type { TargetSpec, WindowCounters } from '../lib/job';
import { processCpuMicros } from '../lib/proc-stat';
import { type LoopLimit, runClosedLoop } from './closed-loop';
import type { BenchOperation } from './driver-adapter';

/** A window's counters, and how many operations it started (the next free index). */
export interface MeasuredWindow {
  readonly counters: WindowCounters;
  readonly started: number;
}

/** Runs `op` in a closed loop until `limit`, measuring client and server CPU around it. */
export async function measureWindow(
  op: BenchOperation,
  concurrency: number,
  limit: LoopLimit,
  firstIndex: number,
  server: { readonly target: TargetSpec; readonly clockTicksPerSecond: number },
  histogram?: LatencyHistogram,
): Promise<MeasuredWindow> {
  const pid = server.target.serverPid;
  const serverBefore = pid ? processCpuMicros(pid, server.clockTicksPerSecond) : undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await runClosedLoop(op, concurrency, limit, histogram, firstIndex);
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = pid ? processCpuMicros(pid, server.clockTicksPerSecond) : undefined;
  return {
    started: outcome.started,
    counters: {
      ops: outcome.ops,
      rows: outcome.rows,
      errors: outcome.errors,
      ...(outcome.firstError !== undefined ? { firstError: outcome.firstError } : {}),
      elapsedMs: Math.round(elapsedMs * 1000) / 1000,
      cpuUserUs: cpu.user,
      cpuSysUs: cpu.system,
      ...(serverBefore !== undefined && serverAfter !== undefined
        ? { serverCpuUs: Math.round(serverAfter - serverBefore) }
        : {}),
    },
  };
}
