/**
 * Token-aware routing on 3 nodes: the coordinator of a prepared statement is a replica of its
 * partition, for simple and composite partition keys; the driver's tokens match the server's.
 */
import { composeRoutingKey, Consistency, murmur3Token } from '@cqlkit/driver';

import { int32, openKeyspace } from './three-node-cluster';

const KEYS = 200;

export function routingSuite(): void {
  describe('token-aware routing', () => {
    let rf1: Awaited<ReturnType<typeof openKeyspace>>;

    beforeAll(async () => {
      rf1 = await openKeyspace('route1', 1);
      await rf1.session.execute(`CREATE TABLE ${rf1.keyspace}.kv (k int PRIMARY KEY, v text)`);
      await rf1.session.execute(
        `CREATE TABLE ${rf1.keyspace}.composite (tenant text, id int, v text, PRIMARY KEY ((tenant, id)))`,
      );
    });

    afterAll(async () => {
      await rf1?.close();
    });

    it('sends each prepared statement to the replica of its key (RF 1)', async () => {
      const { session, cluster, keyspace } = rf1;
      const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
      const select = await session.prepare(`SELECT v FROM ${keyspace}.kv WHERE k = ?`);
      const coordinators = new Map<string, number>();
      for (let k = 0; k < KEYS; k++) {
        const [replica, ...others] = cluster.getReplicas(keyspace, int32(k));
        expect(others).toEqual([]);
        const write = await session.execute(insert, [k, `v${k}`], { consistency: Consistency.ONE });
        expect(write.coordinator.endpoint).toBe(replica!.endpoint);
        const read = await session.execute(select, [k], { consistency: Consistency.ONE });
        expect(read.coordinator.endpoint).toBe(replica!.endpoint);
        coordinators.set(replica!.endpoint, (coordinators.get(replica!.endpoint) ?? 0) + 1);
      }
      expect(coordinators.size).toBe(3);
    });

    it('hashes keys to the tokens the server computes', async () => {
      const { session, keyspace } = rf1;
      const rs = await session.execute<{ k: number; t: { toString(): string } }>(
        `SELECT k, token(k) AS t FROM ${keyspace}.kv`,
        [],
        { paging: false },
      );
      expect(rs.rows).toHaveLength(KEYS);
      for (const row of rs.rows) expect(murmur3Token(int32(row.k)).toString()).toBe(row.t.toString());
    });

    it('routes composite partition keys', async () => {
      const { session, cluster, keyspace } = rf1;
      const insert = await session.prepare(
        `INSERT INTO ${keyspace}.composite (tenant, id, v) VALUES (?, ?, ?)`,
      );
      expect(insert.partitionKeyIndexes).toEqual([0, 1]);
      for (let i = 0; i < 50; i++) {
        const tenant = `tenant-${i % 7}`;
        const rs = await session.execute(insert, [tenant, i, 'x']);
        const key = composeRoutingKey([Buffer.from(tenant), int32(i)]);
        expect(rs.coordinator.endpoint).toBe(cluster.getReplicas(keyspace, key)[0]!.endpoint);
      }
    });

    it('routes unprepared statements by their routingKey option', async () => {
      const { session, cluster, keyspace } = rf1;
      await session.useKeyspace(keyspace);
      for (let k = 0; k < 30; k++) {
        const rs = await session.execute('SELECT v FROM kv WHERE k = ?', [k], {
          hints: ['int'],
          routingKey: int32(k),
        });
        expect(rs.coordinator.endpoint).toBe(cluster.getReplicas(keyspace, int32(k))[0]!.endpoint);
      }
    });

    it('picks a replica with RF 3 too', async () => {
      const rf3 = await openKeyspace('route3', 3);
      try {
        await rf3.session.execute(`CREATE TABLE ${rf3.keyspace}.kv (k int PRIMARY KEY, v text)`);
        const insert = await rf3.session.prepare(`INSERT INTO ${rf3.keyspace}.kv (k, v) VALUES (?, ?)`);
        for (let k = 0; k < 50; k++) {
          const replicas = rf3.cluster.getReplicas(rf3.keyspace, int32(k)).map((h) => h.endpoint);
          expect(replicas).toHaveLength(3);
          const rs = await rf3.session.execute(insert, [k, 'v'], { consistency: Consistency.QUORUM });
          expect(replicas).toContain(rs.coordinator.endpoint);
        }
      } finally {
        await rf3.close();
      }
    });
  });
}
