/**
 * Host failures against fake nodes: conviction on pool failure, the control connection moving to
 * another node, reconnection on the reconnection policy's schedule, re-preparation on up.
 */
import { Cluster } from '../../src/cluster';
import { NoHostAvailableError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { CapturedLog, eventually, ringOptions, stopAndAwaitDown, useFakeRing } from './cluster-fixture';

describe('failover', () => {
  const fake = useFakeRing(3, { perTest: true });
  const clusters = fake.clusters;

  it('marks a crashed node down, moves the control connection, and keeps serving requests', async () => {
    const downs: string[] = [];
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    cluster.addHostStateListener({ onDown: (h) => downs.push(h.endpoint) });
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const crashed = fake.ring.nodes[0]!;
    expect(cluster.getClusterState().controlHost?.endpoint).toBe(crashed.endpoint);
    await crashed.stop();
    await eventually(() => downs.includes(crashed.endpoint), 2000, 'the node marked down');
    await eventually(
      () => {
        const control = cluster.getClusterState().controlHost;
        return control !== undefined && control.endpoint !== crashed.endpoint;
      },
      2000,
      'the control connection on another node',
    );
    const insert = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    for (let k = 0; k < 30; k++) {
      const rs = await session.execute(insert, [k, 'v']);
      expect(rs.coordinator.endpoint).not.toBe(crashed.endpoint);
    }
    const other = fake.ring.nodes[1]!;
    expect(
      other.requestsOf(Opcode.REGISTER).length + fake.ring.nodes[2]!.requestsOf(Opcode.REGISTER).length,
    ).toBe(1);
  });

  it('replaces a stalled connection: requests move to a healthy one within about two heartbeat intervals', async () => {
    const heartbeatIntervalMs = 300;
    const cluster = clusters.add(
      new Cluster(
        ringOptions(fake.ring, new CapturedLog(), {
          heartbeatIntervalMs,
          defaultProfile: { requestTimeoutMs: 250 },
        }),
      ),
    );
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const insert = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    const stalled = fake.ring.nodes[2]!;
    // The node's connections trickle bytes from now on: every byte used to reset the heartbeat,
    // so the connection lived on (until 1,024 orphaned streams) and its requests kept timing out.
    stalled.stallOpenConnections();
    const stalledAt = Date.now();
    let lastFailure = 0;
    let failures = 0;
    let servedByStalledNode = 0;
    // Probe timeout (heartbeatTimeoutMs, 5 s by default) included.
    const bound = 2 * heartbeatIntervalMs + 5000 + 1500;
    while (Date.now() - stalledAt < bound + 1500) {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, k) => session.execute(insert, [k, 'v'])),
      );
      for (const r of results) {
        if (r.status === 'rejected') {
          failures++;
          lastFailure = Date.now();
        } else if (r.value.coordinator.endpoint === stalled.endpoint) {
          servedByStalledNode++;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(failures).toBeGreaterThan(0); // the stall was felt
    expect(lastFailure - stalledAt).toBeLessThan(bound);
    expect(servedByStalledNode).toBeGreaterThan(0); // by a new connection to the same node
  });

  it('brings a restarted node back up, refills its pool and prepares the statements again', async () => {
    const ups: string[] = [];
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    cluster.addHostStateListener({ onUp: (h) => ups.push(h.endpoint) });
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    const node = fake.ring.nodes[2]!;
    await stopAndAwaitDown(cluster, node);
    const preparesBefore = node.requestsOf(Opcode.PREPARE).length;
    const started = Date.now();
    await node.start();
    await eventually(() => ups.includes(node.endpoint), 3000, 'the node marked up');
    await eventually(() => node.connectionCount > 0, 3000, 'the pool refilled');
    expect(Date.now() - started).toBeLessThan(2000); // ConstantReconnectionPolicy(100)
    await eventually(() => node.requestsOf(Opcode.PREPARE).length > preparesBefore, 2000, 're-prepared');
    expect(node.requestsOf(Opcode.PREPARE).at(-1)!.cql).toBe('INSERT INTO ks.t (k, v) VALUES (?, ?)');
  });

  it('does not re-prepare with reprepareOnUp: false', async () => {
    const cluster = clusters.add(
      new Cluster(ringOptions(fake.ring, new CapturedLog(), { reprepareOnUp: false })),
    );
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    const node = fake.ring.nodes[2]!;
    await stopAndAwaitDown(cluster, node);
    const preparesBefore = node.requestsOf(Opcode.PREPARE).length;
    await node.start();
    await eventually(() => node.connectionCount > 0, 3000, 'the pool refilled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(node.requestsOf(Opcode.PREPARE).length).toBe(preparesBefore);
  });

  it('fails requests with NoHostAvailableError while every node is down, then recovers', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    await fake.ring.stop();
    await eventually(() => cluster.hosts().every((h) => !h.isUp), 3000, 'every node down');
    await expect(session.execute('SELECT * FROM ks.t')).rejects.toBeInstanceOf(NoHostAvailableError);
    await fake.ring.nodes[1]!.start();
    await eventually(
      () => cluster.getClusterState().controlHost?.endpoint === fake.ring.nodes[1]!.endpoint,
      3000,
      'control back',
    );
    await eventually(
      () => cluster.hosts().find((h) => h.endpoint === fake.ring.nodes[1]!.endpoint)!.isUp,
      3000,
      'up',
    );
    // The session's pool reopens on its own schedule: requests succeed once it has a connection.
    await eventually(
      () => (session.connectionCounts().get(fake.ring.nodes[1]!.endpoint) ?? 0) > 0,
      3000,
      'pool refilled',
    );
    await expect(session.execute('SELECT * FROM ks.t')).resolves.toBeDefined();
  });
});
