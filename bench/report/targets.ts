/**
 * The targets, evaluated on one run's medians and reported as PASS/FAIL lines (never
 * asserted). A target whose data is missing (suite not run, worker failed) is N/A; a target fed
 * by a measured run that had any error FAILs and shows the error (only successful operations are
 * counted, so a failing driver must not look cheap). INFO lines report figures without a
 * threshold (the cost of the first operations after connect).
 */
import { ratio } from './format';
import type {
  CellSummary,
  DecodeSummary,
  DriverComparison,
  MemorySummary,
  PairedPhaseRatio,
  PhaseMetric,
  PhaseSummary,
  VariantComparison,
} from './aggregate';

/** One target line. */
export interface TargetResult {
  readonly description: string;
  /** The measured value or ratio, formatted. */
  readonly measured: string;
  readonly threshold: string;
  readonly status: 'PASS' | 'FAIL' | 'N/A' | 'INFO';
}

/** Rows of the streaming target. */
const STREAM_TARGET_ROWS = 1_000_000;

/** Concurrency at which the per-op targets are read. */
export const TARGET_CONCURRENCY = 128;

/** The native anchor the steady-state targets compare with. */
export const RUST_BASELINE = 'rust-ct';

/** What the targets are computed from. */
export interface TargetInputs {
  readonly comparisons: readonly DriverComparison[];
  readonly variants: readonly VariantComparison[];
  readonly decode: readonly DecodeSummary[];
  readonly memory: readonly MemorySummary[];
  readonly phases: readonly PhaseSummary[];
  /** cqlkit ÷ {@link RUST_BASELINE} repetition by repetition, shown beside the steady-state ratios. */
  readonly anchorPairs?: readonly PairedPhaseRatio[];
}

/** Anything with an error count (a cell or a phase over its repetitions). */
interface Counted {
  readonly errors: number;
  readonly firstError: string | undefined;
}

function judge(value: number, limit: number, direction: 'max' | 'min'): TargetResult['status'] {
  if (!Number.isFinite(value)) return 'N/A';
  return (direction === 'max' ? value <= limit : value >= limit) ? 'PASS' : 'FAIL';
}

function ratioLine(
  description: string,
  value: number,
  limit: number,
  direction: 'max' | 'min',
  sources: readonly (Counted | undefined)[] = [],
): TargetResult {
  const threshold = `${direction === 'max' ? '≤' : '≥'} ${limit.toFixed(2)}×`;
  const errors = sources.reduce((sum, s) => sum + (s?.errors ?? 0), 0);
  if (errors > 0) {
    const first = sources.find((s) => s?.firstError !== undefined)?.firstError ?? '';
    return { description, measured: `${errors} error(s): ${first}`, threshold, status: 'FAIL' };
  }
  return {
    description,
    measured: Number.isFinite(value) ? `${value.toFixed(2)}×` : 'no data',
    threshold,
    status: judge(value, limit, direction),
  };
}

function comparison(
  inputs: TargetInputs,
  target: 'stub' | 'cassandra',
  workload: 'insert' | 'select1',
): DriverComparison | undefined {
  return inputs.comparisons.find(
    (c) => c.target === target && c.workload === workload && c.concurrency === TARGET_CONCURRENCY,
  );
}

function cells(c: DriverComparison | undefined): (CellSummary | undefined)[] {
  return [c?.cqlkit, c?.cassandraDriver];
}

function phaseOf(
  inputs: TargetInputs,
  driver: string,
  workload: string,
  phase: PhaseSummary['phase'],
): PhaseSummary | undefined {
  return inputs.phases.find((p) => p.driver === driver && p.workload === workload && p.phase === phase);
}

const TITLES = { insert: 'prepared INSERT', select1: 'single-row SELECT' } as const;

/**
 * `line` with the repetition-by-repetition ratios appended to its measured ratio (when at least
 * two repetitions paired up): the verdict stays on the ratio of medians.
 */
function withPairs(
  line: TargetResult,
  inputs: TargetInputs,
  workload: PhaseSummary['workload'],
  metric: PhaseMetric,
): TargetResult {
  const pair = inputs.anchorPairs?.find((p) => p.workload === workload && p.metric === metric);
  // Only a measured ratio gets them (not 'no data', not an error).
  if (pair === undefined || pair.ratios.n < 2 || !line.measured.endsWith('×')) {
    return line;
  }
  const { median, min, max, n } = pair.ratios;
  return {
    ...line,
    measured: `${line.measured} (by repetition: ${ratio(median)}, ${min.toFixed(2)}–${ratio(max)}, ${n} pairs)`,
  };
}

