/**
 * Sizes of the runs. The full mode is sized to finish in about 17 minutes on 2 cores; the quick
 * mode gives a few seconds per cell for smoke checks. Every job of one suite uses the same
 * windows for both drivers.
 */
import type { CellSpec, ClientName, DecoderName, DriverName, ProtocolVariant } from './job';
import type { WorkloadName } from './workloads';

/** Warm-up and measurement windows of point cells. */
export interface Windows {
  /** Untimed run before the first cell of a workload in a process. */
  readonly workloadWarmupMs: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** Operation counts of one client in the anchors suite (counted from connect). */
export interface PhaseCounts {
  /** The first operations after connect, measured on their own. */
  readonly coldOps: number;
  /** Operations before the steady window, in all (cold included). */
  readonly warmupOps: number;
  /** The steady-state window. */
  readonly measureOps: number;
}

/** The anchors suite's settings. */
export interface AnchorSettings {
  readonly reps: number;
  readonly concurrency: number;
  /** Node and Rust clients. */
  readonly counts: PhaseCounts;
  /** The Python driver (≈ 10–25× the CPU per operation, no JIT to warm up): fewer operations. */
  readonly pythonCounts: PhaseCounts;
}

/** Everything a mode decides. */
export interface ModeSettings {
  readonly name: 'full' | 'quick';
  readonly reps: number;
  /** Repetitions of the protocol-variant runs against real Cassandra (cqlkit only). */
  readonly protocolCassandraReps: number;
  /**
   * Windows and repetitions of the protocol-variant runs against the stub: fewer, longer windows
   * than the other stub cells (v5's ratios to v4 were unstable over 1-second windows), for about
   * the same total time.
   */
  readonly protocolStub: Windows;
  readonly protocolStubReps: number;
  readonly concurrencies: readonly number[];
  readonly stub: Windows;
  readonly cassandra: Windows;
  /** Concurrency of the protocol-variant cells. */
  readonly protocolConcurrency: number;
  readonly decode: { readonly warmupMs: number; readonly measureMs: number };
  readonly inflight: { readonly parked: number; readonly warmupMs: number };
  readonly streamRows: number;
  readonly anchors: AnchorSettings;
  /** Kill a worker that runs longer than this. */
  readonly workerTimeoutMs: number;
}

/** Default requests in flight. */
export const DEFAULT_CONCURRENCIES: readonly number[] = [1, 32, 128, 512];

/** Settings of the full or quick mode, with overrides. */
export function modeSettings(
  quick: boolean,
  overrides: {
    reps?: number | undefined;
    concurrencies?: readonly number[] | undefined;
    /** The anchors' counts for Node and Rust; the Python driver keeps at most its own. */
    anchorOps?: PhaseCounts | undefined;
  },
): ModeSettings {
  const base: ModeSettings = quick
    ? {
        name: 'quick',
        reps: 2,
        protocolCassandraReps: 1,
        concurrencies: DEFAULT_CONCURRENCIES,
        stub: { workloadWarmupMs: 400, warmupMs: 150, measureMs: 500 },
        protocolStub: { workloadWarmupMs: 400, warmupMs: 150, measureMs: 500 },
        protocolStubReps: 2,
        cassandra: { workloadWarmupMs: 800, warmupMs: 200, measureMs: 800 },
        protocolConcurrency: 128,
        decode: { warmupMs: 300, measureMs: 800 },
        inflight: { parked: 5000, warmupMs: 300 },
        streamRows: 1_000_000,
        anchors: {
          reps: 2,
          concurrency: 128,
          counts: { coldOps: 10_000, warmupOps: 30_000, measureOps: 50_000 },
          pythonCounts: { coldOps: 5_000, warmupOps: 10_000, measureOps: 10_000 },
        },
        workerTimeoutMs: 180_000,
      }
    : {
        name: 'full',
        reps: 5,
        protocolCassandraReps: 3,
        concurrencies: DEFAULT_CONCURRENCIES,
        stub: { workloadWarmupMs: 1000, warmupMs: 300, measureMs: 1000 },
        protocolStub: { workloadWarmupMs: 1000, warmupMs: 300, measureMs: 2200 },
        protocolStubReps: 3,
        cassandra: { workloadWarmupMs: 2000, warmupMs: 400, measureMs: 2000 },
        protocolConcurrency: 128,
        decode: { warmupMs: 800, measureMs: 1500 },
        inflight: { parked: 10_000, warmupMs: 1000 },
        streamRows: 1_000_000,
        anchors: {
          reps: 5,
          concurrency: 128,
          counts: { coldOps: 10_000, warmupOps: 50_000, measureOps: 100_000 },
          pythonCounts: { coldOps: 5_000, warmupOps: 10_000, measureOps: 20_000 },
        },
        workerTimeoutMs: 300_000,
      };
  const ops = overrides.anchorOps;
  const python = base.anchors.pythonCounts;
  const anchors: AnchorSettings = {
    ...base.anchors,
    reps: overrides.reps ?? base.anchors.reps,
    counts: ops ?? base.anchors.counts,
    pythonCounts: ops
      ? {
          coldOps: Math.min(ops.coldOps, python.coldOps),
          warmupOps: Math.min(ops.warmupOps, python.warmupOps),
          measureOps: Math.min(ops.measureOps, python.measureOps),
        }
      : python,
  };
  return {
    ...base,
    reps: overrides.reps ?? base.reps,
    concurrencies: overrides.concurrencies ?? base.concurrencies,
    anchors,
  };
}

/**
 * The order of `items` in repetition `rep` (1-based): as given in odd repetitions, reversed in
 * even ones (A B, B A, A B, …). Counterbalancing cancels a steady drift of the machine or the
 * server (JIT warm-up, compaction, page cache) that a fixed A B order would charge to A.
 *
 * @example
 * ```ts
 * inRepOrder(['cqlkit', 'cassandra-driver'], 2); // ['cassandra-driver', 'cqlkit']
 * ```
 */
export function inRepOrder<T>(items: readonly T[], rep: number): readonly T[] {
  return rep % 2 === 1 ? items : [...items].reverse();
}

/** The drivers, in A B order. */
export const DRIVER_ORDER: readonly DriverName[] = ['cqlkit', 'cassandra-driver'];

/** Clients of the anchors suite, in rotation order (reversed in even repetitions). */
export const ANCHOR_CLIENT_ORDER: readonly ClientName[] = [
  'cqlkit',
  'cqlkit-token-aware',
  'rust-ct',
  'cassandra-driver',
  'rust-mt',
  'python',
  'rust-ct-defaults',
];

/** Workloads of the anchors suite. */
export const ANCHOR_WORKLOADS: readonly WorkloadName[] = ['insert', 'select1'];

/** cqlkit's protocol variants, in rotation order. */
export const VARIANT_ORDER: readonly ProtocolVariant[] = ['v4', 'v5', 'v5-lz4'];

/** The decoders, in rotation order. */
export const DECODER_ORDER: readonly DecoderName[] = [
  'cqlkit',
  'cassandra-driver',
  'cqlkit-envelope',
  'cassandra-driver-nocopy',
  'cassandra-driver-streams',
];

/** Cells of `workloads` at every concurrency; a paged workload runs once, at concurrency 1. */
export function pointCells(
  workloads: readonly WorkloadName[],
  concurrencies: readonly number[],
  windows: Windows,
  pagedWorkloads: ReadonlySet<WorkloadName> = new Set(['scan']),
): CellSpec[] {
  return workloads.flatMap((workload) =>
    (pagedWorkloads.has(workload) ? [1] : concurrencies).map((concurrency) => ({
      workload,
      concurrency,
      warmupMs: pagedWorkloads.has(workload) ? 0 : windows.warmupMs,
      measureMs: windows.measureMs,
    })),
  );
}

/** `maxRequestsPerConnection` for a job: at least 2048 (cassandra-driver's default) and its concurrency. */
export function maxRequestsFor(concurrencies: readonly number[]): number {
  return Math.max(2048, ...concurrencies);
}
