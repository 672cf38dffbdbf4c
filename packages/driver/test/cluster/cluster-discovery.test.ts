/**
 * Node discovery through the control connection, against fake nodes: one contact point finds
 * every node with its data center, rack, tokens and version; the token map follows; the peers
 * table falls back to system.peers; shutdown leaves nothing running.
 */
import { Cluster } from '../../src/cluster';
import { Opcode } from '../../src/protocol/opcodes';
import { murmur3Token } from '../../src/routing/murmur3';
import { CapturedLog, int32, ringOptions, trackClusters } from './cluster-fixture';
import { trackDriverHandles } from '../driver-handles';
import { FakeRing } from '../fake-cql/fake-ring';

describe('node discovery', () => {
  let ring: FakeRing;
  const clusters = trackClusters();

  afterEach(async () => {
    await clusters.shutdownAll();
    await ring?.stop();
  });

  it('discovers every node from one contact point, with DC, rack, tokens and version', async () => {
    ring = await FakeRing.start(3);
    const log = new CapturedLog();
    const cluster = clusters.add(new Cluster(ringOptions(ring, log)));
    await cluster.connect(undefined, { waitForAllPools: true });
    const hosts = cluster.hosts();
    expect(hosts.map((h) => h.endpoint).sort()).toEqual(ring.nodes.map((n) => n.endpoint).sort());
    for (const node of ring.nodes) {
      const host = hosts.find((h) => h.endpoint === node.endpoint)!;
      expect(host).toMatchObject({
        datacenter: 'dc1',
        rack: node.info.rack,
        hostId: node.info.hostId,
        releaseVersion: '5.0.9',
        tokens: node.info.tokens,
        isUp: true,
      });
    }
    const state = cluster.getClusterState();
    expect(state.partitioner).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(state.tokenMap.tokenCount).toBe(3);
    expect(state.controlHost?.endpoint).toBe(ring.nodes[0]!.endpoint);
    expect(state.protocolVersion).toBe(4);
    expect(state.hosts.every((h) => h.distance === 'local' && h.openConnections === 1)).toBe(true);
    expect(log.warnings).toEqual([]);
  });

  it('registers for topology, status and schema events on the control connection only', async () => {
    ring = await FakeRing.start(2);
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    await cluster.connect();
    expect(ring.nodes[0]!.requestsOf(Opcode.REGISTER)).toHaveLength(1);
    expect(ring.nodes[1]!.requestsOf(Opcode.REGISTER)).toHaveLength(0);
  });

  it('builds the token map from the tokens and the keyspaces’ replication', async () => {
    ring = await FakeRing.start(3);
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    await cluster.connect();
    const tokens = ring.nodes.map((n) => BigInt(n.info.tokens[0]!));
    for (let k = 0; k < 50; k++) {
      const token = murmur3Token(int32(k));
      // The owner is the node with the first token ≥ the key's token (wrapping around).
      const owner = tokens.findIndex((t) => t >= token);
      const expected = ring.nodes[owner === -1 ? 0 : owner]!.endpoint;
      expect(cluster.getReplicas('ks', int32(k)).map((h) => h.endpoint)).toEqual([expected]);
    }
    expect(cluster.getReplicas('system', int32(1))).toEqual([]); // LocalStrategy
    expect(cluster.getReplicas('unknown', int32(1))).toEqual([]);
  });

  it('falls back to system.peers when system.peers_v2 does not exist', async () => {
    ring = await FakeRing.start(1);
    ring.peersV2 = false;
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    await cluster.connect();
    const node = ring.nodes[0]!;
    expect(node.requestsOf(Opcode.QUERY, /system\.peers_v2/)).toHaveLength(1);
    expect(node.requestsOf(Opcode.QUERY, /FROM system\.peers$/)).toHaveLength(1);
    await cluster.refreshNodes();
    expect(node.requestsOf(Opcode.QUERY, /system\.peers_v2/)).toHaveLength(1); // remembered
    expect(cluster.hosts()).toHaveLength(1);
  });

  it('tries the next contact point when the first does not answer', async () => {
    ring = await FakeRing.start(2);
    await ring.nodes[0]!.stop();
    const log = new CapturedLog();
    const cluster = clusters.add(
      new Cluster(
        ringOptions(ring, log, { contactPoints: [ring.nodes[0]!.endpoint, ring.nodes[1]!.endpoint] }),
      ),
    );
    await cluster.connect();
    expect(cluster.getClusterState().controlHost?.endpoint).toBe(ring.nodes[1]!.endpoint);
    const first = cluster.hosts().find((h) => h.endpoint === ring.nodes[0]!.endpoint)!;
    expect(first.isUp).toBe(false); // down, and reconnecting in the background
  });

  it('fails with NoHostAvailableError naming each contact point when none answers', async () => {
    ring = await FakeRing.start(1);
    await ring.nodes[0]!.stop();
    const cluster = clusters.add(new Cluster(ringOptions(ring, new CapturedLog())));
    await expect(cluster.connect()).rejects.toMatchObject({
      name: 'NoHostAvailableError',
      message: expect.stringContaining(ring.nodes[0]!.endpoint),
    });
    // A later connect() tries again.
    await ring.nodes[0]!.start();
    await expect(cluster.connect()).resolves.toBeDefined();
  });

  it('leaves no socket or timer behind after shutdown()', async () => {
    ring = await FakeRing.start(3);
    // Only the driver's own handles: the test runner's timers come and go meanwhile.
    const handles = trackDriverHandles();
    try {
      const cluster = new Cluster(ringOptions(ring, new CapturedLog()));
      const session = await cluster.connect();
      await session.execute('SELECT * FROM ks.t');
      expect(handles.live().some((h) => h.startsWith('TCPWRAP'))).toBe(true);
      await cluster.shutdown();
      // Nothing the driver created is left, without the nodes having to close anything.
      expect(ring.nodes.every((n) => n.running)).toBe(true);
      expect(await handles.settled()).toEqual([]);
    } finally {
      handles.stop();
    }
    await ring.stop();
  });
});
