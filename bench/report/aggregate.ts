/**
 * Turns worker records into per-point summaries: the median over repetitions (and min–max) of
 * each metric, and cqlkit ÷ cassandra-driver ratios of the medians.
 */
import type {
  BenchRecord,
  CellRecord,
  ClientName,
  PhaseName,
  PhaseRecord,
  StreamApi,
  DecodeRecord,
  DecoderName,
  DriverName,
  InflightRecord,
  ProtocolVariant,
  StreamRecord,
  TargetSpec,
} from '../lib/job';
import type { WorkloadName } from '../lib/workloads';

/** Median, min, max and count of a metric over repetitions. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Spread of `values` (NaN median when empty). */
export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[n - 1] as number, n };
}

/** One point (suite, target, driver, variant, workload, concurrency) over its repetitions. */
export interface CellSummary {
  readonly suite: string;
  readonly target: TargetSpec['kind'];
  readonly driver: DriverName;
  readonly variant: ProtocolVariant;
  readonly workload: WorkloadName;
  readonly concurrency: number;
  /** Client CPU (user + sys) per operation, µs. */
  readonly cpuUsPerOp: Spread;
  readonly userUsPerOp: Spread;
  readonly sysUsPerOp: Spread;
  /** Operations per second. */
  readonly throughput: Spread;
  readonly p50Us: Spread;
  readonly p99Us: Spread;
  readonly serverCpuUsPerOp: Spread;
  readonly rowsPerOp: Spread;
  readonly errors: number;
  readonly firstError: string | undefined;
}

function cellKey(r: CellRecord): string {
  return [r.suite, r.target, r.driver, r.variant, r.workload, r.concurrency].join('|');
}

/** Groups cell records by point and summarises each group. */
export function summarizeCells(records: readonly BenchRecord[]): CellSummary[] {
  const groups = new Map<string, CellRecord[]>();
  for (const r of records) {
    if (r.kind !== 'cell') continue;
    const group = groups.get(cellKey(r)) ?? [];
    group.push(r);
    groups.set(cellKey(r), group);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as CellRecord;
    const per = (f: (r: CellRecord) => number): Spread => spread(group.map(f));
    return {
      suite: first.suite,
      target: first.target,
      driver: first.driver,
      variant: first.variant,
      workload: first.workload,
      concurrency: first.concurrency,
      cpuUsPerOp: per((r) => (r.cpuUserUs + r.cpuSysUs) / r.ops),
      userUsPerOp: per((r) => r.cpuUserUs / r.ops),
      sysUsPerOp: per((r) => r.cpuSysUs / r.ops),
      throughput: per((r) => r.ops / (r.elapsedMs / 1000)),
      p50Us: per((r) => r.latencyUs.p50),
      p99Us: per((r) => r.latencyUs.p99),
      serverCpuUsPerOp: per((r) => (r.serverCpuUs === undefined ? NaN : r.serverCpuUs / r.ops)),
      rowsPerOp: per((r) => r.rows / r.ops),
      errors: group.reduce((sum, r) => sum + r.errors, 0),
      firstError: group.find((r) => r.firstError !== undefined)?.firstError,
    };
  });
}

/** cqlkit against cassandra-driver at one point (protocol v4 for both). */
export interface DriverComparison {
  readonly suite: string;
  readonly target: TargetSpec['kind'];
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly cqlkit: CellSummary | undefined;
  readonly cassandraDriver: CellSummary | undefined;
  /** cqlkit ÷ cassandra-driver of the median CPU per op (lower is better). */
  readonly cpuRatio: number;
  /** cqlkit ÷ cassandra-driver of the median throughput (higher is better). */
  readonly throughputRatio: number;
}

/** Pairs the v4 summaries of both drivers point by point. */
export function compareDrivers(summaries: readonly CellSummary[]): DriverComparison[] {
  const points = new Map<string, { cqlkit?: CellSummary; cassandraDriver?: CellSummary }>();
  for (const s of summaries) {
    if (s.variant !== 'v4') continue;
    const key = [s.suite, s.target, s.workload, s.concurrency].join('|');
    const point = points.get(key) ?? {};
    if (s.driver === 'cqlkit') point.cqlkit = s;
    else point.cassandraDriver = s;
    points.set(key, point);
  }
  const out: DriverComparison[] = [];
  for (const point of points.values()) {
    const any = (point.cqlkit ?? point.cassandraDriver) as CellSummary;
    if (!point.cqlkit || !point.cassandraDriver) continue;
    out.push({
      suite: any.suite,
      target: any.target,
      workload: any.workload,
      concurrency: any.concurrency,
      cqlkit: point.cqlkit,
      cassandraDriver: point.cassandraDriver,
      cpuRatio: point.cqlkit.cpuUsPerOp.median / point.cassandraDriver.cpuUsPerOp.median,
      throughputRatio: point.cqlkit.throughput.median / point.cassandraDriver.throughput.median,
    });
  }
  return out;
}

