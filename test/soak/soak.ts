/**
 * `npm run soak`: the driver against a local 3-node Cassandra for a while, through faults.
 *
 * A mixed prepared workload (60 % writes, 30 % point reads, 10 % slices; QUORUM, idempotent, RF 3)
 * runs with 128 requests in flight for `--minutes` (default 10) while the launcher kills node 3,
 * restarts it, pauses node 2, resumes it and restarts node 1 on a schedule (which slips when a
 * restart is slow, and then the run lasts until the last fault is over). Then every
 * acknowledged write is read back at QUORUM. It prints acked / failed / lost writes, latency
 * percentiles before and around each fault, and the client's heap and RSS at start and end.
 *
 * Not part of `npm test`. It uses only the launcher's cluster on 127.0.0.1-3 (never
 * `CQLKIT_CONTACT_POINTS`): it kills and pauses nodes. It needs the launcher to itself — run it
 * under the exclusive lock: `flock -x /tmp/cqlkit-db.lock npm run soak`. It starts the 3-node
 * cluster when none runs (and stops it at the end), reuses a running one, and refuses to touch
 * another cluster.
 *
 * Options: `--minutes N` (or CQLKIT_SOAK_MINUTES), `--in-flight N` (default 128).
 */
import { Cluster, ConstantSpeculativeExecutionPolicy, Consistency } from '@cqlkit/driver';
import { performance } from 'node:perf_hooks';

import type { LatencySummary } from '../../bench/lib/histogram';
import {
  addLease,
  describeClusterOptions,
  LocalCassandraCluster,
  removeLease,
  sameClusterOptions,
} from '@cqlkit/testing';
import { THREE_NODES as NODES } from '../integration/cluster/three-node-cluster';
import { Workload, type LatencyWindow } from './soak-workload';

/** How long each fault's latency window lasts at least (ms). */
const FAULT_WINDOW_MS = 30_000;

interface SoakArgs {
  readonly minutes: number;
  readonly inFlight: number;
}

/**
 * One step of the fault schedule: at a fraction of the run, and not before a fraction of the run
 * has passed since the previous step ended (a restart can take minutes on a busy machine; the
 * schedule slips rather than squeezing a pause to nothing).
 */
interface FaultStep {
  readonly at: number;
  readonly afterPrevious: number;
  readonly label: string;
  readonly act: (launcher: LocalCassandraCluster) => Promise<void>;
}

const SCHEDULE: readonly FaultStep[] = [
  { at: 0.15, afterPrevious: 0, label: 'node3 killed (SIGKILL)', act: (l) => l.killNode(3) },
  { at: 0.3, afterPrevious: 0.1, label: 'node3 restarted', act: (l) => l.restartNode(3) },
  { at: 0.5, afterPrevious: 0.05, label: 'node2 paused (SIGSTOP)', act: (l) => l.pauseNode(2) },
  { at: 0.6, afterPrevious: 0.1, label: 'node2 resumed (SIGCONT)', act: (l) => l.resumeNode(2) },
  { at: 0.75, afterPrevious: 0.05, label: 'node1 restarted (stop, start)', act: (l) => l.restartNode(1) },
];

function parseArgs(argv: readonly string[]): SoakArgs {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = Number(value('--minutes') ?? process.env.CQLKIT_SOAK_MINUTES ?? 10);
  const inFlight = Number(value('--in-flight') ?? 128);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error(`--minutes must be in (0, 1440], got ${minutes}`);
  if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 4096) {
    throw new Error(`--in-flight must be an integer in [1, 4096], got ${inFlight}`);
  }
  return { minutes, inFlight };
}

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

