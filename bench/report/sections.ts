/**
 * The report's tables, built once from the records and rendered as text (console) or Markdown.
 */
import type { BenchRecord } from '../lib/job';
import { WORKLOADS } from '../lib/workloads';
import {
  type CellSummary,
  compareDrivers,
  compareVariants,
  type DecodeSummary,
  type DriverComparison,
  type MemorySummary,
  pairPhases,
  type PhaseSummary,
  summarizeCells,
  summarizeDecode,
  summarizeMemory,
  summarizePhases,
  type VariantComparison,
} from './aggregate';
import { num, opsPerSecond, ratio, withRange } from './format';
import { evaluateTargets, RUST_BASELINE, type TargetResult } from './targets';

/** A titled table. */
export interface ReportSection {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Shown under the table. */
  readonly note?: string;
  /** Only in the Markdown report (too wide for a terminal). */
  readonly markdownOnly?: boolean;
}

/** Everything derived from the records. */
export interface Analysis {
  readonly summaries: readonly CellSummary[];
  readonly comparisons: readonly DriverComparison[];
  readonly variants: readonly VariantComparison[];
  readonly decode: readonly DecodeSummary[];
  readonly memory: readonly MemorySummary[];
  readonly phases: readonly PhaseSummary[];
  readonly targets: readonly TargetResult[];
}

/** Aggregates the records. */
export function analyse(records: readonly BenchRecord[]): Analysis {
  const summaries = summarizeCells(records);
  const comparisons = compareDrivers(summaries.filter((s) => s.suite !== 'protocol'));
  const variants = compareVariants(summaries, 'protocol');
  const decode = summarizeDecode(records);
  const memory = summarizeMemory(records);
  const phases = summarizePhases(records);
  const anchorPairs = pairPhases(records, 'cqlkit', RUST_BASELINE, 'steady');
  return {
    summaries,
    comparisons,
    variants,
    decode,
    memory,
    phases,
    targets: evaluateTargets({ comparisons, variants, decode, memory, phases, anchorPairs }),
  };
}

function cpu(s: CellSummary | undefined): string {
  if (!s) return '–';
  return `${num(s.cpuUsPerOp.median)} (${num(s.userUsPerOp.median)}+${num(s.sysUsPerOp.median)})`;
}

function latency(s: CellSummary | undefined): string {
  return s ? `${num(s.p50Us.median)} / ${num(s.p99Us.median)}` : '–';
}

function workloadLabel(workload: keyof typeof WORKLOADS): string {
  return workload;
}

function driverSection(
  title: string,
  comparisons: readonly DriverComparison[],
  withServer: boolean,
): ReportSection {
  const headers = [
    'workload',
    'in flight',
    'cqlkit CPU µs/op (usr+sys)',
    'c-d CPU µs/op (usr+sys)',
    'CPU ratio',
    'cqlkit ops/s',
    'c-d ops/s',
    'ops ratio',
    'cqlkit p50/p99 µs',
    'c-d p50/p99 µs',
    ...(withServer ? ['server CPU µs/op cqlkit / c-d'] : []),
    'rows/op',
  ];
  const rows = comparisons.map((c) => [
    workloadLabel(c.workload),
    String(c.concurrency),
    cpu(c.cqlkit),
    cpu(c.cassandraDriver),
    ratio(c.cpuRatio),
    opsPerSecond(c.cqlkit?.throughput.median ?? NaN),
    opsPerSecond(c.cassandraDriver?.throughput.median ?? NaN),
    ratio(c.throughputRatio),
    latency(c.cqlkit),
    latency(c.cassandraDriver),
    ...(withServer
      ? [
          `${num(c.cqlkit?.serverCpuUsPerOp.median ?? NaN)} / ${num(c.cassandraDriver?.serverCpuUsPerOp.median ?? NaN)}`,
        ]
      : []),
    `${num(c.cqlkit?.rowsPerOp.median ?? NaN)} / ${num(c.cassandraDriver?.rowsPerOp.median ?? NaN)}`,
  ]);
  return {
    title,
    headers,
    rows,
    note:
      'Medians over repetitions. c-d = cassandra-driver 4.10. Both on protocol v4, 1 connection, prepared, LOCAL_ONE. ' +
      'CPU = client process user+sys (process.cpuUsage) per operation; ratio = cqlkit ÷ c-d (CPU: lower is better, ops: higher).',
  };
}