/** cqlkit's protocol variants at one point, relative to its v4. */
export interface VariantComparison {
  readonly target: TargetSpec['kind'];
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly variant: ProtocolVariant;
  readonly summary: CellSummary;
  /** CPU per op ÷ v4's (same target, workload, concurrency, suite). */
  readonly cpuVsV4: number;
}

/** The protocol suite's variants with their cost relative to v4. */
export function compareVariants(summaries: readonly CellSummary[], suite: string): VariantComparison[] {
  const mine = summaries.filter((s) => s.suite === suite && s.driver === 'cqlkit');
  return mine.map((summary) => {
    const v4 = mine.find(
      (s) =>
        s.variant === 'v4' &&
        s.target === summary.target &&
        s.workload === summary.workload &&
        s.concurrency === summary.concurrency,
    );
    return {
      target: summary.target,
      workload: summary.workload,
      concurrency: summary.concurrency,
      variant: summary.variant,
      summary,
      cpuVsV4: v4 ? summary.cpuUsPerOp.median / v4.cpuUsPerOp.median : NaN,
    };
  });
}

/** Decode speed of one decoder. */
export interface DecodeSummary {
  readonly decoder: DecoderName;
  readonly rowsPerFrame: number;
  readonly cpuNsPerRow: Spread;
  readonly nsPerRow: Spread;
}

/** Summarises decode records by decoder. */
export function summarizeDecode(records: readonly BenchRecord[]): DecodeSummary[] {
  const groups = new Map<DecoderName, DecodeRecord[]>();
  for (const r of records)
    if (r.kind === 'decode') groups.set(r.decoder, [...(groups.get(r.decoder) ?? []), r]);
  return [...groups.entries()].map(([decoder, group]) => ({
    decoder,
    rowsPerFrame: group[0]?.rowsPerFrame ?? 0,
    cpuNsPerRow: spread(group.map((r) => r.cpuNsPerRow)),
    nsPerRow: spread(group.map((r) => r.nsPerRow)),
  }));
}

/** Memory results of one driver (and, for streaming, one of its APIs). */
export interface MemorySummary {
  readonly driver: DriverName;
  /** The streaming API; undefined for the in-flight row of a driver without stream records. */
  readonly api: StreamApi | undefined;
  readonly heapPerInflightBytes: Spread;
  readonly inflightParked: number;
  readonly streamRows: number;
  readonly streamRssGrowthMB: Spread;
  readonly streamHeapGrowthMB: Spread;
  readonly streamCpuNsPerRow: Spread;
  readonly streamRowsPerSecond: Spread;
}

/** Summarises in-flight and streaming records by driver and streaming API. */
export function summarizeMemory(records: readonly BenchRecord[]): MemorySummary[] {
  const drivers: DriverName[] = ['cqlkit', 'cassandra-driver'];
  const rows: { driver: DriverName; api: StreamApi | undefined }[] = [];
  for (const driver of drivers) {
    const apis = [
      ...new Set(records.flatMap((r) => (r.kind === 'stream' && r.driver === driver ? [r.api] : []))),
    ];
    if (apis.length === 0) rows.push({ driver, api: undefined });
    for (const api of apis) rows.push({ driver, api });
  }
  return rows
    .map(({ driver, api }) => {
      const inflight = records.filter(
        (r): r is InflightRecord => r.kind === 'inflight' && r.driver === driver,
      );
      const stream = records.filter(
        (r): r is StreamRecord => r.kind === 'stream' && r.driver === driver && r.api === api,
      );
      return {
        driver,
        api,
        heapPerInflightBytes: spread(inflight.map((r) => r.heapPerRequestBytes)),
        inflightParked: inflight[0]?.parked ?? 0,
        streamRows: stream[0]?.rows ?? 0,
        streamRssGrowthMB: spread(stream.map((r) => r.rssGrowthMB)),
        streamHeapGrowthMB: spread(stream.map((r) => r.heapPeakGrowthMB)),
        streamCpuNsPerRow: spread(stream.map((r) => (r.cpuUs * 1000) / r.rows)),
        streamRowsPerSecond: spread(stream.map((r) => r.rows / (r.elapsedMs / 1000))),
      };
    })
    .filter((m) => m.heapPerInflightBytes.n > 0 || m.streamRssGrowthMB.n > 0);
}

