/**
 * The benchmark orchestrator (`npm run bench -- [--quick] [--suites …]`, or `npx tsx bench/run.ts`).
 *
 * Runs each driver in its own child process, alternating cqlkit and cassandra-driver with the
 * same settings (A B, B A, A B…: counterbalanced against drift), against the stub server and a real Cassandra node; decodes a captured
 * frame with each driver; measures memory. Prints a summary and writes
 * `bench/results/<timestamp>.json`, `.md` and `.svg`. Benchmarks measure; they never assert.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { acquireCassandra, type CassandraHandle } from './lib/cassandra-target';
import { BUILT_DRIVER_ENV, buildDriver } from './lib/driver-build';
import { driverBuildDescription } from './lib/driver-module';
import { type BenchOptions, parseBenchOptions, type SuiteName, USAGE } from './lib/cli-options';
import type {
  AnchorName,
  BenchRecord,
  DecodeJob,
  DriverName,
  PhaseJob,
  PhaseRecord,
  PointJob,
  ProtocolVariant,
  StreamApi,
  TargetSpec,
  WorkerJob,
} from './lib/job';
import { machineInfo, type MachineInfo } from './lib/machine-info';
import { type QuietSettings, waitForQuietProcess } from './lib/proc-stat';
import { SERVER_WARMUP, type ServerWarmup, warmUntilSettled } from './lib/server-warmup';
import {
  ANCHOR_CLIENT_ORDER,
  ANCHOR_WORKLOADS,
  DECODER_ORDER,
  DRIVER_ORDER,
  inRepOrder,
  maxRequestsFor,
  modeSettings,
  type ModeSettings,
  pointCells,
  VARIANT_ORDER,
  type Windows,
} from './lib/plan';
import { openSetupSession, recreateWriteTable, seedBenchData } from './lib/seed-data';
import {
  runRecordingProcess,
  runWorkerProcess,
  type WorkerOutcome,
  type WorkerRunOptions,
} from './lib/spawn-worker';
import { type AnchorProgram, preparePythonAnchor, prepareRustAnchor } from './lib/anchors/anchor-programs';
import { writeValuesFile } from './lib/anchors/values-file';
import { STATEMENTS } from './lib/bench-schema';
import { startStub, type StubProcess } from './lib/stub-process';
import { type WorkloadName, WORKLOADS } from './lib/workloads';
import { FIXTURE_PATH } from './stub-server/fixtures';
import { renderConsole, renderMarkdown, type RunContext, type WorkerFailure } from './report/render';
import { analyse } from './report/sections';
import { ratioChart } from './report/svg-chart';
import { renderScyllaSummary, runScyllaSuite, type ScyllaSuiteSummary } from './scylla/scylla-suite';

const REPO_ROOT = resolve(__dirname, '..');
const WORKER_ENTRY: Readonly<Record<DriverName, string>> = {
  cqlkit: join(REPO_ROOT, 'bench', 'workers', 'cqlkit-worker.ts'),
  'cassandra-driver': join(REPO_ROOT, 'bench', 'workers', 'cassandra-driver-worker.ts'),
};
const DECODE_ENTRY = join(REPO_ROOT, 'bench', 'decode', 'decode-worker.ts');
/** Requests in flight allowed per connection in the memory suite (its parked requests exceed 2048). */
const MEMORY_MAX_REQUESTS = 32_768;
const STUB_DATA_CENTER = 'datacenter1';
/**
 * When a server counts as quiet before a measured run: under 8% of a core (an idle Cassandra 5.0
 * node uses 2–3%, and `/proc` counts in 10 ms ticks) for two 750 ms windows in a row, waiting at
 * most 60 s.
 */
const SERVER_QUIET: QuietSettings = { windowMs: 750, maxCoreShare: 0.08, quietWindows: 2, maxWaitMs: 60_000 };
/** The streaming runs of the memory suite: each driver's async-iteration APIs. */
const STREAM_APIS: readonly (readonly [DriverName, StreamApi])[] = [
  ['cqlkit', 'iterate'],
  ['cassandra-driver', 'stream'],
  ['cassandra-driver', 'resultset'],
];

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** State of one benchmark run. */
class BenchRun {
  readonly records: BenchRecord[] = [];
  readonly failures: WorkerFailure[] = [];
  /** What the anchors suite built or installed (one line each). */
  readonly anchorPrograms: string[] = [];
  cassandraVersion: string | undefined;
  scylla: ScyllaSuiteSummary | undefined;
  private stub: StubProcess | undefined;
  private cassandra: CassandraHandle | undefined;
  private seeded = false;
  readonly serverSettling = { waits: 0, totalMs: 0, stillBusy: 0 };
  serverWarmup: ServerWarmup | undefined;