function variantSection(variants: readonly VariantComparison[]): ReportSection {
  return {
    title: 'cqlkit protocol variants (1 KB values)',
    headers: [
      'target',
      'workload',
      'in flight',
      'variant',
      'CPU µs/op (usr+sys)',
      'vs v4',
      'server CPU µs/op',
      'ops/s',
      'p50/p99 µs',
    ],
    rows: variants.map((v) => [
      v.target,
      v.workload,
      String(v.concurrency),
      v.variant,
      cpu(v.summary),
      ratio(v.cpuVsV4),
      num(v.summary.serverCpuUsPerOp.median),
      opsPerSecond(v.summary.throughput.median),
      latency(v.summary),
    ]),
    note:
      'v5 frames requests in CRC-protected segments; v5-lz4 also compresses them where it pays. The 1 KB payload is JSON-like text ' +
      '(insert1k, select1k) or random bytes (insert1k-random, incompressible). Server CPU: the stub process or the Cassandra JVM (/proc).',
  };
}

function decodeSection(decode: readonly DecodeSummary[]): ReportSection {
  const baseline = decode.find((d) => d.decoder === 'cassandra-driver')?.cpuNsPerRow.median ?? NaN;
  return {
    title: `Decoding the captured ${decode[0]?.rowsPerFrame ?? 5000}-row frame (5 columns: int, uuid, bigint, text, blob)`,
    headers: ['decoder', 'CPU ns/row (min–max)', 'wall ns/row', 'vs cassandra-driver'],
    rows: decode.map((d) => [
      d.decoder,
      withRange(d.cpuNsPerRow),
      num(d.nsPerRow.median),
      ratio(d.cpuNsPerRow.median / baseline),
    ]),
    note:
      'cqlkit = decodeResponseBody + decodeRows (object rows); cassandra-driver = its Parser.parseBody with rows collected ' +
      '(copyBuffer on, its default); -envelope / -streams add the framing layer (EnvelopeDecoder; Protocol→Parser→ResultEmitter).',
  };
}

function memorySection(memory: readonly MemorySummary[]): ReportSection {
  return {
    title: 'Memory',
    headers: [
      'driver',
      'stream API',
      'heap B per in-flight request',
      'RSS growth MB, stream',
      'heap growth MB, stream',
      'stream CPU ns/row',
      'stream rows/s',
    ],
    rows: memory.map((m) => [
      m.driver,
      m.api ?? '–',
      withRange(m.heapPerInflightBytes),
      withRange(m.streamRssGrowthMB),
      num(m.streamHeapGrowthMB.median),
      num(m.streamCpuNsPerRow.median),
      opsPerSecond(m.streamRowsPerSecond.median),
    ]),
    note:
      `In flight: heapUsed growth after GC with ${memory[0]?.inflightParked ?? 0} prepared INSERTs parked on the stub (never answered). ` +
      `Stream: ${memory[0]?.streamRows ?? 0} rows from the stub in 5000-row pages through for-await (cqlkit session.iterate; ` +
      'cassandra-driver client.stream, and for-await over the ResultSet of client.execute, which fetches the next pages), peak RSS minus RSS before.',
  };
}

/** Display order of the anchors suite's clients. */
const CLIENT_ORDER = [
  'cqlkit',
  'cqlkit-token-aware',
  'rust-ct',
  'rust-mt',
  'rust-ct-defaults',
  'cassandra-driver',
  'python',
];

const CLIENT_LABELS: Readonly<Record<string, string>> = {
  cqlkit: 'cqlkit',
  'cqlkit-token-aware': 'cqlkit, token-aware routing²',
  'rust-ct': 'Rust scylla, current-thread',
  'rust-mt': 'Rust scylla, multi-thread',
  'rust-ct-defaults': 'Rust scylla, current-thread, its defaults¹',
  'cassandra-driver': 'cassandra-driver',
  python: 'Python scylla-driver',
};

