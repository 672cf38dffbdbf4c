/**
 * Clusters over fake rings for the cluster-awareness tests.
 */
import { Cluster } from '../../src/cluster';
import type { ClusterOptions } from '../../src/options';
import { ConstantReconnectionPolicy } from '../../src/policies/reconnection';
import { FakeRing, type FakeNode, type FakeNodeInfo } from '../fake-cql/fake-ring';

/** Warnings the cluster logged. */
export class CapturedLog {
  readonly warnings: string[] = [];
  readonly logger = { warn: (message: string) => void this.warnings.push(message) };
}

/** Options for a Cluster on `ring` (contact point: its first node), fast windows, protocol v4. */
export function ringOptions(
  ring: FakeRing,
  log: CapturedLog,
  extra: Partial<ClusterOptions> = {},
): ClusterOptions {
  return {
    contactPoints: [ring.nodes[0]!.endpoint],
    localDataCenter: 'dc1',
    protocolVersion: 4,
    compression: false,
    heartbeatIntervalMs: 0,
    schemaEventRefreshWindowMs: 0,
    topologyEventRefreshWindowMs: 0,
    statusEventRefreshWindowMs: 0,
    reconnectionPolicy: new ConstantReconnectionPolicy(100),
    logger: log.logger,
    ...extra,
  };
}

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stops `node` (a crash) and waits until `cluster` marks its host down. */
export async function stopAndAwaitDown(cluster: Cluster, node: FakeNode): Promise<void> {
  await node.stop();
  await eventually(
    () => cluster.hosts().find((h) => h.endpoint === node.endpoint)?.isUp === false,
    2000,
    `${node.endpoint} marked down`,
  );
}

/** A cluster to shut down after the test. */
export function trackClusters(): { add(cluster: Cluster): Cluster; shutdownAll(): Promise<void> } {
  const clusters: Cluster[] = [];
  return {
    add: (cluster) => {
      clusters.push(cluster);
      return cluster;
    },
    shutdownAll: async () => {
      await Promise.all(clusters.splice(0).map((c) => c.shutdown()));
    },
  };
}

/** What {@link useFakeRing} gives a describe block. */
export interface FakeRingFixture {
  /** The ring of the running test (a new one per test with `perTest`). */
  readonly ring: FakeRing;
  /** Clusters the test creates: shut down before the ring stops. */
  readonly clusters: ReturnType<typeof trackClusters>;
}

/**
 * A fake ring of `count` nodes for the enclosing describe block: started before all its tests (or
 * before each with `perTest`), and after them the tracked clusters shut down, then the ring stops.
 */
export function useFakeRing(
  count: number,
  options: { perTest?: boolean; info?: (i: number) => Partial<FakeNodeInfo> } = {},
): FakeRingFixture {
  let current: FakeRing | undefined;
  const clusters = trackClusters();
  const [before, after] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await FakeRing.start(count, options.info);
  });
  after(async () => {
    await clusters.shutdownAll();
    await current?.stop();
  });
  return {
    get ring(): FakeRing {
      if (!current) throw new Error('the fake ring is not started (use it inside a test)');
      return current;
    },
    clusters,
  };
}

/** A 4-byte big-endian int (the serialized form of a CQL int). */
export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
