/**
 * What the `scylla` suite's orchestrator and its worker exchange: the job (argv JSON) and the
 * result line. A module of its own so that the orchestrator never loads the worker's entry point.
 */

/** What the orchestrator asks for. */
export interface ScyllaBenchJob {
  readonly contactPoints: readonly string[];
  readonly localDataCenter: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly shardAwareness: boolean;
  readonly keyspace: string;
  readonly table: string;
  readonly warmupOps: number;
  readonly ops: number;
  readonly concurrency: number;
}

/** What the worker reports (one line prefixed with {@link SCYLLA_RESULT_PREFIX}). */
export interface ScyllaBenchResult {
  readonly shardAwareness: boolean;
  readonly ops: number;
  readonly elapsedMs: number;
  readonly cpuMicrosPerOp: number;
  readonly connections: number;
}

export const SCYLLA_RESULT_PREFIX = 'SCYLLA-BENCH ';
