/**
 * The servers a benchmark run measures against, and their preparation: the stub server (started on
 * first use, stopped at the end) and the Cassandra node (found or started, see
 * `cassandra-target.ts`; on first use seeded with the benchmark's data and warmed until its CPU per
 * operation stops falling), the fresh write table of every suite that inserts, and the wait for a
 * quiet server before each measured run.
 *
 * Holds no measured run: the suites are the orchestrator's (`bench/run.ts`); the warm-up's rounds
 * run through the same `JobRunner`, unrecorded.
 */
import type { ServerSettling } from '../report/render';
import { acquireCassandra, type CassandraHandle } from './cassandra-target';
import type { PhaseJob, PhaseRecord, TargetSpec } from './job';
import type { JobRunner } from './job-runner';
import { ANCHOR_WORKLOADS, DRIVER_ORDER, maxRequestsFor, type ModeSettings, pointCells } from './plan';
import { type QuietSettings, waitForQuietProcess } from './proc-stat';
import { openSetupSession, recreateWriteTable, seedBenchData } from './seed-data';
import { SERVER_WARMUP, type ServerWarmup, warmUntilSettled } from './server-warmup';
import { startStub, type StubProcess } from './stub-process';
import type { WorkloadName } from './workloads';

const STUB_DATA_CENTER = 'datacenter1';
/**
 * When a server counts as quiet before a measured run: under 8% of a core (an idle Cassandra 5.0
 * node uses 2–3%, and `/proc` counts in 10 ms ticks) for two 750 ms windows in a row, waiting at
 * most 60 s.
 */
const SERVER_QUIET: QuietSettings = { windowMs: 750, maxCoreShare: 0.08, quietWindows: 2, maxWaitMs: 60_000 };
/** Requests in flight of the warm-up's runs (the anchors' and the point suites' main cell). */
const WARMUP_CONCURRENCY = 128;

/** The stub server and the Cassandra node of one run. */
export class BenchServers {
  /** The Cassandra version, once a node was found or started. */
  cassandraVersion: string | undefined;
  /** The warm-up rounds on the Cassandra node (`undefined`: none ran, or its pid is unknown). */
  serverWarmup: ServerWarmup | undefined;
  private readonly settling = { waits: 0, totalMs: 0, stillBusy: 0 };
  private stub: StubProcess | undefined;
  private cassandra: CassandraHandle | undefined;
  private seeded = false;

  constructor(
    private readonly repoRoot: string,
    private readonly mode: ModeSettings,
    private readonly clockTicksPerSecond: number,
    private readonly runner: JobRunner,
    private readonly log: (message: string) => void,
  ) {}

  /** The stub server, started on first use. */
  async stubTarget(): Promise<TargetSpec> {
    this.stub ??= await startStub(this.repoRoot, this.mode.streamRows, this.log);
    return {
      kind: 'stub',
      host: '127.0.0.1',
      port: this.stub.port,
      localDataCenter: STUB_DATA_CENTER,
      serverPid: this.stub.pid,
    };
  }

  /** The Cassandra node as found or started, neither seeded nor warmed (the ScyllaDB suite's own keyspace). */
  async cassandraNode(): Promise<TargetSpec> {
    this.cassandra ??= await acquireCassandra(this.log);
    this.cassandraVersion = this.cassandra.version;
    return this.cassandra.target;
  }

  /** The Cassandra node, seeded with the benchmark's data and warmed on first use. */
  async cassandraTarget(): Promise<TargetSpec> {
    const target = await this.cassandraNode();
    if (!this.seeded) {
      this.log('creating the benchmark keyspace and loading the read tables…');
      await withSetupSession(target, (session) => seedBenchData(session, this.log));
      this.seeded = true;
      await this.warmServer(target);
    }
    return target;
  }

  /** Drops and recreates the insert table (every suite that inserts starts from an empty one). */
  async freshWriteTable(target: TargetSpec): Promise<void> {
    await withSetupSession(target, (session) => recreateWriteTable(session));
  }

