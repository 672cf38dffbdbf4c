/**
 * Client CPU per request with and without @cqlkit/opentelemetry (`npx tsx bench/otel-overhead.ts`).
 * Not a test: it prints numbers.
 *
 * The packages are their builds (`npm run build` first). The requests go to the benchmark's stub server (a child process answering from captured
 * Cassandra frames), so only this process's CPU is measured (process.cpuUsage, user + system):
 * a prepared point SELECT and a prepared INSERT at a fixed concurrency. Each round runs every mode
 * in a window of its own, the order rotating between rounds, so that drift on a busy machine hits
 * every mode alike:
 *
 * - `off`: the instrumentation disabled: nobody subscribes, the driver builds no event;
 * - `metrics`: metrics only (a meter provider with a reader that is not collected meanwhile);
 * - `traces+metrics`: every request sampled, spans handed to a batch processor whose exporter
 *   drops them (the cost of recording and ending spans, not of shipping them).
 *
 * Knobs: BENCH_OPS (per window, default 20000), BENCH_ROUNDS (default 5), BENCH_CONCURRENCY
 * (default 32), BENCH_MODES (default `off,metrics,traces+metrics`).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type * as Driver from '@cqlkit/driver';
import type * as Otel from '@cqlkit/opentelemetry';
import { STATEMENTS } from './lib/bench-schema';
import { cpuPerOp, median } from './lib/cpu-per-op';
import { startStub } from './lib/stub-process';

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REPO_ROOT = join(__dirname, '..');

/** The packages as users run them: the tsc builds (`npm run build`), not the sources through tsx. */
function built<T>(pkg: string): T {
  const entry = join(REPO_ROOT, 'packages', pkg, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  return createRequire(__filename)(entry) as T;
}
const { Cluster, Uuid } = built<typeof Driver>('driver');
const { CqlkitInstrumentation } = built<typeof Otel>('opentelemetry');
type Session = Driver.Session;
type PreparedStatement = Driver.PreparedStatement;

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** A reader nobody collects during the run. */
class IdleReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Drops every span (what is measured is recording them). */
const dropSpans: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

async function measure(
  n: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ cpuUs: number; opsPerS: number }> {
  const { cpuUs, wallMs } = await cpuPerOp(n, CONCURRENCY, op);
  return { cpuUs, opsPerS: (n / wallMs) * 1000 };
}

interface Mode {
  readonly name: string;
  enter(): void;
  leave(): void;
}

async function run(session: Session, modes: readonly Mode[]): Promise<void> {
  const select: PreparedStatement = await session.prepare(STATEMENTS.select1);
  const insert: PreparedStatement = await session.prepare(STATEMENTS.insert);
  const payload = Buffer.alloc(64, 7);
  const ops: Record<string, (i: number) => Promise<unknown>> = {
    select: (i) => session.execute(select, [i % 1000, i % 100], { idempotent: true }),
    insert: (i) => session.execute(insert, [i % 1000, i % 100, Uuid.random(), BigInt(i), 'label', payload]),
  };
  say(`warming up (${OPS} ops of each kind in each mode)…`);
  for (const mode of modes) {
    mode.enter();
    for (const op of Object.values(ops)) await measure(OPS, op);
    mode.leave();
  }
  const results = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    const order = modes.map((_, k) => modes[(k + round) % modes.length] as Mode);
    const line: string[] = [];
    for (const mode of order) {
      mode.enter();
      for (const [opName, op] of Object.entries(ops)) {
        const { cpuUs, opsPerS } = await measure(OPS, op);
        const key = `${opName} ${mode.name}`;
        results.set(key, [...(results.get(key) ?? []), cpuUs]);
        line.push(`${key} ${cpuUs.toFixed(1)} µs (${Math.round(opsPerS)}/s)`);
      }
      mode.leave();
    }
    say(`round ${round}: ${line.join(' | ')}`);
  }
  say('');
  say(
    `client CPU per request (median of ${ROUNDS} windows of ${OPS}, concurrency ${CONCURRENCY}, stub server):`,
  );
  for (const opName of Object.keys(ops)) {
    const base = median(results.get(`${opName} off`) ?? []);
    const cells = modes.map((mode) => {
      const m = median(results.get(`${opName} ${mode.name}`) ?? []);
      return mode.name === 'off'
        ? `off ${m.toFixed(1)} µs`
        : `${mode.name} ${m.toFixed(1)} µs (+${(m - base).toFixed(1)} µs, ${(m / base).toFixed(2)}×)`;
    });
    say(`  ${opName.padEnd(6)}: ${cells.join(' | ')}`);
  }
}

async function main(): Promise<void> {
  const stub = await startStub(REPO_ROOT, 1000, (m) => process.stderr.write(`${m}\n`));
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const full = new CqlkitInstrumentation();
  full.setTracerProvider(tracerProvider);
  full.setMeterProvider(meterProvider);
  const metricsOnly = new CqlkitInstrumentation({ traces: false });
  metricsOnly.setMeterProvider(meterProvider);
  const wanted = (process.env.BENCH_MODES ?? 'off,metrics,traces+metrics').split(',');
  const modes: Mode[] = [
    { name: 'off', enter: () => undefined, leave: () => undefined },
    { name: 'metrics', enter: () => metricsOnly.enable(), leave: () => metricsOnly.disable() },
    { name: 'traces+metrics', enter: () => full.enable(), leave: () => full.disable() },
  ].filter((mode) => wanted.includes(mode.name));
  const cluster = new Cluster({ contactPoints: [`127.0.0.1:${stub.port}`], localDataCenter: 'datacenter1' });
  try {
    const session = await cluster.connect();
    await run(session, modes);
  } finally {
    await cluster.shutdown();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    await stub.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `otel-overhead failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
