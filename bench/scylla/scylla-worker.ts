/**
 * Worker of the `scylla` suite: `node --import tsx bench/scylla/scylla-worker.ts '<job json>'`.
 * Connects cqlkit to the simulated ScyllaDB (shard awareness on or off), fills the pools, runs a
 * warm-up then the measured prepared INSERTs at a fixed concurrency, and prints one result line
 * with its own CPU time per operation. Where the requests arrived is the orchestrator's to read
 * (the simulator's record).
 */
import { loadDriver } from '../lib/driver-module';
import { SCYLLA_RESULT_PREFIX, type ScyllaBenchJob, type ScyllaBenchResult } from './scylla-job';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ScyllaBenchJob;
  const { Cluster } = loadDriver();
  const cluster = new Cluster({
    contactPoints: [...job.contactPoints],
    localDataCenter: job.localDataCenter,
    shardAwareness: job.shardAwareness,
    logger: { warn: () => undefined },
    ...(job.credentials ? { credentials: job.credentials } : {}),
  });
  try {
    const session = await cluster.connect(job.keyspace, { waitForAllPools: true });
    const insert = await session.prepare(`INSERT INTO ${job.table} (k, v) VALUES (?, ?)`);
    const run = async (count: number): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          const k = next++;
          await session.execute(insert, [k, k]);
        }
      };
      await Promise.all(Array.from({ length: job.concurrency }, worker));
    };
    await run(job.warmupOps);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(job.ops);
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const result: ScyllaBenchResult = {
      shardAwareness: job.shardAwareness,
      ops: job.ops,
      elapsedMs,
      cpuMicrosPerOp: (used.user + used.system) / job.ops,
      connections: cluster.getClusterState().hosts.reduce((n, h) => n + h.openConnections, 0),
    };
    process.stdout.write(`${SCYLLA_RESULT_PREFIX}${JSON.stringify(result)}\n`);
  } finally {
    await cluster.shutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
