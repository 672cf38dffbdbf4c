/**
 * Client CPU per request of 100-row SELECTs against the stub with Node's default young generation
 * and with a larger one (`npx tsx bench/young-generation.ts`). Not a test: it prints numbers.
 *
 * Why it exists: with hundreds of large answers in flight, requests outlive V8's young generation;
 * their promises are promoted, and each answer a promoted promise receives is kept alive through
 * the following scavenges and promoted too (see "Many large answers in flight" in
 * docs/performance.md). This script reproduces that figure and the remedy docs/paging.md gives.
 *
 * The measuring is the harness's own: the cqlkit worker (`bench/workers/cqlkit-worker.ts`, the
 * bundled driver, protocol v4, one connection) runs `select100` cells against the stub server;
 * the two Node.js flag sets differ only in `--max-semi-space-size`. Each round runs both, one
 * process each, the order alternating between rounds; medians over the rounds.
 *
 * Knobs: BENCH_ROUNDS (default 3), BENCH_CONCURRENCY (comma-separated, default `128,512`),
 * BENCH_MEASURE_MS (per cell, default 3000), BENCH_SEMI_SPACE_MB (the larger young generation's
 * semi-space, default 32).
 */
import { join } from 'node:path';
import { BUILT_DRIVER_ENV, buildDriver } from './lib/driver-build';
import type { BenchRecord, CellRecord, PointJob } from './lib/job';
import { machineInfo } from './lib/machine-info';
import { inRepOrder, maxRequestsFor } from './lib/plan';
import { runRecordingProcess } from './lib/spawn-worker';
import { startStub } from './lib/stub-process';
import { type CellSummary, type Spread, summarizeCells } from './report/aggregate';

const REPO_ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '128,512').split(',').map(Number);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 3000);
const SEMI_SPACE_MB = Number(process.env.BENCH_SEMI_SPACE_MB ?? 32);
const WORKER_TIMEOUT_MS = 10 * 60_000;

/** A Node.js configuration compared. */
interface Mode {
  /** The records' suite name (how the summaries tell the modes apart). */
  readonly suite: string;
  readonly name: string;
  readonly nodeFlags: readonly string[];
}

const MODES: readonly [Mode, Mode] = [
  { suite: 'young-default', name: 'default young generation', nodeFlags: [] },
  {
    suite: 'young-larger',
    name: `--max-semi-space-size=${SEMI_SPACE_MB}`,
    nodeFlags: [`--max-semi-space-size=${SEMI_SPACE_MB}`],
  },
];

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function main(): Promise<void> {
  for (const c of CONCURRENCIES) {
    if (!Number.isInteger(c) || c < 1) throw new Error(`BENCH_CONCURRENCY: ${c} is not a positive integer`);
  }
  process.env[BUILT_DRIVER_ENV] = buildDriver(REPO_ROOT);
  const machine = machineInfo(REPO_ROOT);
  const stub = await startStub(REPO_ROOT, 0, (m) => say(`stub: ${m}`));
  const records: BenchRecord[] = [];
  try {
    for (let rep = 1; rep <= ROUNDS; rep++) {
      for (const mode of inRepOrder(MODES, rep)) {
        const job: PointJob = {
          type: 'point',
          suite: mode.suite,
          driver: 'cqlkit',
          variant: 'v4',
          target: { kind: 'stub', host: '127.0.0.1', port: stub.port, localDataCenter: 'datacenter1' },
          rep,
          maxRequestsPerConnection: maxRequestsFor(CONCURRENCIES),
          clockTicksPerSecond: machine.clockTicksPerSecond,
          workloadWarmupMs: 2000,
          cells: CONCURRENCIES.map((concurrency) => ({
            workload: 'select100',
            concurrency,
            warmupMs: 1000,
            measureMs: MEASURE_MS,
          })),
        };
        const entry = join(REPO_ROOT, 'bench', 'workers', 'cqlkit-worker.ts');
        const outcome = await runRecordingProcess(
          process.execPath,
          [...mode.nodeFlags, '--expose-gc', '--import', 'tsx', entry, JSON.stringify(job)],
          { cwd: REPO_ROOT, timeoutMs: WORKER_TIMEOUT_MS, verbose: false },
        );
        const cells = outcome.records.filter((r): r is CellRecord => r.kind === 'cell');
        if (outcome.exitCode !== 0 || cells.length !== CONCURRENCIES.length) {
          throw new Error(
            `the worker (${mode.name}) failed, exit ${outcome.exitCode}:\n${outcome.diagnostics}`,
          );
        }
        for (const cell of cells) {
          if (cell.errors > 0)
            throw new Error(`${cell.errors} failed requests (${mode.name}): ${cell.firstError}`);
        }
        records.push(...cells);
        const perOp = (c: CellRecord): string => ((c.cpuUserUs + c.cpuSysUs) / c.ops).toFixed(1);
        say(
          `round ${rep}, ${mode.name}: ${cells.map((c) => `${c.concurrency} in flight ${perOp(c)} µs/op`).join(', ')}`,
        );
      }
    }
  } finally {
    await stub.stop();
  }
  say('');
  say(`select100 against the stub, v4, ${ROUNDS} rounds × ${MEASURE_MS} ms per cell (median, min–max):`);
  const summaries = summarizeCells(records);
  const find = (mode: Mode, concurrency: number): CellSummary | undefined =>
    summaries.find((c) => c.suite === mode.suite && c.concurrency === concurrency);
  for (const concurrency of CONCURRENCIES) {
    const [base, larger] = MODES.map((mode) => find(mode, concurrency));
    if (base === undefined || larger === undefined) throw new Error(`no records at ${concurrency} in flight`);
    for (const [mode, cell] of [
      [MODES[0], base],
      [MODES[1], larger],
    ] as const) {
      say(
        `  ${String(concurrency).padStart(4)} in flight, ${mode.name.padEnd(26)} ` +
          `client CPU ${range(cell.cpuUsPerOp, 1)} µs/op, ${range(cell.throughput, 0)} ops/s`,
      );
    }
    const ratio = larger.cpuUsPerOp.median / base.cpuUsPerOp.median;
    say(`  ${String(concurrency).padStart(4)} in flight, larger ÷ default client CPU: ${ratio.toFixed(2)}×`);
  }
}

function range(s: Spread, digits: number): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
