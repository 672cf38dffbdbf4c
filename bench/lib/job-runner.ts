/**
 * Runs the benchmark's measuring child processes — the drivers' workers, the decoders, the native
 * anchors — one at a time, and keeps what they report: their records for the report, and a
 * failure line for every process that failed (the run goes on; the report lists them).
 *
 * Holds no plan (which jobs run in which order is the orchestrator's, `bench/run.ts`) and no
 * server (the stub and the Cassandra node are `bench/lib/bench-servers.ts`').
 */
import { join } from 'node:path';
import type { WorkerFailure } from '../report/render';
import type { BenchRecord, DriverName, PointJob, ProtocolVariant, TargetSpec, WorkerJob } from './job';
import {
  runRecordingProcess,
  runWorkerProcess,
  type WorkerOutcome,
  type WorkerRunOptions,
} from './spawn-worker';

/** How the runner starts its processes. */
export interface JobRunnerSettings {
  readonly repoRoot: string;
  /** A process still running after this long is killed and counted as failed. */
  readonly timeoutMs: number;
  /** Forward the processes' stderr. */
  readonly verbose: boolean;
  /** The machine's clock ticks per second (`/proc` CPU times), passed to every driver job. */
  readonly clockTicksPerSecond: number;
}

/** A driver job without its kind and its kind's fields. */
export type DriverJobBase = Omit<PointJob, 'type' | 'cells' | 'workloadWarmupMs'>;

/** Runs measuring processes and collects their records and failures. */
export class JobRunner {
  /** Every record of the processes run with `record` (the default). */
  readonly records: BenchRecord[] = [];
  readonly failures: WorkerFailure[] = [];
  private readonly workerEntry: Readonly<Record<DriverName, string>>;

  constructor(
    private readonly settings: JobRunnerSettings,
    private readonly log: (message: string) => void,
  ) {
    this.workerEntry = {
      cqlkit: join(settings.repoRoot, 'bench', 'workers', 'cqlkit-worker.ts'),
      'cassandra-driver': join(settings.repoRoot, 'bench', 'workers', 'cassandra-driver-worker.ts'),
    };
  }

  /** The fields every driver job shares. */
  jobBase(
    suite: string,
    driver: DriverName,
    variant: ProtocolVariant,
    target: TargetSpec,
    rep: number,
    maxRequestsPerConnection: number,
  ): DriverJobBase {
    return {
      suite,
      driver,
      variant,
      target,
      rep,
      maxRequestsPerConnection,
      clockTicksPerSecond: this.settings.clockTicksPerSecond,
    };
  }

  /** Runs a driver's worker; resolves with its records (kept for the report unless `record` is false). */
  runDriverJob(
    job: WorkerJob,
    options: { readonly record: boolean } = { record: true },
  ): Promise<BenchRecord[]> {
    const workload = job.type === 'phases' ? ` ${job.workload}` : job.type === 'stream' ? ` ${job.api}` : '';
    const what = `${job.suite} ${job.type}${workload} ${job.target.kind} ${job.driver} ${job.variant} rep ${job.rep}`;
    return this.runWorker(this.workerEntry[job.driver], job, what, options.record);
  }

  /** Runs a TypeScript worker entry with a job; resolves with its records. */
  async runWorker(entry: string, job: object, what: string, record = true): Promise<BenchRecord[]> {
    const outcome = await runWorkerProcess(entry, job, this.processOptions());
    this.collect(outcome, what, record);
    return outcome.records;
  }

  /** Runs a program that prints records (the native anchors). */
  async runProcess(command: string, args: readonly string[], what: string): Promise<void> {
    this.collect(await runRecordingProcess(command, args, this.processOptions()), what, true);
  }

  /** Records a failure that is not a process's (a build, a suite that could not start). */
  fail(what: string, diagnostics: string): void {
    this.failures.push({ what, exitCode: null, diagnostics });
  }

  private processOptions(): WorkerRunOptions {
    return {
      cwd: this.settings.repoRoot,
      timeoutMs: this.settings.timeoutMs,
      verbose: this.settings.verbose,
    };
  }

  private collect(outcome: WorkerOutcome, what: string, record: boolean): void {
    if (record) this.records.push(...outcome.records);
    const seconds = (outcome.elapsedMs / 1000).toFixed(1);
    if (outcome.exitCode !== 0) {
      this.failures.push({ what, exitCode: outcome.exitCode, diagnostics: outcome.diagnostics });
      this.log(
        `${what}: FAILED (exit ${outcome.exitCode}) after ${seconds} s: ${outcome.diagnostics.split('\n').slice(-2).join(' | ')}`,
      );
    } else {
      this.log(`${what}: ${outcome.records.length} record(s) in ${seconds} s`);
    }
  }
}
