/** Runs a {@link PointJob}: warm-up, then one measured closed-loop window per cell. */
import { performance } from 'node:perf_hooks';
import { collectGarbage, megabytes } from '../lib/gc';
import { LatencyHistogram } from '../lib/histogram';
import { emitRecord, type PointJob } from '../lib/job';
import { processCpuMicros } from '../lib/proc-stat';
import { type WorkloadName, WORKLOADS } from '../lib/workloads';
import { runClosedLoop } from './closed-loop';
import type { BenchSession } from './driver-adapter';

/** Concurrency of the per-workload warm-up of request/response workloads. */
const WARMUP_CONCURRENCY = 128;

/** Runs every cell of `job` on `session`, emitting one CellRecord per cell. */
export async function runPointJob(job: PointJob, session: BenchSession): Promise<void> {
  const operations = new Map<WorkloadName, (i: number) => Promise<number>>();
  let nextIndex = 0;
  for (const cell of job.cells) {
    const definition = WORKLOADS[cell.workload];
    let op = operations.get(cell.workload);
    if (op === undefined) {
      op = session.operation(cell.workload);
      operations.set(cell.workload, op);
      const warm = await runClosedLoop(
        op,
        definition.paged ? 1 : WARMUP_CONCURRENCY,
        job.workloadWarmupMs,
        undefined,
      );
      nextIndex += warm.ops;
    }
    if (cell.warmupMs > 0)
      nextIndex += (await runClosedLoop(op, cell.concurrency, cell.warmupMs, undefined, nextIndex)).ops;
    collectGarbage();

    const histogram = new LatencyHistogram();
    const serverPid = job.target.serverPid;
    const serverBefore = serverPid ? processCpuMicros(serverPid, job.clockTicksPerSecond) : undefined;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const outcome = await runClosedLoop(op, cell.concurrency, cell.measureMs, histogram, nextIndex);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = serverPid ? processCpuMicros(serverPid, job.clockTicksPerSecond) : undefined;
    nextIndex += outcome.ops;
    const memory = process.memoryUsage();

    emitRecord({
      kind: 'cell',
      suite: job.suite,
      rep: job.rep,
      target: job.target.kind,
      driver: job.driver,
      variant: job.variant,
      workload: cell.workload,
      concurrency: cell.concurrency,
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
      latencyUs: histogram.summary(),
      rssMB: megabytes(memory.rss),
      heapUsedMB: megabytes(memory.heapUsed),
    });
  }
}