const elapsed = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(0)} s`;

/** Finds the 3-node cluster or starts it; never touches another one. */
async function acquireCluster(launcher: LocalCassandraCluster): Promise<{ started: boolean }> {
  const status = await launcher.status();
  const alive = status.nodes.filter((n) => n.state !== 'stopped');
  if (alive.length > 0) {
    const o = status.options;
    if (o === undefined || !sameClusterOptions(o, NODES) || !status.running) {
      throw new Error(
        `the soak needs the launcher's ${describeClusterOptions(NODES)} cluster (the cluster project's), but ${status.clusterDir} runs ` +
          `(${o ? describeClusterOptions(o) : 'unknown options'}; nodes ` +
          `${status.nodes.map((n) => `${n.index}:${n.state}`).join(' ')}). Stop it first: npm run cassandra -- stop`,
      );
    }
    log(`reusing the running 3-node cluster in ${status.clusterDir}`);
    return { started: false };
  }
  log(`starting a 3-node cluster in ${status.clusterDir} (takes a minute or two)…`);
  await launcher.start(NODES);
  return { started: true };
}

/** Resumes paused nodes and restarts stopped ones (a fault interrupted, or a step failed). */
async function allNodesUp(launcher: LocalCassandraCluster): Promise<void> {
  for (const node of (await launcher.status()).nodes) {
    if (node.state === 'paused') await launcher.resumeNode(node.index);
    if (node.state === 'stopped') await launcher.restartNode(node.index);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function memory(): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

function latencyRow(label: string, count: number, s: LatencySummary, errors: number): string {
  const ms = (us: number): string => (us / 1000).toFixed(1).padStart(8);
  return `  ${label.padEnd(34)} ${String(count).padStart(9)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)} ${String(errors).padStart(7)}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const durationMs = args.minutes * 60_000;
  // A restart took up to 4 minutes on the busy 2-core machine: wait longer than the default 3.
  const launcher = new LocalCassandraCluster({ log: (m) => log(`launcher: ${m}`), startTimeoutMs: 600_000 });
  const { started } = await acquireCluster(launcher);
  await addLease(launcher.clusterDir);
  const status = await launcher.status();
  const keyspace = `soak_${Date.now().toString(36)}`;
  const cluster = new Cluster({
    contactPoints: status.contactPoints,
    localDataCenter: status.localDataCenter,
    heartbeatIntervalMs: 5000,
    defaultProfile: {
      consistency: Consistency.QUORUM,
      requestTimeoutMs: 12_000,
      speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(500, 2),
    },
    logger: { warn: (m: string) => log(`driver: ${m}`) },
  });
  let interrupted = false;
  let workload: Workload | undefined;
  const onSignal = (): void => {
    interrupted = true;
    workload?.stop();
    log('interrupted: stopping the workload, bringing every node back up…');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    await session.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`,
    );
    await cluster.awaitSchemaAgreement();
    workload = new Workload(session, `${keyspace}.kv`);
    await workload.prepare();
    const memoryAtStart = memory();
    const t0 = performance.now();
    log(`workload: ${args.inFlight} in flight for ${args.minutes} min, keyspace ${keyspace}`);
    const steady = workload.openWindow('steady (before the faults)');
    const running = workload.run(args.inFlight);
    const faults: { label: string; atS: number; tookS: number; failed?: string | undefined }[] = [];
    let previousEnd = t0;
    for (const step of SCHEDULE) {
      const due = Math.max(t0 + step.at * durationMs, previousEnd + step.afterPrevious * durationMs);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (interrupted) break;
      if (steady.to === Infinity) steady.to = performance.now();
      const window = workload.openWindow(step.label);
      const stepStart = performance.now();
      log(`${elapsed(t0)}: ${step.label}…`);
      let failed: string | undefined;
      try {
        await step.act(launcher);
      } catch (error) {
        // The workload goes on (QUORUM survives one node down); the report says what failed.
        failed = error instanceof Error ? error.message : String(error);
        log(`${elapsed(t0)}: ${step.label} FAILED: ${failed}`);
      }
      previousEnd = performance.now();
      const took = previousEnd - stepStart;
      window.to = Math.max(stepStart + FAULT_WINDOW_MS, performance.now() + 10_000);
      faults.push({ label: step.label, atS: (stepStart - t0) / 1000, tookS: took / 1000, failed });
      log(`${elapsed(t0)}: ${step.label} done in ${(took / 1000).toFixed(1)} s`);
    }
    const rest = t0 + durationMs - performance.now();
    if (rest > 0 && !interrupted) {
      const last = workload.windows[workload.windows.length - 1] as LatencyWindow;
      workload.openWindow('after the faults', Math.min(last.to, t0 + durationMs));
      await new Promise((resolve) => setTimeout(resolve, rest));
    }
    workload.stop();
    await running;
    const runMs = performance.now() - t0;
    log(`${elapsed(t0)}: workload stopped; bringing every node up and reading every write back at QUORUM…`);
    await allNodesUp(launcher).catch((error: unknown) =>
      log(`could not bring every node up: ${String(error)}`),
    );
    const readBack = await workload.readBack();
    const memoryAtEnd = memory();
    const counts = workload.counts();

    const lines = [
      '',
      `soak: ${(runMs / 1000).toFixed(0)} s, ${args.inFlight} requests in flight, 3 nodes (RF 3, QUORUM, idempotent, speculative after 500 ms)`,
      `writes: ${counts.writesAcked} acked, ${counts.writesFailed} failed (idempotent), ${readBack.lost} lost (acked but not read back at QUORUM); ${readBack.failedButPresent} failed writes were applied anyway`,
      `reads:  ${counts.reads} answered, ${counts.readsFailed} failed, ${counts.readsMissing} acked rows missing, ${counts.readsWrong} wrong values`,
      `read-back: ${readBack.partitionsRead} partitions at QUORUM in ${(readBack.elapsedMs / 1000).toFixed(1)} s`,
      `throughput: ${((counts.writesAcked + counts.writesFailed + counts.reads + counts.readsFailed) / (runMs / 1000)).toFixed(0)} requests/s`,
      'faults:',
      ...faults.map(
        (f) =>
          `  t=${f.atS.toFixed(0).padStart(4)} s  ${f.label} (the launcher took ${f.tookS.toFixed(1)} s)` +
          (f.failed ? ` FAILED: ${f.failed.split('\n')[0]}` : ''),
      ),
      `latency (ms)                            count      p50      p99      max  errors`,
      ...workload.windows.map((w) => latencyRow(w.label, w.histogram.count, w.histogram.summary(), w.errors)),
      latencyRow(
        'whole run',
        workload.overall.count,
        workload.overall.summary(),
        counts.writesFailed + counts.readsFailed,
      ),
      `client memory: heap ${mib(memoryAtStart.heap)} at start → ${mib(memoryAtEnd.heap)} at end; RSS ${mib(memoryAtStart.rss)} → ${mib(memoryAtEnd.rss)}`,
      ...(counts.errorSamples.length > 0
        ? [
            'most frequent errors:',
            ...counts.errorSamples.map(([m, n]) => `  ${String(n).padStart(7)}  ${m}`),
          ]
        : []),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (readBack.lost > 0 || counts.readsWrong > 0) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    workload?.stop();
    try {
      await allNodesUp(launcher).catch((error: unknown) =>
        log(`could not bring every node up: ${String(error)}`),
      );
      const session = await cluster.connect().catch(() => undefined);
      await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    } finally {
      await cluster.shutdown();
      await removeLease(launcher.clusterDir);
      if (started) {
        log('stopping the cluster the soak started…');
        await launcher.stop();
      }
    }
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
