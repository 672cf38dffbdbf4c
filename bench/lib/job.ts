/**
 * What the orchestrator asks a worker process to do (passed as JSON on the command line) and what
 * the worker reports back (one JSON record per stdout line, prefixed with {@link RECORD_PREFIX}).
 */
import type { LatencySummary } from './histogram';
import type { WorkloadName } from './workloads';

/** The Node.js drivers compared (both run by the harness's own workers). */
export type DriverName = 'cqlkit' | 'cassandra-driver';

/**
 * The native drivers run as anchors (`--anchors`): the ScyllaDB Rust driver on a current-thread
 * or multi-thread tokio runtime (`-defaults`: as a Rust user gets it, see bench/anchors/rust), and
 * ScyllaDB's Python driver (Cython, libev).
 */
export type AnchorName = 'rust-ct' | 'rust-mt' | 'rust-ct-defaults' | 'python';

/**
 * cqlkit with token metadata on and token-aware routing (its default configuration), beside the
 * Rust driver, which always routes by token; the plain `cqlkit` client keeps the harness's
 * configuration (token metadata off, as cassandra-driver's metadata sync).
 */
export type RoutedClientName = 'cqlkit-token-aware';

/** Every client that produces phase records. */
export type ClientName = DriverName | AnchorName | RoutedClientName;

/** Protocol settings of a run: v4 uncompressed (both drivers), or cqlkit's v5 and v5 + LZ4. */
export type ProtocolVariant = 'v4' | 'v5' | 'v5-lz4';

/** Where requests go. */
export interface TargetSpec {
  /** `cassandra`: the real node; `stub`: the canned-response server. */
  readonly kind: 'cassandra' | 'stub';
  readonly host: string;
  readonly port: number;
  readonly localDataCenter: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Pid of the server process, for server CPU per operation (from /proc). */
  readonly serverPid?: number;
}

/** One measured point: a workload at a concurrency. */
export interface CellSpec {
  readonly workload: WorkloadName;
  /** Requests in flight (closed loop: this many async workers, each awaiting one operation). */
  readonly concurrency: number;
  /** Untimed run at the same concurrency right before the measurement. */
  readonly warmupMs: number;
  /** Timed window (operations started before its end are awaited and counted). */
  readonly measureMs: number;
}

/** Settings every worker job carries. */
interface JobBase {
  readonly suite: string;
  readonly driver: DriverName;
  readonly variant: ProtocolVariant;
  readonly target: TargetSpec;
  /** Repetition index (1-based), echoed in the records. */
  readonly rep: number;
  /** `maxRequestsPerConnection` for both drivers (≥ the highest concurrency of the job). */
  readonly maxRequestsPerConnection: number;
  /** Kernel clock ticks per second (`getconf CLK_TCK`), to read /proc CPU times. */
  readonly clockTicksPerSecond: number;
}

/** Throughput/latency/CPU cells. */
export interface PointJob extends JobBase {
  readonly type: 'point';
  readonly cells: readonly CellSpec[];
  /** Untimed run before the first cell of each workload in the process (JIT, server caches). */
  readonly workloadWarmupMs: number;
}

/** Heap per in-flight request: requests parked on a stub statement that is never answered. */
export interface InflightJob extends JobBase {
  readonly type: 'inflight';
  readonly parked: number;
  readonly warmupMs: number;
}

/** RSS while streaming many rows through async iteration. */
export interface StreamJob extends JobBase {
  readonly type: 'stream';
  /** Rows the target serves for the scan statement (the stub is started with this count). */
  readonly rows: number;
  readonly pageSize: number;
  readonly api: StreamApi;
}

/**
 * Phases counted in operations from connect (the anchors suite): the first `coldOps` (the cost
 * before the JIT has settled), the rest of the warm-up up to `warmupOps` in all, then
 * `measureOps` at steady state. One record per phase.
 */
export interface PhaseJob extends JobBase {
  readonly type: 'phases';
  /** The client name of the records when it is not the driver's (a configuration of it). */
  readonly client?: RoutedClientName;
  /** Token metadata on and token-aware routing (cqlkit only). */
  readonly tokenAware?: boolean;
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly coldOps: number;
  readonly warmupOps: number;
  readonly measureOps: number;
}

