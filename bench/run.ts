/**
 * The benchmark orchestrator (`npm run bench -- [--quick] [--suites …]`, or `npx tsx bench/run.ts`).
 *
 * Runs each driver in its own child process, alternating cqlkit and cassandra-driver with the
 * same settings (A B, B A, A B…: counterbalanced against drift), against the stub server and a
 * real Cassandra node; decodes a captured frame with each driver; measures memory. Prints a summary
 * and writes `bench/results/<timestamp>.json`, `.md` and `.svg`. Benchmarks measure; they never
 * assert.
 *
 * Holds the plan — which suites, which jobs in which order; the processes run through
 * `lib/job-runner.ts`, and the servers (stub, Cassandra node) and their preparation are
 * `lib/bench-servers.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type AnchorProgram, preparePythonAnchor, prepareRustAnchor } from './lib/anchors/anchor-programs';
import { writeValuesFile } from './lib/anchors/values-file';
import { STATEMENTS } from './lib/bench-schema';
import { BenchServers } from './lib/bench-servers';
import { type BenchOptions, parseBenchOptions, type SuiteName, USAGE } from './lib/cli-options';
import { BUILT_DRIVER_ENV, buildDriver } from './lib/driver-build';
import { driverBuildDescription } from './lib/driver-module';
import type { AnchorName, DecodeJob, DriverName, PointJob, StreamApi, TargetSpec } from './lib/job';
import { JobRunner } from './lib/job-runner';
import { machineInfo, type MachineInfo } from './lib/machine-info';
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
import { type WorkloadName, WORKLOADS } from './lib/workloads';
import { FIXTURE_PATH } from './stub-server/fixtures';
import { renderConsole, renderMarkdown, type RunContext } from './report/render';
import { analyse } from './report/sections';
import { ratioChart } from './report/svg-chart';
import { renderScyllaSummary, runScyllaSuite, type ScyllaSuiteSummary } from './scylla/scylla-suite';

const REPO_ROOT = resolve(__dirname, '..');
const DECODE_ENTRY = join(REPO_ROOT, 'bench', 'decode', 'decode-worker.ts');
/** Requests in flight allowed per connection in the memory suite (its parked requests exceed 2048). */
const MEMORY_MAX_REQUESTS = 32_768;
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
  /** What the anchors suite built or installed (one line each). */
  readonly anchorPrograms: string[] = [];
  scylla: ScyllaSuiteSummary | undefined;
  readonly runner: JobRunner;
  readonly servers: BenchServers;

  constructor(
    private readonly options: BenchOptions,
    private readonly mode: ModeSettings,
    private readonly machine: MachineInfo,
  ) {
    this.runner = new JobRunner(
      {
        repoRoot: REPO_ROOT,
        timeoutMs: mode.workerTimeoutMs,
        verbose: options.verbose,
        clockTicksPerSecond: machine.clockTicksPerSecond,
      },
      log,
    );
    this.servers = new BenchServers(REPO_ROOT, mode, machine.clockTicksPerSecond, this.runner, log);
  }

  async run(): Promise<void> {
    for (const suite of this.options.suites) {
      const started = Date.now();
      log(`suite ${suite}: starting (load average ${loadavg()[0]?.toFixed(2)})`);
      await this.runSuite(suite);
      log(`suite ${suite}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }

  close(): Promise<void> {
    return this.servers.close();
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
        await this.runner.runWorker(DECODE_ENTRY, job, `decode ${decoder} rep ${rep}`);
      }
    }
  }

  private async stubSuite(): Promise<void> {
    const target = await this.servers.stubTarget();
    const cells = pointCells(['insert', 'select1', 'select100'], this.mode.concurrencies, this.mode.stub);
    await this.alternateDrivers('stub', target, cells, this.mode.stub);
  }

  private async memorySuite(): Promise<void> {
    const target = await this.servers.stubTarget();
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const driver of inRepOrder(DRIVER_ORDER, rep)) {
        await this.runner.runDriverJob({
          ...this.runner.jobBase('memory', driver, 'v4', target, rep, MEMORY_MAX_REQUESTS),
          type: 'inflight',
          parked: this.mode.inflight.parked,
          warmupMs: this.mode.inflight.warmupMs,
        });
      }
    }
    for (let rep = 1; rep <= this.mode.reps; rep++) {
      for (const [driver, api] of inRepOrder(STREAM_APIS, rep)) {
        await this.runner.runDriverJob({
          ...this.runner.jobBase('memory', driver, 'v4', target, rep, maxRequestsFor([])),
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
    const stub = await this.servers.stubTarget();
    await this.rotateVariants(
      stub,
      pointCells(workloads, concurrency, this.mode.protocolStub),
      this.mode.protocolStub,
      Math.min(this.mode.reps, this.mode.protocolStubReps),
    );
    const cassandra = await this.servers.cassandraTarget();
    await this.servers.freshWriteTable(cassandra);
    await this.rotateVariants(
      cassandra,
      pointCells(workloads, concurrency, this.mode.cassandra),
      this.mode.cassandra,
      this.mode.protocolCassandraReps,
    );
  }

  private async cassandraSuite(): Promise<void> {
    const target = await this.servers.cassandraTarget();
    await this.servers.freshWriteTable(target);
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
        this.runner.fail(`anchors: ${what}`, message);
        log(`anchors: ${what} is not available: ${message.split('\n')[0] ?? ''}`);
      }
    };
    prepare(['rust-ct', 'rust-mt', 'rust-ct-defaults'], 'Rust driver build', () =>
      prepareRustAnchor(REPO_ROOT, log),
    );
    prepare(['python'], 'Python driver install', () => preparePythonAnchor(REPO_ROOT, log));
    const target = await this.servers.cassandraTarget();
    await this.servers.freshWriteTable(target);
    const settings = this.mode.anchors;
    const valuesDir = join(REPO_ROOT, 'bench', 'dist', 'anchor-values');
    const valuesFiles = new Map(ANCHOR_WORKLOADS.map((w) => [w, writeValuesFile(valuesDir, w)]));
    for (let rep = 1; rep <= settings.reps; rep++) {
      for (const workload of ANCHOR_WORKLOADS) {
        for (const client of inRepOrder(ANCHOR_CLIENT_ORDER, rep)) {
          await this.servers.settleServer(target);
          const counts = client === 'python' ? settings.pythonCounts : settings.counts;
          const phases = { workload, concurrency: settings.concurrency, ...counts };
          if (client === 'cqlkit' || client === 'cassandra-driver') {
            await this.runner.runDriverJob({
              ...this.runner.jobBase(
                'anchors',
                client,
                'v4',
                target,
                rep,
                maxRequestsFor([settings.concurrency]),
              ),
              type: 'phases',
              ...phases,
            });
            continue;
          }
          if (client === 'cqlkit-token-aware') {
            await this.runner.runDriverJob({
              ...this.runner.jobBase(
                'anchors',
                'cqlkit',
                'v4',
                target,
                rep,
                maxRequestsFor([settings.concurrency]),
              ),
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
          await this.runner.runProcess(program.command, args, `anchors ${client} ${workload} rep ${rep}`);
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
    const node = await this.servers.cassandraNode();
    try {
      this.scylla = await runScyllaSuite(
        node,
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
      this.runner.fail('scylla suite', diagnostics);
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
        await this.servers.settleServer(target);
        await this.runner.runDriverJob({
          ...this.runner.jobBase(
            suite,
            driver,
            'v4',
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

  private async rotateVariants(
    target: TargetSpec,
    cells: PointJob['cells'],
    windows: Windows,
    reps: number,
  ): Promise<void> {
    for (let rep = 1; rep <= reps; rep++) {
      for (const variant of inRepOrder(VARIANT_ORDER, rep)) {
        await this.servers.settleServer(target);
        await this.runner.runDriverJob({
          ...this.runner.jobBase(
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
    cassandraVersion: run.servers.cassandraVersion,
    suites: options.suites,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    failures: run.runner.failures,
    driverBuild: driverBuildDescription(),
    anchorPrograms: run.anchorPrograms,
    serverSettling: run.servers.serverSettling(),
    serverWarmup: run.servers.serverWarmup,
  };
  const analysis = analyse(run.runner.records);
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
    `${JSON.stringify({ context, analysis, records: run.runner.records, scylla: run.scylla }, null, 1)}\n`,
  );
  log(`wrote ${stem}.json, .md and .svg`);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