  constructor(
    private readonly options: BenchOptions,
    private readonly mode: ModeSettings,
    private readonly machine: MachineInfo,
  ) {}

  async run(): Promise<void> {
    for (const suite of this.options.suites) {
      const started = Date.now();
      log(`suite ${suite}: starting (load average ${loadavg()[0]?.toFixed(2)})`);
      await this.runSuite(suite);
      log(`suite ${suite}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }

  async close(): Promise<void> {
    await this.stub?.stop();
    this.stub = undefined;
    await this.cassandra?.release();
    this.cassandra = undefined;
  }

  private async decodeSuite(): Promise<void> {
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const decoder of inRepOrder(DECODER_ORDER, rep)) {
        const job: DecodeJob = {
          type: 'decode',
          suite: 'decode',
          decoder,
          rep,
          fixturePath: FIXTURE_PATH,
          ...this.mode.decode,
        };
        await this.runWorker(DECODE_ENTRY, job, `decode ${decoder} rep ${rep}`);
      }
    }
  }

  private async stubSuite(): Promise<void> {
    const target = await this.stubTarget();
    const cells = pointCells(['insert', 'select1', 'select100'], this.mode.concurrencies, this.mode.stub);
    await this.alternateDrivers('stub', target, cells, this.mode.stub);
  }

  private async memorySuite(): Promise<void> {
    const target = await this.stubTarget();
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const driver of inRepOrder(DRIVER_ORDER, rep)) {
        await this.runDriverJob({
          ...this.jobBase('memory', driver, 'v4', target, rep, MEMORY_MAX_REQUESTS),
          type: 'inflight',
          parked: this.mode.inflight.parked,
          warmupMs: this.mode.inflight.warmupMs,
        });
      }
    }
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const [driver, api] of inRepOrder(STREAM_APIS, rep)) {
        await this.runDriverJob({
          ...this.jobBase('memory', driver, 'v4', target, rep, maxRequestsFor([])),
          type: 'stream',
          rows: this.mode.streamRows,
          pageSize: 5000,
          api,
        });
      }
    }
  }

  private async protocolSuite(): Promise<void> {
    const workloads: WorkloadName[] = ['insert1k', 'insert1k-random', 'select1k'];
    const concurrency = [this.mode.protocolConcurrency];
    const stub = await this.stubTarget();
    await this.rotateVariants(
      stub,
      pointCells(workloads, concurrency, this.mode.protocolStub),
      this.mode.protocolStub,
      Math.min(this.mode.reps, this.mode.protocolStubReps),
    );
    const cassandra = await this.cassandraTarget();
    await this.freshWriteTable(cassandra);
    await this.rotateVariants(
      cassandra,
      pointCells(workloads, concurrency, this.mode.cassandra),
      this.mode.cassandra,
      this.mode.protocolCassandraReps,
    );
  }

  private async cassandraSuite(): Promise<void> {
    const target = await this.cassandraTarget();
    await this.freshWriteTable(target);
    const cells = pointCells(
      ['insert', 'select1', 'select100', 'scan'],
      this.mode.concurrencies,
      this.mode.cassandra,
    );
    await this.alternateDrivers('cassandra', target, cells, this.mode.cassandra);
  }

  /**
   * The native anchors: cqlkit, cassandra-driver, the Rust driver (current-thread, multi-thread,
   * and with its own defaults) and the Python driver, one process per (client, workload,
   * repetition), operations counted from connect (cold, warm, steady), on the real node.
   */
  private async anchorsSuite(): Promise<void> {
    const programs = new Map<AnchorName, AnchorProgram>();
    const prepare = (clients: readonly AnchorName[], what: string, make: () => AnchorProgram): void => {
      try {
        const program = make();
        for (const client of clients) programs.set(client, program);
        this.anchorPrograms.push(program.description);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.failures.push({ what: `anchors: ${what}`, exitCode: null, diagnostics: message });
        log(`anchors: ${what} is not available: ${message.split('\n')[0] ?? ''}`);
      }
    };
    prepare(['rust-ct', 'rust-mt', 'rust-ct-defaults'], 'Rust driver build', () =>
      prepareRustAnchor(REPO_ROOT, log),
    );
    prepare(['python'], 'Python driver install', () => preparePythonAnchor(REPO_ROOT, log));
    const target = await this.cassandraTarget();
    await this.freshWriteTable(target);
    const settings = this.mode.anchors;
    const valuesDir = join(REPO_ROOT, 'bench', 'dist', 'anchor-values');
    const valuesFiles = new Map(ANCHOR_WORKLOADS.map((w) => [w, writeValuesFile(valuesDir, w)]));
    for (let rep = 1; rep <= settings.reps; rep++) {
      for (const workload of ANCHOR_WORKLOADS) {
        for (const client of inRepOrder(ANCHOR_CLIENT_ORDER, rep)) {
          await this.settleServer(target);
          const counts = client === 'python' ? settings.pythonCounts : settings.counts;
          const phases = { workload, concurrency: settings.concurrency, ...counts };
          if (client === 'cqlkit' || client === 'cassandra-driver') {
            await this.runDriverJob({
              ...this.jobBase('anchors', client, 'v4', target, rep, maxRequestsFor([settings.concurrency])),
              type: 'phases',
              ...phases,
            });
            continue;
          }
          if (client === 'cqlkit-token-aware') {
            await this.runDriverJob({
              ...this.jobBase('anchors', 'cqlkit', 'v4', target, rep, maxRequestsFor([settings.concurrency])),
              type: 'phases',
              client,
              tokenAware: true,
              ...phases,
            });
            continue;
          }
          const program = programs.get(client);
          if (program === undefined) continue; // its build failed: reported once above
          const args = program.args({
            ...phases,
            suite: 'anchors',
            client,
            target,
            rep,
            clockTicksPerSecond: this.machine.clockTicksPerSecond,
            statement: STATEMENTS[WORKLOADS[workload].statement],
            valuesFile: valuesFiles.get(workload) as string,
          });
          await this.runProcess(program.command, args, `anchors ${client} ${workload} rep ${rep}`);
        }
      }
    }
  }

  private runSuite(suite: SuiteName): Promise<void> {
    switch (suite) {
      case 'decode':
        return this.decodeSuite();
      case 'stub':
        return this.stubSuite();
      case 'memory':
        return this.memorySuite();
      case 'protocol':
        return this.protocolSuite();
      case 'cassandra':
        return this.cassandraSuite();
      case 'scylla':
        return this.scyllaSuite();
      case 'anchors':
        return this.anchorsSuite();
    }
  }

  private async scyllaSuite(): Promise<void> {
    this.cassandra ??= await acquireCassandra(log);
    this.cassandraVersion = this.cassandra.version;
    try {
      this.scylla = await runScyllaSuite(
        this.cassandra.target,
        {
          reps: this.mode.reps,
          ops: this.mode.name === 'quick' ? 5000 : 20_000,
          concurrency: 64,
          timeoutMs: this.mode.workerTimeoutMs,
        },
        REPO_ROOT,
        log,
      );
    } catch (error) {
      const diagnostics = error instanceof Error ? error.message : String(error);
      this.failures.push({ what: 'scylla suite', exitCode: null, diagnostics });
      log(`scylla suite: FAILED: ${diagnostics.split('\n').slice(-2).join(' | ')}`);
    }
  }

  private async alternateDrivers(
    suite: string,
    target: TargetSpec,
    cells: PointJob['cells'],
    windows: Windows,
  ): Promise<void> {
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const driver of inRepOrder(DRIVER_ORDER, rep)) {
        await this.settleServer(target);
        await this.runDriverJob({
          ...this.jobBase(suite, driver, 'v4', target, rep, maxRequestsFor(cells.map((c) => c.concurrency))),
          type: 'point',
          cells,
          workloadWarmupMs: windows.workloadWarmupMs,
        });
      }
    }
  }

  private async rotateVariants(
    target: TargetSpec,
    cells: PointJob['cells'],
    windows: Windows,
    reps: number,
  ): Promise<void> {
    for (let rep = 1; rep <= reps; rep++) {
      for (const variant of inRepOrder(VARIANT_ORDER, rep)) {
        await this.settleServer(target);
        await this.runDriverJob({
          ...this.jobBase(
            'protocol',
            'cqlkit',
            variant,
            target,
            rep,
            maxRequestsFor(cells.map((c) => c.concurrency)),
          ),
          type: 'point',
          cells,
          workloadWarmupMs: windows.workloadWarmupMs,
        });
      }
    }
  }

  /**
   * Waits until the server process has gone quiet (see {@link SERVER_QUIET}) before a measured
   * run: after ~150 000 INSERTs the node flushes memtables and compacts for seconds, and
   * whichever client ran next was charged for it (in full runs the first SELECT client of a
   * repetition showed ~20% more server CPU per operation than the others).
   */
  private async settleServer(target: TargetSpec): Promise<void> {
    if (target.serverPid === undefined) return;
    const outcome = await waitForQuietProcess(
      target.serverPid,
      this.machine.clockTicksPerSecond,
      SERVER_QUIET,
    );
    this.serverSettling.waits += 1;
    this.serverSettling.totalMs += outcome.waitedMs;
    if (!outcome.quiet) this.serverSettling.stillBusy += 1;
    const minimumMs = SERVER_QUIET.windowMs * SERVER_QUIET.quietWindows;
    if (!outcome.quiet) {
      const share = Number.isNaN(outcome.lastCoreShare)
        ? 'unreadable'
        : `${(outcome.lastCoreShare * 100).toFixed(0)}% of a core`;
      log(
        `${target.kind} server still busy after ${(outcome.waitedMs / 1000).toFixed(1)} s (${share}): measuring anyway`,
      );
    } else if (outcome.waitedMs > minimumMs + SERVER_QUIET.windowMs) {
      log(`${target.kind} server went quiet after ${(outcome.waitedMs / 1000).toFixed(1)} s`);
    }
  }

  private jobBase(
    suite: string,
    driver: DriverName,
    variant: ProtocolVariant,
    target: TargetSpec,
    rep: number,
    maxRequestsPerConnection: number,
  ): Omit<PointJob, 'type' | 'cells' | 'workloadWarmupMs'> {
    return {
      suite,
      driver,
      variant,
      target,
      rep,
      maxRequestsPerConnection,
      clockTicksPerSecond: this.machine.clockTicksPerSecond,
    };
  }

  /** Runs a worker job; resolves with its records (kept for the report unless `record` is false). */
  private runDriverJob(
    job: WorkerJob,
    options: { readonly record: boolean } = { record: true },
  ): Promise<BenchRecord[]> {
    const workload = job.type === 'phases' ? ` ${job.workload}` : job.type === 'stream' ? ` ${job.api}` : '';
    const what = `${job.suite} ${job.type}${workload} ${job.target.kind} ${job.driver} ${job.variant} rep ${job.rep}`;
    return this.runWorker(WORKER_ENTRY[job.driver], job, what, options.record);
  }

  private async runWorker(entry: string, job: object, what: string, record = true): Promise<BenchRecord[]> {
    const outcome = await runWorkerProcess(entry, job, this.workerOptions());
    this.collect(outcome, what, record);
    return outcome.records;
  }

  private async runProcess(command: string, args: readonly string[], what: string): Promise<void> {
    this.collect(await runRecordingProcess(command, args, this.workerOptions()), what, true);
  }

  private workerOptions(): WorkerRunOptions {
    return { cwd: REPO_ROOT, timeoutMs: this.mode.workerTimeoutMs, verbose: this.options.verbose };
  }

  private collect(outcome: WorkerOutcome, what: string, record: boolean): void {
    if (record) this.records.push(...outcome.records);
    const seconds = (outcome.elapsedMs / 1000).toFixed(1);
    if (outcome.exitCode !== 0) {
      this.failures.push({ what, exitCode: outcome.exitCode, diagnostics: outcome.diagnostics });
      log(
        `${what}: FAILED (exit ${outcome.exitCode}) after ${seconds} s: ${outcome.diagnostics.split('\n').slice(-2).join(' | ')}`,
      );
    } else {
      log(`${what}: ${outcome.records.length} record(s) in ${seconds} s`);
    }
  }

  private async stubTarget(): Promise<TargetSpec> {
    this.stub ??= await startStub(REPO_ROOT, this.mode.streamRows, (m) => log(m));
    return {
      kind: 'stub',
      host: '127.0.0.1',
      port: this.stub.port,
      localDataCenter: STUB_DATA_CENTER,
      serverPid: this.stub.pid,
    };
  }

  private async cassandraTarget(): Promise<TargetSpec> {
    this.cassandra ??= await acquireCassandra(log);
    this.cassandraVersion = this.cassandra.version;
    const target = this.cassandra.target;
    if (!this.seeded) {
      log('creating the benchmark keyspace and loading the read tables…');
      await withSetupSession(target, (session) => seedBenchData(session, log));
      this.seeded = true;
      await this.warmServer(target);
    }
    return target;
  }

  /**
   * Runs the point workloads once with each driver, unrecorded, before anything is measured on
   * Cassandra, then rounds of the anchors' INSERTs and SELECTs until the node's CPU per operation
   * of both stops falling: a freshly started node compiles its read and write paths (JIT) over its
   * first minute or so of load, and whichever client ran first would pay for it (see
   * `bench/lib/server-warmup.ts`).
   */
  private async warmServer(target: TargetSpec): Promise<void> {
    const windows = this.mode.cassandra;
    const cells = pointCells(['insert', 'select1', 'select100'], [128], { ...windows, warmupMs: 0 });
    log('warming up the Cassandra node (unrecorded)…');
    for (const driver of DRIVER_ORDER) {
      await this.runDriverJob(
        {
          ...this.jobBase('warmup', driver, 'v4', target, 0, maxRequestsFor([128])),
          type: 'point',
          cells,
          workloadWarmupMs: windows.workloadWarmupMs,
        },
        { record: false },
      );
    }
    if (target.serverPid === undefined) return;
    const opsPerRound = this.mode.anchors.counts.measureOps;
    const round = (workload: WorkloadName): PhaseJob => ({
      ...this.jobBase('warmup', 'cqlkit', 'v4', target, 0, maxRequestsFor([128])),
      type: 'phases',
      workload,
      concurrency: 128,
      coldOps: 0,
      warmupOps: 0,
      measureOps: opsPerRound,
    });
    this.serverWarmup = await warmUntilSettled(
      opsPerRound,
      ANCHOR_WORKLOADS,
      async (workload) => {
        const records = await this.runDriverJob(round(workload), { record: false });
        const window = records.find((r): r is PhaseRecord => r.kind === 'phase');
        const perOp =
          window?.serverCpuUs !== undefined && window.ops > 0 ? window.serverCpuUs / window.ops : NaN;
        log(`server warm-up, ${workload}: ${perOp.toFixed(1)} µs of server CPU per operation`);
        return perOp;
      },
      SERVER_WARMUP,
    );
  }

  private async freshWriteTable(target: TargetSpec): Promise<void> {
    await withSetupSession(target, (session) => recreateWriteTable(session));
  }
}

async function withSetupSession(
  target: TargetSpec,
  work: (session: Awaited<ReturnType<typeof openSetupSession>>['session']) => Promise<void>,
): Promise<void> {
  const { cluster, session } = await openSetupSession(target);
  try {
    await work(session);
  } finally {
    await cluster.shutdown();
  }
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), REPO_ROOT);
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const mode = modeSettings(options.quick, {
    reps: options.reps,
    concurrencies: options.concurrencies,
    anchorOps: options.anchorOps,
  });
  const machine = machineInfo(REPO_ROOT);
  const startedAt = new Date();
  if (options.fromSource) {
    delete process.env[BUILT_DRIVER_ENV];
  } else {
    process.env[BUILT_DRIVER_ENV] = buildDriver(REPO_ROOT);
  }
  log(`cqlkit: ${driverBuildDescription()}`);
  log(`${mode.name} run of ${options.suites.join(', ')} on ${machine.cpus} CPUs, Node ${machine.node}`);
  const run = new BenchRun(options, mode, machine);
  const interrupt = (): void => {
    log('interrupted: stopping the stub server and releasing Cassandra');
    void run.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    await run.run();
  } finally {
    await run.close();
    process.removeListener('SIGINT', interrupt);
  }
  const context: RunContext = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode,
    machine,
    cassandraVersion: run.cassandraVersion,
    suites: options.suites,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    failures: run.failures,
    driverBuild: driverBuildDescription(),
    anchorPrograms: run.anchorPrograms,
    serverSettling: run.serverSettling,
    serverWarmup: run.serverWarmup,
  };
  const analysis = analyse(run.records);
  process.stdout.write(`${renderConsole(analysis, context)}\n`);
  if (run.scylla) process.stdout.write(`\n${renderScyllaSummary(run.scylla)}\n`);

  mkdirSync(options.outDir, { recursive: true });
  const stem = join(options.outDir, `${timestamp(startedAt)}${options.quick ? '-quick' : ''}`);
  const chartFile = `${stem}.svg`;
  writeFileSync(
    chartFile,
    ratioChart(analysis.comparisons, analysis.decode, `cqlkit vs cassandra-driver — ${context.startedAt}`),
  );
  writeFileSync(`${stem}.md`, renderMarkdown(analysis, context, basename(chartFile)));
  writeFileSync(
    `${stem}.json`,
    `${JSON.stringify({ context, analysis, records: run.records, scylla: run.scylla }, null, 1)}\n`,
  );
  log(`wrote ${stem}.json, .md and .svg`);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
