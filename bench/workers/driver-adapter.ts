/**
 * The one interface both driver workers implement, so the workload code, the concurrency limiter
 * and the measurements are shared and only the driver calls differ.
 */
import type { StatementName } from '../lib/bench-schema';
import type { DriverName, ProtocolVariant, StreamApi, TargetSpec } from '../lib/job';
import type { WorkloadName } from '../lib/workloads';

/** How to connect. */
export interface ConnectSpec {
  readonly target: TargetSpec;
  readonly variant: ProtocolVariant;
  readonly maxRequestsPerConnection: number;
  /** Statements to prepare before anything is timed. */
  readonly statements: readonly StatementName[];
  /** Token metadata on and token-aware routing (cqlkit; cassandra-driver ignores it). */
  readonly tokenAware?: boolean;
}

/**
 * A workload's operation: `run(i)` runs it with the i-th pre-generated bound values and resolves
 * with the driver's result; `rows(result)` counts the rows it returned (every row of every page
 * for paged workloads) and touches them as a user would. Two functions rather than one `async`
 * wrapper: the harness adds no promise of its own per operation.
 */
export interface BenchOperation<R = unknown> {
  run(i: number): Promise<R>;
  rows(result: R): number;
}

/** A connected driver, ready to run operations. */
export interface BenchSession {
  /** The operation of `workload`. */
  operation(workload: WorkloadName): BenchOperation;
  /**
   * Iterates the scan statement with async iteration through `api`, calling `onRow(count)` after
   * each row; stops early when it returns false. Resolves with the rows seen. Throws when the
   * driver has no such API.
   */
  streamScan(api: StreamApi, pageSize: number, onRow: (count: number) => boolean): Promise<number>;
  /** Executes the `blackhole` statement (the stub never answers: the promise stays pending). */
  sendUnanswered(i: number): Promise<unknown>;
  shutdown(): Promise<void>;
}

/** A driver under test. */
export interface DriverAdapter {
  readonly name: DriverName;
  connect(spec: ConnectSpec): Promise<BenchSession>;
}
