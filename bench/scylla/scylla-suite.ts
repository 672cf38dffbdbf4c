/**
 * The `scylla` suite: cqlkit against a simulated 1-node ScyllaDB (4 shards, @cqlkit/driver/testing)
 * in front of the benchmark's Cassandra node, with shard awareness on and off (alternating A B,
 * B A…). Reports the client's CPU time per prepared INSERT and the simulator's shard-hit ratio (the
 * share of measured requests that arrived on the shard owning their token). The simulator runs in
 * the orchestrator, the driver in a worker process, so the CPU figure is the driver's alone.
 */
import { join } from 'node:path';

import { describeFailure, runCommand } from '@cqlkit/testing';

import { Cluster, PlainTextAuthProvider } from '../../packages/driver/src';
import { ScyllaSimulator } from '../../packages/driver/src/testing';
import type { TargetSpec } from '../lib/job';
import { inRepOrder } from '../lib/plan';
import { SCYLLA_RESULT_PREFIX, type ScyllaBenchJob, type ScyllaBenchResult } from './scylla-job';

/** One mode's figures (medians over the repetitions; the hit ratio over every measured request). */
export interface ScyllaModeSummary {
  readonly shardAwareness: boolean;
  readonly cpuMicrosPerOp: number;
  readonly opsPerSecond: number;
  readonly shardHitRatio: number;
  readonly connections: number;
  readonly reps: number;
}

/** What the suite measured. */
export interface ScyllaSuiteSummary {
  readonly shards: number;
  readonly concurrency: number;
  readonly opsPerRep: number;
  readonly modes: readonly ScyllaModeSummary[];
}

const KEYSPACE = 'cqlkit_bench_scylla';
const TABLE = 'kv';
const SIMULATED_ADDRESS = '127.0.51.1';
const WORKER = join(__dirname, 'scylla-worker.ts');

/** Runs the suite against `target` (the real node the simulator fronts). */
export async function runScyllaSuite(
  target: TargetSpec,
  settings: {
    readonly reps: number;
    readonly ops: number;
    readonly concurrency: number;
    readonly timeoutMs: number;
  },
  repoRoot: string,
  log: (message: string) => void,
): Promise<ScyllaSuiteSummary> {
  const credentials = target.credentials;
  const simulator = await ScyllaSimulator.start({
    nodes: [{ target: { host: target.host, port: target.port }, address: SIMULATED_ADDRESS }],
    ...(credentials
      ? { authProvider: new PlainTextAuthProvider(credentials.username, credentials.password) }
      : {}),
  });
  try {
    await createTable(simulator, target);
    const results = new Map<boolean, { run: ScyllaBenchResult; hits: number }[]>([
      [true, []],
      [false, []],
    ]);
    for (let rep = 1; rep <= settings.reps; rep++) {
      for (const shardAwareness of inRepOrder([true, false], rep)) {
        simulator.clearRequests();
        const job: ScyllaBenchJob = {
          contactPoints: simulator.contactPoints(),
          localDataCenter: target.localDataCenter,
          ...(credentials ? { credentials } : {}),
          shardAwareness,
          keyspace: KEYSPACE,
          table: TABLE,
          warmupOps: Math.ceil(settings.ops / 4),
          ops: settings.ops,
          concurrency: settings.concurrency,
        };
        const outcome = await runCommand(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
          cwd: repoRoot,
          timeoutMs: settings.timeoutMs,
        });
        const line = outcome.stdout.split('\n').find((l) => l.startsWith(SCYLLA_RESULT_PREFIX));
        if (outcome.code !== 0 || line === undefined)
          throw new Error(describeFailure('scylla worker', outcome));
        const run = JSON.parse(line.slice(SCYLLA_RESULT_PREFIX.length)) as ScyllaBenchResult;
        // the measured requests are the last `ops` ones (the warm-up finished before them)
        const measured = simulator
          .requests({ keyspace: KEYSPACE, table: TABLE, kind: 'execute' })
          .slice(-settings.ops);
        const hits = measured.filter((r) => r.onOwner).length / measured.length;
        results.get(shardAwareness)!.push({ run, hits });
        log(
          `scylla rep ${rep} shard awareness ${shardAwareness ? 'on' : 'off'}: ` +
            `${run.cpuMicrosPerOp.toFixed(1)} µs CPU/op, shard hits ${(hits * 100).toFixed(1)} %`,
        );
      }
    }
    return {
      shards: simulator.shards,
      concurrency: settings.concurrency,
      opsPerRep: settings.ops,
      modes: [...results].map(([shardAwareness, runs]) => ({
        shardAwareness,
        cpuMicrosPerOp: median(runs.map((r) => r.run.cpuMicrosPerOp)),
        opsPerSecond: median(runs.map((r) => (r.run.ops * 1000) / r.run.elapsedMs)),
        shardHitRatio: runs.reduce((n, r) => n + r.hits, 0) / runs.length,
        connections: median(runs.map((r) => r.run.connections)),
        reps: runs.length,
      })),
    };
  } finally {
    await simulator.close();
  }
}

/** The suite's result as console lines. */
export function renderScyllaSummary(summary: ScyllaSuiteSummary): string {
  const lines = [
    `ScyllaDB shard awareness (simulated 1 node, ${summary.shards} shards; prepared INSERT, ` +
      `${summary.opsPerRep} ops × concurrency ${summary.concurrency}):`,
    '  shard awareness | CPU µs/op | ops/s   | shard hits | connections',
  ];
  for (const m of summary.modes) {
    lines.push(
      `  ${(m.shardAwareness ? 'on' : 'off').padEnd(15)} | ${m.cpuMicrosPerOp.toFixed(1).padStart(9)} | ` +
        `${Math.round(m.opsPerSecond).toString().padStart(7)} | ${(m.shardHitRatio * 100).toFixed(1).padStart(8)} % | ${m.connections}`,
    );
  }
  return lines.join('\n');
}

async function createTable(simulator: ScyllaSimulator, target: TargetSpec): Promise<void> {
  const cluster = new Cluster({
    contactPoints: simulator.contactPoints(),
    localDataCenter: target.localDataCenter,
    logger: { warn: () => undefined },
    ...(target.credentials ? { credentials: target.credentials } : {}),
  });
  try {
    const session = await cluster.connect();
    await session.execute(
      `CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await session.execute(`CREATE TABLE IF NOT EXISTS ${KEYSPACE}.${TABLE} (k int PRIMARY KEY, v int)`);
  } finally {
    await cluster.shutdown();
  }
  await simulator.refreshMetadata();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