  /**
   * Waits until the server process has gone quiet (see {@link SERVER_QUIET}) before a measured
   * run: after ~150 000 INSERTs the node flushes memtables and compacts for seconds, and
   * whichever client ran next was charged for it (in full runs the first SELECT client of a
   * repetition showed ~20% more server CPU per operation than the others).
   */
  async settleServer(target: TargetSpec): Promise<void> {
    if (target.serverPid === undefined) return;
    const outcome = await waitForQuietProcess(target.serverPid, this.clockTicksPerSecond, SERVER_QUIET);
    this.settling.waits += 1;
    this.settling.totalMs += outcome.waitedMs;
    if (!outcome.quiet) this.settling.stillBusy += 1;
    const minimumMs = SERVER_QUIET.windowMs * SERVER_QUIET.quietWindows;
    if (!outcome.quiet) {
      const share = Number.isNaN(outcome.lastCoreShare)
        ? 'unreadable'
        : `${(outcome.lastCoreShare * 100).toFixed(0)}% of a core`;
      this.log(
        `${target.kind} server still busy after ${(outcome.waitedMs / 1000).toFixed(1)} s (${share}): measuring anyway`,
      );
    } else if (outcome.waitedMs > minimumMs + SERVER_QUIET.windowMs) {
      this.log(`${target.kind} server went quiet after ${(outcome.waitedMs / 1000).toFixed(1)} s`);
    }
  }

  /** What the waits for a quiet server have added up to so far. */
  serverSettling(): ServerSettling {
    return { ...this.settling };
  }

  /** Stops the stub server and releases the node (stopping it only when this run started it). */
  async close(): Promise<void> {
    await this.stub?.stop();
    this.stub = undefined;
    await this.cassandra?.release();
    this.cassandra = undefined;
  }

  /**
   * Runs the point workloads once with each driver, unrecorded, before anything is measured on
   * Cassandra, then rounds of the anchors' INSERTs and SELECTs until the node's CPU per operation
   * of both stops falling: a freshly started node compiles its read and write paths (JIT) over its
   * first minute or so of load, and whichever client ran first would pay for it (see
   * `server-warmup.ts`).
   */
  private async warmServer(target: TargetSpec): Promise<void> {
    const windows = this.mode.cassandra;
    const maxRequests = maxRequestsFor([WARMUP_CONCURRENCY]);
    const cells = pointCells(['insert', 'select1', 'select100'], [WARMUP_CONCURRENCY], {
      ...windows,
      warmupMs: 0,
    });
    this.log('warming up the Cassandra node (unrecorded)…');
    for (const driver of DRIVER_ORDER) {
      await this.runner.runDriverJob(
        {
          ...this.runner.jobBase('warmup', driver, 'v4', target, 0, maxRequests),
          type: 'point',
          cells,
          workloadWarmupMs: windows.workloadWarmupMs,
        },
        { record: false },
      );
    }
    if (target.serverPid === undefined) return;
    const opsPerRound = this.mode.anchors.counts.measureOps;
    const round = (workload: WorkloadName): PhaseJob => ({
      ...this.runner.jobBase('warmup', 'cqlkit', 'v4', target, 0, maxRequests),
      type: 'phases',
      workload,
      concurrency: WARMUP_CONCURRENCY,
      coldOps: 0,
      warmupOps: 0,
      measureOps: opsPerRound,
    });
    this.serverWarmup = await warmUntilSettled(
      opsPerRound,
      ANCHOR_WORKLOADS,
      async (workload) => {
        const records = await this.runner.runDriverJob(round(workload), { record: false });
        const window = records.find((r): r is PhaseRecord => r.kind === 'phase');
        const perOp =
          window?.serverCpuUs !== undefined && window.ops > 0 ? window.serverCpuUs / window.ops : NaN;
        this.log(`server warm-up, ${workload}: ${perOp.toFixed(1)} µs of server CPU per operation`);
        return perOp;
      },
      SERVER_WARMUP,
    );
  }
}

type SetupSession = Awaited<ReturnType<typeof openSetupSession>>['session'];

async function withSetupSession(
  target: TargetSpec,
  work: (session: SetupSession) => Promise<void>,
): Promise<void> {
  const { cluster, session } = await openSetupSession(target);
  try {
    await work(session);
  } finally {
    await cluster.shutdown();
  }
}
