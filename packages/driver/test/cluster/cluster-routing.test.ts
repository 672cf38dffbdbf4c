/**
 * Token-aware routing and preparation across hosts, against fake nodes.
 */
import { Cluster } from '../../src/cluster';
import { Opcode } from '../../src/protocol/opcodes';
import { DCAwareRoundRobinPolicy } from '../../src/policies/load-balancing-dc-aware';
import { RoundRobinPolicy } from '../../src/policies/load-balancing-round-robin';
import { CapturedLog, int32, ringOptions, trackClusters } from './cluster-fixture';
import { FakeRing, type FakeNode } from '../fake-cql/fake-ring';

describe('routing', () => {
  let ring: FakeRing;
  const clusters = trackClusters();

  beforeEach(async () => {
    ring = await FakeRing.start(3);
  });

  afterEach(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  function nodeOf(endpoint: string): FakeNode {
    return ring.nodes.find((n) => n.endpoint === endpoint)!;
  }

  it('sends each execution of a prepared statement to the replica of its partition key', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const insert = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    expect(insert.partitionKeyIndexes).toEqual([0]);
    const coordinators = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const rs = await session.execute(insert, [k, `v${k}`]);
      const [replica] = cluster.getReplicas('ks', int32(k));
      expect(rs.coordinator.endpoint).toBe(replica!.endpoint);
      coordinators.add(rs.coordinator.endpoint);
      const executes = nodeOf(replica!.endpoint).requestsOf(Opcode.EXECUTE);
      expect(executes.at(-1)!.values![0]).toEqual(int32(k));
    }
    expect(coordinators.size).toBe(3); // the keys spread over every node
  });

  it('routes an unprepared statement by its routingKey option', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    const session = await cluster.connect('ks', { waitForAllPools: true }); // routes in the session keyspace
    for (let k = 0; k < 20; k++) {
      const rs = await session.execute('UPDATE t SET v = ? WHERE k = ?', ['x', k], {
        routingKey: int32(k),
        hints: ['text', 'int'], // settles the number's type: sent unprepared
      });
      expect(rs.coordinator.endpoint).toBe(cluster.getReplicas('ks', int32(k))[0]!.endpoint);
    }
  });

  it('uses the configured load-balancing policy', async () => {
    const cluster = clusters.add(
      new Cluster(ringOptions(ring, new CapturedLog(), { loadBalancingPolicy: new RoundRobinPolicy() })),
    );
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const insert = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++)
      seen.push((await session.execute(insert, [7, 'same key'])).coordinator.endpoint);
    expect(new Set(seen).size).toBe(3); // round robin ignores the replica
  });

  it('prepares on every host by default, and on one host with prepareOnAllHosts: false', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    expect(ring.nodes.map((n) => n.requestsOf(Opcode.PREPARE).length)).toEqual([1, 1, 1]);

    const single = clusters.add(
      new Cluster(ringOptions(ring, new CapturedLog(), { prepareOnAllHosts: false })),
    );
    const other = await single.connect(undefined, { waitForAllPools: true });
    await other.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    const total = ring.nodes.reduce((n, node) => n + node.requestsOf(Opcode.PREPARE).length, 0);
    expect(total).toBe(4);
  });

  it('sizes pools by distance: remote hosts get connectionsPerHost.remote, ignored ones none', async () => {
    await ring.stop();
    ring = await FakeRing.start(3, (i) => ({ datacenter: i === 0 ? 'dc1' : 'dc2' }));
    const cluster = clusters.add(
      new Cluster(
        ringOptions(ring, new CapturedLog(), {
          loadBalancingPolicy: new DCAwareRoundRobinPolicy({ localDc: 'dc1', usedHostsPerRemoteDc: 1 }),
          connectionsPerHost: { local: 2, remote: 1 },
        }),
      ),
    );
    const session = await cluster.connect(undefined, { waitForAllPools: true });
    const state = cluster.getClusterState();
    const byEndpoint = new Map(state.hosts.map((h) => [h.endpoint, h]));
    expect(byEndpoint.get(ring.nodes[0]!.endpoint)).toMatchObject({ distance: 'local', openConnections: 2 });
    expect(byEndpoint.get(ring.nodes[1]!.endpoint)).toMatchObject({ distance: 'remote', openConnections: 1 });
    expect(byEndpoint.get(ring.nodes[2]!.endpoint)).toMatchObject({
      distance: 'ignored',
      openConnections: 0,
    });
    expect(session.connectionCounts().get(ring.nodes[0]!.endpoint)).toBe(2);
  });
});
