/**
 * cqlkit on a simulated 3-node ScyllaDB (4 shards per node) in front of the 3 real nodes: every
 * shard of every host gets a connection, token-routed prepared requests land on an owning shard
 * at RF 1 and RF 3, LWTs reach the primary replica first, and tablets spread over the nodes are
 * learned after at most one misroute each. The simulator's record says where each request arrived.
 */
import { Cluster, Consistency, type Session } from '@cqlkit/driver';
import type { ScyllaSimulator } from '@cqlkit/driver/testing';
import { uniqueKeyspaceName } from '@cqlkit/testing';

import {
  allShardsCovered,
  eventually,
  runConcurrently,
  simulatedClusterOptions,
  startSimulator,
} from '../scylla/scylla-fixture';

const SUBNET = 41;
const REQUESTS = 10_000;

export function scyllaSuite(): void {
  describe('a simulated 3-node ScyllaDB', () => {
    let simulator: ScyllaSimulator;
    let cluster: Cluster;
    let session: Session;
    const keyspace1 = uniqueKeyspaceName('scylla_rf1');
    const keyspace3 = uniqueKeyspaceName('scylla_rf3');

    beforeAll(async () => {
      simulator = await startSimulator(SUBNET);
      cluster = new Cluster(simulatedClusterOptions(simulator, { logger: { warn: () => undefined } }));
      session = await cluster.connect(undefined, { waitForAllPools: true });
      for (const [keyspace, rf] of [
        [keyspace1, 1],
        [keyspace3, 3],
      ] as const) {
        await session.execute(
          `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${rf}}`,
        );
        await session.execute(`CREATE TABLE ${keyspace}.kv (k int PRIMARY KEY, v int)`);
      }
      await session.execute(`CREATE TABLE ${keyspace3}.tab (k int PRIMARY KEY, v int)`);
      await simulator.refreshMetadata();
    });

    afterAll(async () => {
      try {
        for (const keyspace of [keyspace1, keyspace3])
          await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster?.shutdown();
        await simulator?.close();
      }
    });

    it('has a connection on every shard of every host', async () => {
      await eventually(() => allShardsCovered(cluster), 'a connection on every shard of every host');
      const hosts = cluster.getClusterState().hosts;
      expect(hosts.map((h) => h.endpoint).sort()).toEqual(simulator.contactPoints().sort());
      for (const host of hosts) expect(host.connectionsPerShard).toEqual([1, 1, 1, 1]);
    });

    it.each([
      ['RF 1', () => keyspace1],
      ['RF 3', () => keyspace3],
    ])(`sends all of ${REQUESTS} token-routed prepared requests to an owning shard (%s)`, async (_rf, ks) => {
      const keyspace = ks();
      const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
      simulator.clearRequests();
      await runConcurrently(REQUESTS, 64, (i) =>
        session.execute(insert, [i, i], { consistency: Consistency.ONE }),
      );
      const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
      expect(records).toHaveLength(REQUESTS);
      expect(records.filter((r) => !r.onOwner)).toEqual([]);
      expect(new Set(records.map((r) => `${r.node}/${r.shard}`)).size).toBe(12);
    });

    it('sends 1,000 LWT statements to the primary replica first (RF 3)', async () => {
      const lwt = await session.prepare(`UPDATE ${keyspace3}.kv SET v = ? WHERE k = ? IF v = ?`);
      expect(lwt.isLwt).toBe(true);
      simulator.clearRequests();
      await runConcurrently(1000, 16, (i) =>
        session.execute(lwt, [i + 1, i, i], { serialConsistency: Consistency.LOCAL_SERIAL }),
      );
      const records = simulator.requests({ keyspace: keyspace3, table: 'kv', kind: 'execute' });
      expect(records).toHaveLength(1000);
      expect(records.filter((r) => !r.onPrimary)).toEqual([]);
    });

    it('learns tablets spread over the nodes: at most one misroute per tablet, then none', async () => {
      const tablets = simulator.splitIntoTablets(keyspace3, 'tab', { count: 12, replicationFactor: 3 });
      const insert = await session.prepare(`INSERT INTO ${keyspace3}.tab (k, v) VALUES (?, ?)`);
      simulator.clearRequests();
      for (let k = 0; k < 600; k++) await session.execute(insert, [k, 1], { consistency: Consistency.ONE });
      const first = simulator.requests({ keyspace: keyspace3, table: 'tab', kind: 'execute' });
      const misses = new Map<bigint, number>();
      for (const r of first.filter((r) => !r.onOwner)) {
        const t = tablets.find((t) => r.token! > t.firstToken && r.token! <= t.lastToken)!;
        misses.set(t.lastToken, (misses.get(t.lastToken) ?? 0) + 1);
      }
      expect([...misses.values()].every((n) => n === 1)).toBe(true);
      simulator.clearRequests();
      for (let k = 0; k < 600; k++) await session.execute(insert, [k, 2], { consistency: Consistency.ONE });
      expect(simulator.requests({ keyspace: keyspace3, table: 'tab' }).filter((r) => !r.onOwner)).toEqual([]);
    });
  });
}