/** One client's phase (anchors suite) over its repetitions. */
export interface PhaseSummary {
  readonly driver: ClientName;
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly phase: PhaseName;
  /** Successful operations per repetition (median). */
  readonly ops: number;
  readonly cpuUsPerOp: Spread;
  readonly userUsPerOp: Spread;
  readonly sysUsPerOp: Spread;
  readonly throughput: Spread;
  readonly serverCpuUsPerOp: Spread;
  readonly rowsPerOp: Spread;
  readonly errors: number;
  readonly firstError: string | undefined;
}

/** A per-repetition metric of a phase: client CPU per operation, or operations per second. */
export type PhaseMetric = 'cpu' | 'throughput';

function phaseMetric(r: PhaseRecord, metric: PhaseMetric): number {
  return metric === 'cpu' ? (r.cpuUserUs + r.cpuSysUs) / r.ops : r.ops / (r.elapsedMs / 1000);
}

/** Groups phase records by (client, workload, concurrency, phase). */
export function summarizePhases(records: readonly BenchRecord[]): PhaseSummary[] {
  const groups = new Map<string, PhaseRecord[]>();
  for (const r of records) {
    if (r.kind !== 'phase') continue;
    const key = [r.driver, r.workload, r.concurrency, r.phase].join('|');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as PhaseRecord;
    const per = (f: (r: PhaseRecord) => number): Spread => spread(group.map((r) => (r.ops > 0 ? f(r) : NaN)));
    return {
      driver: first.driver,
      workload: first.workload,
      concurrency: first.concurrency,
      phase: first.phase,
      ops: spread(group.map((r) => r.ops)).median,
      cpuUsPerOp: per((r) => phaseMetric(r, 'cpu')),
      userUsPerOp: per((r) => r.cpuUserUs / r.ops),
      sysUsPerOp: per((r) => r.cpuSysUs / r.ops),
      throughput: per((r) => phaseMetric(r, 'throughput')),
      serverCpuUsPerOp: per((r) => (r.serverCpuUs === undefined ? NaN : r.serverCpuUs / r.ops)),
      rowsPerOp: per((r) => r.rows / r.ops),
      errors: group.reduce((sum, r) => sum + r.errors, 0),
      firstError: group.find((r) => r.firstError !== undefined)?.firstError,
    };
  });
}

/** One client's phase metric ÷ a baseline's, repetition by repetition (anchors suite). */
export interface PairedPhaseRatio {
  readonly client: ClientName;
  readonly baseline: ClientName;
  readonly workload: WorkloadName;
  readonly phase: PhaseName;
  readonly metric: PhaseMetric;
  /** The ratios of the repetitions in which both ran without errors. */
  readonly ratios: Spread;
}

/**
 * Ratios of `client` to `baseline` for each workload of `phase`, one per repetition that ran
 * both without errors. A repetition runs every client back to back, so its ratio compares runs
 * that saw about the same server; the spread of these ratios shows how far the node's drift
 * between repetitions moves a ratio of medians (the targets' figure).
 */
export function pairPhases(
  records: readonly BenchRecord[],
  client: ClientName,
  baseline: ClientName,
  phase: PhaseName,
): PairedPhaseRatio[] {
  const byRep = new Map<string, PhaseRecord>();
  const workloads = new Set<WorkloadName>();
  for (const r of records) {
    if (r.kind !== 'phase' || r.phase !== phase || (r.driver !== client && r.driver !== baseline)) continue;
    if (r.errors > 0 || r.ops === 0) continue;
    byRep.set([r.driver, r.workload, r.rep].join('|'), r);
    workloads.add(r.workload);
  }
  const pairs: PairedPhaseRatio[] = [];
  for (const workload of workloads) {
    for (const metric of ['cpu', 'throughput'] as const) {
      const ratios: number[] = [];
      for (const mine of byRep.values()) {
        if (mine.driver !== client || mine.workload !== workload) continue;
        const base = byRep.get([baseline, workload, mine.rep].join('|'));
        if (base !== undefined) ratios.push(phaseMetric(mine, metric) / phaseMetric(base, metric));
      }
      pairs.push({ client, baseline, workload, phase, metric, ratios: spread(ratios) });
    }
  }
  return pairs;
}