function anchorSection(phases: readonly PhaseSummary[]): ReportSection {
  const find = (driver: string, workload: string, phase: PhaseSummary['phase']): PhaseSummary | undefined =>
    phases.find((p) => p.driver === driver && p.workload === workload && p.phase === phase);
  const workloads = [...new Set(phases.map((p) => p.workload))];
  const rows: string[][] = [];
  for (const workload of workloads) {
    const rust = find(RUST_BASELINE, workload, 'steady');
    for (const driver of CLIENT_ORDER) {
      const steady = find(driver, workload, 'steady');
      const cold = find(driver, workload, 'cold');
      const warm = find(driver, workload, 'warm');
      if (!steady && !cold) continue;
      const errors = [steady, cold, warm].reduce((sum, p) => sum + (p?.errors ?? 0), 0);
      const firstError = [steady, cold, warm].find((p) => p?.firstError !== undefined)?.firstError;
      const server = steady?.serverCpuUsPerOp.median ?? NaN;
      const client = steady?.cpuUsPerOp.median ?? NaN;
      rows.push([
        workload,
        CLIENT_LABELS[driver] ?? driver,
        steady
          ? `${withRange(steady.cpuUsPerOp)} (${num(steady.userUsPerOp.median)}+${num(steady.sysUsPerOp.median)})`
          : '–',
        ratio(client / (rust?.cpuUsPerOp.median ?? NaN)),
        opsPerSecond(steady?.throughput.median ?? NaN),
        ratio((steady?.throughput.median ?? NaN) / (rust?.throughput.median ?? NaN)),
        num(server),
        num(client + server),
        cold ? `${num(cold.cpuUsPerOp.median)} (${cold.ops})` : '–',
        warm ? `${num(warm.cpuUsPerOp.median)} (${warm.ops})` : '–',
        steady ? String(steady.ops) : '–',
        num(steady?.rowsPerOp.median ?? NaN),
        errors > 0 ? `${errors} (${firstError ?? ''})` : '0',
      ]);
    }
  }
  return {
    title: `Native anchors: operations counted from connect (real Cassandra, 1 node, ${phases[0]?.concurrency ?? 128} in flight)`,
    headers: [
      'workload',
      'client',
      'steady CPU µs/op (usr+sys)',
      'vs Rust',
      'steady ops/s',
      'vs Rust',
      'server CPU µs/op',
      'client+server µs/op',
      'first ops: CPU µs/op (ops)',
      'warm-up: CPU µs/op (ops)',
      'steady ops',
      'rows/op',
      'errors',
    ],
    rows,
    note:
      'Medians over repetitions, one process per client, workload and repetition, clients rotated (reversed every other repetition). ' +
      '"vs Rust" = ÷ Rust scylla on a current-thread tokio runtime (CPU: lower is better; ops/s: higher). ' +
      "Server CPU = the Cassandra JVM's utime+stime (/proc) during the steady window ÷ operations: on a shared 2-core box, " +
      'throughput ≈ 2 cores ÷ (client + server µs/op), so a driver that costs the server more (or whose process needs more than one core) runs slower. ' +
      'All clients: protocol v4, 1 connection, prepared statements, LOCAL_ONE, the same bound values; cqlkit, Rust and Python use client-side ' +
      'timestamps and page size 5000 on SELECTs; Rust deserializes rows into owned String/Vec<u8> (cqlkit builds JS strings and copies blobs). ' +
      '¹ the Rust driver as a user gets it: server-assigned timestamps, unpaged SELECTs, text and blobs borrowed from the frame. ' +
      '² cqlkit with token metadata on and token-aware routing (its default), as the Rust driver always routes; the plain cqlkit and ' +
      'cassandra-driver rows have token metadata off. ' +
      'The Python driver runs fewer operations (no JIT, ≈ 10–25× the CPU per operation).',
  };
}

function detailSection(summaries: readonly CellSummary[]): ReportSection {
  return {
    title: 'Every point with its spread (median (min–max) over repetitions)',
    headers: [
      'suite',
      'target',
      'driver',
      'variant',
      'workload',
      'in flight',
      'reps',
      'CPU µs/op',
      'ops/s',
      'p99 µs',
      'errors',
    ],
    rows: summaries.map((s) => [
      s.suite,
      s.target,
      s.driver,
      s.variant,
      s.workload,
      String(s.concurrency),
      String(s.cpuUsPerOp.n),
      withRange(s.cpuUsPerOp),
      withRange(s.throughput),
      withRange(s.p99Us),
      s.errors > 0 ? `${s.errors} (${s.firstError ?? ''})` : '0',
    ]),
    markdownOnly: true,
  };
}

/** The report's tables, in order. */
export function buildSections(analysis: Analysis): ReportSection[] {
  const sections: ReportSection[] = [];
  const stub = analysis.comparisons.filter((c) => c.target === 'stub');
  const real = analysis.comparisons.filter((c) => c.target === 'cassandra');
  if (stub.length > 0) sections.push(driverSection('Client cost against the stub server', stub, false));
  if (real.length > 0)
    sections.push(driverSection('Against real Cassandra (1 node, same 2 cores)', real, true));
  if (analysis.phases.length > 0) sections.push(anchorSection(analysis.phases));
  if (analysis.variants.length > 0) sections.push(variantSection(analysis.variants));
  if (analysis.memory.length > 0) sections.push(memorySection(analysis.memory));
  if (analysis.decode.length > 0) sections.push(decodeSection(analysis.decode));
  if (analysis.summaries.length > 0) sections.push(detailSection(analysis.summaries));
  return sections;
}

/** The targets as a section. */
export function targetSection(targets: readonly TargetResult[]): ReportSection {
  return {
    title: 'Targets (ratios from this run; reported, not asserted)',
    headers: ['status', 'target', 'measured', 'threshold'],
    rows: targets.map((t) => [t.status, t.description, t.measured, t.threshold]),
  };
}
