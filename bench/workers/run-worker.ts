/**
 * Entry logic of a driver worker process: reads the job (JSON, first argument), connects with the
 * given adapter, runs the job, prints records, exits. One process per job and driver, so the two
 * drivers never share a heap, a JIT or an event loop.
 */
import { STATEMENT_NAMES, type StatementName } from '../lib/bench-schema';
import type { WorkerJob } from '../lib/job';
import { WORKLOADS } from '../lib/workloads';
import type { DriverAdapter } from './driver-adapter';
import { runInflightJob, runStreamJob } from './memory-probes';
import { runPhaseJob } from './phase-runner';
import { runPointJob } from './point-cells';

function statementsOf(job: WorkerJob): StatementName[] {
  if (job.type === 'inflight') return ['insert', 'blackhole'];
  if (job.type === 'stream') return ['scan'];
  if (job.type === 'phases') return [WORKLOADS[job.workload].statement];
  const names = new Set(job.cells.map((c) => WORKLOADS[c.workload].statement));
  return STATEMENT_NAMES.filter((n) => names.has(n));
}

async function runJob(adapter: DriverAdapter, job: WorkerJob): Promise<void> {
  const session = await adapter.connect({
    target: job.target,
    variant: job.variant,
    maxRequestsPerConnection: job.maxRequestsPerConnection,
    statements: statementsOf(job),
    tokenAware: job.type === 'phases' && job.tokenAware === true,
  });
  if (job.type === 'inflight') {
    await runInflightJob(job, session);
    return; // parked requests never settle; the process exits without a graceful shutdown
  }
  if (job.type === 'stream') await runStreamJob(job, session);
  else if (job.type === 'phases') await runPhaseJob(job, session);
  else await runPointJob(job, session);
  await session.shutdown();
}

/** Runs the job given on the command line with `adapter`, then exits. */
export function runWorker(adapter: DriverAdapter): void {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  if (job.driver !== adapter.name) {
    process.stderr.write(`worker for ${adapter.name} got a job for ${String(job.driver)}\n`);
    process.exit(2);
  }
  runJob(adapter, job).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
