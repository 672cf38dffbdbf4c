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
  summarizeCells,
  summarizeDecode,
  summarizeMemory,
  type VariantComparison,
} from './aggregate';
import { num, opsPerSecond, ratio, withRange } from './format';
import { evaluateTargets, type TargetResult } from './targets';

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
  readonly targets: readonly TargetResult[];
}

/** Aggregates the records. */
export function analyse(records: readonly BenchRecord[]): Analysis {
  const summaries = summarizeCells(records);
  const comparisons = compareDrivers(summaries.filter((s) => s.suite !== 'protocol'));
  const variants = compareVariants(summaries, 'protocol');
  const decode = summarizeDecode(records);
  const memory = summarizeMemory(records);
  return {
    summaries,
    comparisons,
    variants,
    decode,
    memory,
    targets: evaluateTargets({ comparisons, variants, decode, memory }),
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
      opsPerSecond(v.summary.throughput.median),
      latency(v.summary),
    ]),
    note: 'v5 frames requests in CRC-protected segments; v5-lz4 also compresses them. The 1 KB payload is JSON-like text.',
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
      'heap B per in-flight request',
      'RSS growth MB, stream',
      'heap growth MB, stream',
      'stream CPU ns/row',
      'stream rows/s',
    ],
    rows: memory.map((m) => [
      m.driver,
      withRange(m.heapPerInflightBytes),
      withRange(m.streamRssGrowthMB),
      num(m.streamHeapGrowthMB.median),
      num(m.streamCpuNsPerRow.median),
      opsPerSecond(m.streamRowsPerSecond.median),
    ]),
    note:
      `In flight: heapUsed growth after GC with ${memory[0]?.inflightParked ?? 0} prepared INSERTs parked on the stub (never answered). ` +
      `Stream: ${memory[0]?.streamRows ?? 0} rows from the stub in 5000-row pages through for-await (cqlkit session.iterate, ` +
      'cassandra-driver client.stream), peak RSS minus RSS before.',
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
