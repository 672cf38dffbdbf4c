/** Runs a {@link PointJob}: warm-up, then one measured closed-loop window per cell. */
import { collectGarbage, megabytes } from '../lib/gc';
import { LatencyHistogram } from '../lib/histogram';
import { emitRecord, type PointJob } from '../lib/job';
import { type WorkloadName, WORKLOADS } from '../lib/workloads';
import { runClosedLoop } from './closed-loop';
import type { BenchOperation, BenchSession } from './driver-adapter';
import { measureWindow } from './measured-window';

/** Concurrency of the per-workload warm-up of request/response workloads. */
const WARMUP_CONCURRENCY = 128;

/** Runs every cell of `job` on `session`, emitting one CellRecord per cell. */
export async function runPointJob(job: PointJob, session: BenchSession): Promise<void> {
  const operations = new Map<WorkloadName, BenchOperation>();
  let nextIndex = 0;
  for (const cell of job.cells) {
    const definition = WORKLOADS[cell.workload];
    // Before the warm-ups, never between them and the window (see collectGarbage).
    collectGarbage();
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
      nextIndex += warm.started;
    }
    if (cell.warmupMs > 0)
      nextIndex += (await runClosedLoop(op, cell.concurrency, cell.warmupMs, undefined, nextIndex)).started;

    const histogram = new LatencyHistogram();
    const window = await measureWindow(
      op,
      cell.concurrency,
      { durationMs: cell.measureMs },
      nextIndex,
      job,
      histogram,
    );
    nextIndex += window.started;
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
      ...window.counters,
      latencyUs: histogram.summary(),
      rssMB: megabytes(memory.rss),
      heapUsedMB: megabytes(memory.heapUsed),
    });
  }
}