/** How a driver streams rows in the memory suite. */
export type StreamApi =
  /** cqlkit `session.iterate()` */
  | 'iterate'
  /** cassandra-driver `client.stream()` (a Readable) */
  | 'stream'
  /** cassandra-driver `for await` over the ResultSet of `client.execute()` (fetches the pages) */
  | 'resultset';

/** A worker job. */
export type WorkerJob = PointJob | InflightJob | StreamJob | PhaseJob;

/** The decoders compared on the captured 5000-row frame. */
export type DecoderName =
  'cqlkit' | 'cqlkit-envelope' | 'cassandra-driver' | 'cassandra-driver-nocopy' | 'cassandra-driver-streams';

/** Decoding job: decode the captured frame again and again. */
export interface DecodeJob {
  readonly type: 'decode';
  readonly suite: string;
  readonly decoder: DecoderName;
  readonly rep: number;
  readonly fixturePath: string;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** Prefix of record lines on a worker's stdout. */
export const RECORD_PREFIX = '@@bench ';

/** Fields every record carries. */
interface RecordBase {
  readonly suite: string;
  readonly rep: number;
}

/** What a measured window counted: operations, client CPU, server CPU. */
export interface WindowCounters {
  /** Successful operations (failed ones are counted in `errors` only). */
  readonly ops: number;
  readonly rows: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly elapsedMs: number;
  /** Client process CPU over the window (getrusage of the whole process: `process.cpuUsage()`), µs. */
  readonly cpuUserUs: number;
  readonly cpuSysUs: number;
  /** Server process CPU over the window (/proc/<pid>/stat), µs; tick resolution. */
  readonly serverCpuUs?: number;
}

/** Result of one cell. */
export interface CellRecord extends RecordBase, WindowCounters {
  readonly kind: 'cell';
  readonly target: TargetSpec['kind'];
  readonly driver: DriverName;
  readonly variant: ProtocolVariant;
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly latencyUs: LatencySummary;
  readonly rssMB: number;
  readonly heapUsedMB: number;
}

/** Heap per parked request. */
export interface InflightRecord extends RecordBase {
  readonly kind: 'inflight';
  readonly driver: DriverName;
  readonly variant: ProtocolVariant;
  readonly parked: number;
  readonly heapPerRequestBytes: number;
  readonly rssGrowthMB: number;
}

/** Memory while streaming. */
export interface StreamRecord extends RecordBase {
  readonly kind: 'stream';
  readonly target: TargetSpec['kind'];
  readonly driver: DriverName;
  readonly variant: ProtocolVariant;
  readonly api: StreamApi;
  readonly rows: number;
  readonly elapsedMs: number;
  readonly cpuUs: number;
  readonly rssBaseMB: number;
  readonly rssPeakMB: number;
  readonly rssGrowthMB: number;
  readonly heapPeakGrowthMB: number;
}

/** Decoding speed. */
export interface DecodeRecord extends RecordBase {
  readonly kind: 'decode';
  readonly decoder: DecoderName;
  readonly rowsPerFrame: number;
  readonly frames: number;
  readonly nsPerRow: number;
  readonly cpuNsPerRow: number;
}

/** A phase of a {@link PhaseJob} (also printed by the Rust and Python anchors). */
export type PhaseName = 'cold' | 'warm' | 'steady';

/** Result of one phase: operations counted from connect. */
export interface PhaseRecord extends RecordBase, WindowCounters {
  readonly kind: 'phase';
  readonly target: TargetSpec['kind'];
  readonly driver: ClientName;
  readonly workload: WorkloadName;
  readonly concurrency: number;
  readonly phase: PhaseName;
}

/** Anything a worker reports. */
export type BenchRecord = CellRecord | InflightRecord | StreamRecord | DecodeRecord | PhaseRecord;

/** Writes a record line to stdout. */
export function emitRecord(record: BenchRecord): void {
  process.stdout.write(`${RECORD_PREFIX}${JSON.stringify(record)}\n`);
}
