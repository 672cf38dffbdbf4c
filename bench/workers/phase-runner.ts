/**
 * Runs a {@link PhaseJob}: operations counted from connect, in three phases (cold, warm,
 * steady), one record per phase — the Node side of the anchors suite, measured like the Rust and
 * Python anchors measure themselves (whole-process CPU, server CPU from /proc, successful
 * operations only).
 */
import { emitRecord, type PhaseJob, type PhaseName } from '../lib/job';
import type { BenchSession } from './driver-adapter';
import { measureWindow } from './measured-window';

/** Runs the phases of `job` on `session`. */
export async function runPhaseJob(job: PhaseJob, session: BenchSession): Promise<void> {
  const op = session.operation(job.workload);
  let nextIndex = 0;
  const phase = async (name: PhaseName, operations: number): Promise<void> => {
    if (operations <= 0) return;
    // No forced GC between the phases (the Rust and Python anchors have none either): in V8 a
    // forced full GC throws the warm-up away — the next ~10 000 operations cost as much as the
    // first ones after connect (see collectGarbage in lib/gc.ts).
    const window = await measureWindow(op, job.concurrency, { operations }, nextIndex, job);
    nextIndex += window.started;
    emitRecord({
      kind: 'phase',
      suite: job.suite,
      rep: job.rep,
      target: job.target.kind,
      driver: job.client ?? job.driver,
      workload: job.workload,
      concurrency: job.concurrency,
      phase: name,
      ...window.counters,
    });
  };
  await phase('cold', job.coldOps);
  await phase('warm', job.warmupOps - job.coldOps);
  await phase('steady', job.measureOps);
}