function anchorTargets(inputs: TargetInputs): TargetResult[] {
  const lines: TargetResult[] = [];
  for (const workload of ['insert', 'select1'] as const) {
    const mine = phaseOf(inputs, 'cqlkit', workload, 'steady');
    const rust = phaseOf(inputs, RUST_BASELINE, workload, 'steady');
    const ops = mine ? ` over ${mine.ops} ops` : '';
    lines.push(
      withPairs(
        ratioLine(
          `steady-state client CPU/op vs Rust scylla (current-thread), ${TITLES[workload]}, real Cassandra${ops}`,
          (mine?.cpuUsPerOp.median ?? NaN) / (rust?.cpuUsPerOp.median ?? NaN),
          1.1,
          'max',
          [mine, rust],
        ),
        inputs,
        workload,
        'cpu',
      ),
      withPairs(
        ratioLine(
          `steady-state throughput vs Rust scylla (current-thread), ${TITLES[workload]}, real Cassandra`,
          (mine?.throughput.median ?? NaN) / (rust?.throughput.median ?? NaN),
          1.0,
          'min',
          [mine, rust],
        ),
        inputs,
        workload,
        'throughput',
      ),
    );
    const coldMine = phaseOf(inputs, 'cqlkit', workload, 'cold');
    const coldRust = phaseOf(inputs, RUST_BASELINE, workload, 'cold');
    if (coldMine || coldRust) {
      const us = (p: PhaseSummary | undefined): string =>
        p && Number.isFinite(p.cpuUsPerOp.median) ? `${p.cpuUsPerOp.median.toFixed(1)} µs` : '–';
      lines.push({
        description: `client CPU/op of the first ${coldMine?.ops ?? coldRust?.ops ?? 0} operations after connect, ${TITLES[workload]}`,
        measured: `cqlkit ${us(coldMine)}, Rust ${us(coldRust)} (${ratio((coldMine?.cpuUsPerOp.median ?? NaN) / (coldRust?.cpuUsPerOp.median ?? NaN))})`,
        threshold: 'reported',
        status: 'INFO',
      });
    }
  }
  return lines;
}

/** Evaluates every target. */
export function evaluateTargets(inputs: TargetInputs): TargetResult[] {
  const lines: TargetResult[] = [];
  const at = `${TARGET_CONCURRENCY} in flight`;
  for (const workload of ['insert', 'select1'] as const) {
    const c = comparison(inputs, 'stub', workload);
    lines.push(
      ratioLine(
        `client CPU/op vs cassandra-driver, ${TITLES[workload]}, stub server, ${at}`,
        c?.cpuRatio ?? NaN,
        0.3,
        'max',
        cells(c),
      ),
    );
  }
  for (const workload of ['insert', 'select1'] as const) {
    const c = comparison(inputs, 'cassandra', workload);
    lines.push(
      ratioLine(
        `client CPU/op vs cassandra-driver, ${TITLES[workload]}, real Cassandra, ${at}`,
        c?.cpuRatio ?? NaN,
        0.45,
        'max',
        cells(c),
      ),
    );
  }
  lines.push(...anchorTargets(inputs));
  const cqlkitDecode = inputs.decode.find((d) => d.decoder === 'cqlkit')?.cpuNsPerRow.median ?? NaN;
  const driverDecode = inputs.decode.find((d) => d.decoder === 'cassandra-driver')?.cpuNsPerRow.median ?? NaN;
  lines.push(
    ratioLine(
      'decode CPU time per row vs cassandra-driver (captured 5000-row frame)',
      cqlkitDecode / driverDecode,
      0.35,
      'max',
    ),
  );
  for (const workload of ['insert', 'select1'] as const) {
    const c = comparison(inputs, 'cassandra', workload);
    lines.push(
      ratioLine(
        `throughput vs cassandra-driver, ${TITLES[workload]}, real Cassandra, ${at}`,
        c?.throughputRatio ?? NaN,
        1.1,
        'min',
        cells(c),
      ),
    );
  }
  const stream = inputs.memory.find((m) => m.driver === 'cqlkit' && m.api === 'iterate');
  const growth = stream?.streamRssGrowthMB.median ?? NaN;
  lines.push({
    description: `RSS growth streaming ${stream?.streamRows ?? STREAM_TARGET_ROWS} rows through async iteration (cqlkit, stub)`,
    measured: Number.isFinite(growth) ? `${growth.toFixed(1)} MB` : 'no data',
    threshold: '< 32 MB',
    status: Number.isFinite(growth) ? (growth < 32 ? 'PASS' : 'FAIL') : 'N/A',
  });
  const variantTitles = {
    insert1k: 'INSERT of 1 KB JSON-like values',
    'insert1k-random': 'INSERT of 1 KB random (incompressible) values',
    select1k: 'SELECT of 1 KB JSON-like values',
  } as const;
  for (const workload of ['insert1k', 'insert1k-random', 'select1k'] as const) {
    const v = inputs.variants.find(
      (x) => x.target === 'stub' && x.workload === workload && x.variant === 'v5-lz4',
    );
    const v4 = inputs.variants.find(
      (x) => x.target === 'stub' && x.workload === workload && x.variant === 'v4',
    );
    lines.push(
      ratioLine(
        `v5 + LZ4 client CPU/op vs v4 uncompressed, ${variantTitles[workload]}, stub, ${v?.concurrency ?? TARGET_CONCURRENCY} in flight`,
        v?.cpuVsV4 ?? NaN,
        1.15,
        'max',
        [v?.summary, v4?.summary],
      ),
    );
  }
  return lines;
}
