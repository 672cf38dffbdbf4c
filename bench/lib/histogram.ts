/**
 * A log-linear latency histogram (HdrHistogram-like, ~3% precision, no dependency). Values are
 * given in nanoseconds and counted in units of 100 ns, up to 2^31 − 1 units (~214 s; larger values
 * are clamped).
 */

const UNIT_NS = 100;

const SUB_BUCKET_BITS = 5;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 32
const LINEAR_LIMIT = SUB_BUCKETS * 2; // values below 64 ns are counted exactly
const MAX_VALUE = 0x7fffffff;
const BUCKET_COUNT = (31 - SUB_BUCKET_BITS) * SUB_BUCKETS + LINEAR_LIMIT;

/** Latency percentiles in microseconds. */
export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** Records latencies and reports percentiles. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sum = 0;
  private maxSeen = 0;

  /** Records one latency in nanoseconds. */
  record(nanos: number): void {
    const units = nanos / UNIT_NS;
    const v = units <= 0 ? 0 : units >= MAX_VALUE ? MAX_VALUE : Math.floor(units);
    this.counts[bucketOf(v)]++;
    this.total++;
    this.sum += v;
    if (v > this.maxSeen) this.maxSeen = v;
  }

  /** Number of recorded values. */
  get count(): number {
    return this.total;
  }

  /** The value in ns (bucket midpoint, at most the maximum seen) at quantile `q` in [0, 1]. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(bucketMidpoint(i), this.maxSeen) * UNIT_NS;
    }
    return this.maxSeen * UNIT_NS;
  }

  /** Percentiles in microseconds. */
  summary(): LatencySummary {
    const us = (ns: number): number => Math.round(ns / 10) / 100;
    return {
      p50: us(this.quantile(0.5)),
      p90: us(this.quantile(0.9)),
      p99: us(this.quantile(0.99)),
      p999: us(this.quantile(0.999)),
      max: us(this.maxSeen * UNIT_NS),
      mean: us(this.total === 0 ? 0 : (this.sum / this.total) * UNIT_NS),
    };
  }
}

function bucketOf(v: number): number {
  if (v < LINEAR_LIMIT) return v;
  const shift = 31 - Math.clz32(v) - SUB_BUCKET_BITS;
  return shift * SUB_BUCKETS + (v >>> shift);
}

function bucketMidpoint(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const mantissa = index - shift * SUB_BUCKETS;
  return mantissa * 2 ** shift + 2 ** (shift - 1);
}
