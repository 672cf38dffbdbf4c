/**
 * The targets, evaluated on one run's medians and reported as PASS/FAIL lines (never
 * asserted). A target whose data is missing (suite not run, worker failed) is N/A.
 */
import type { DecodeSummary, DriverComparison, MemorySummary, VariantComparison } from './aggregate';

/** One target line. */
export interface TargetResult {
  readonly description: string;
  /** The measured value or ratio, formatted. */
  readonly measured: string;
  readonly threshold: string;
  readonly status: 'PASS' | 'FAIL' | 'N/A';
}

/** Rows of the streaming target. */
const STREAM_TARGET_ROWS = 1_000_000;

/** Concurrency at which the per-op targets are read. */
export const TARGET_CONCURRENCY = 128;

/** What the targets are computed from. */
export interface TargetInputs {
  readonly comparisons: readonly DriverComparison[];
  readonly variants: readonly VariantComparison[];
  readonly decode: readonly DecodeSummary[];
  readonly memory: readonly MemorySummary[];
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
): TargetResult {
  return {
    description,
    measured: Number.isFinite(value) ? `${value.toFixed(2)}×` : 'no data',
    threshold: `${direction === 'max' ? '≤' : '≥'} ${limit.toFixed(2)}×`,
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

/** Evaluates every target. */
export function evaluateTargets(inputs: TargetInputs): TargetResult[] {
  const lines: TargetResult[] = [];
  const at = `${TARGET_CONCURRENCY} in flight`;
  for (const workload of ['insert', 'select1'] as const) {
    const title = workload === 'insert' ? 'prepared INSERT' : 'single-row SELECT';
    lines.push(
      ratioLine(
        `client CPU/op vs cassandra-driver, ${title}, stub server, ${at}`,
        comparison(inputs, 'stub', workload)?.cpuRatio ?? NaN,
        0.4,
        'max',
      ),
    );
  }
  for (const workload of ['insert', 'select1'] as const) {
    const title = workload === 'insert' ? 'prepared INSERT' : 'single-row SELECT';
    lines.push(
      ratioLine(
        `client CPU/op vs cassandra-driver, ${title}, real Cassandra, ${at}`,
        comparison(inputs, 'cassandra', workload)?.cpuRatio ?? NaN,
        0.6,
        'max',
      ),
    );
  }
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
    const title = workload === 'insert' ? 'prepared INSERT' : 'single-row SELECT';
    lines.push(
      ratioLine(
        `throughput vs cassandra-driver, ${title}, real Cassandra, ${at}`,
        comparison(inputs, 'cassandra', workload)?.throughputRatio ?? NaN,
        1.1,
        'min',
      ),
    );
  }
  const stream = inputs.memory.find((m) => m.driver === 'cqlkit');
  const growth = stream?.streamRssGrowthMB.median ?? NaN;
  lines.push({
    description: `RSS growth streaming ${stream?.streamRows ?? STREAM_TARGET_ROWS} rows through async iteration (cqlkit, stub)`,
    measured: Number.isFinite(growth) ? `${growth.toFixed(1)} MB` : 'no data',
    threshold: '< 64 MB',
    status: Number.isFinite(growth) ? (growth < 64 ? 'PASS' : 'FAIL') : 'N/A',
  });
  for (const workload of ['insert1k', 'select1k'] as const) {
    const v = inputs.variants.find(
      (x) => x.target === 'stub' && x.workload === workload && x.variant === 'v5-lz4',
    );
    lines.push(
      ratioLine(
        `v5 + LZ4 client CPU/op vs v4 uncompressed, ${workload === 'insert1k' ? 'INSERT' : 'SELECT'} of 1 KB values, stub, ${v?.concurrency ?? TARGET_CONCURRENCY} in flight`,
        v?.cpuVsV4 ?? NaN,
        1.15,
        'max',
      ),
    );
  }
  return lines;
}
