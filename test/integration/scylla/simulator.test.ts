/**
 * The simulated ScyllaDB cluster (@cqlkit/driver/testing) in front of the suite's real node,
 * seen through raw connections and a cqlkit cluster: ScyllaDB's handshake (SUPPORTED entries,
 * v5 refused, extensions hidden from the real node), shards by port, system tables pointing at
 * the simulator, the LWT mark, tablets and rate limits, and the request record.
 */
import { Cluster, Consistency, RateLimitReachedError, ConfigurationError } from '@cqlkit/driver';
import { Condition, Opcode, ScyllaSimulator } from '@cqlkit/driver/testing';
import { uniqueKeyspaceName } from '@cqlkit/testing';

import { Connection } from '../../../packages/driver/src/connection';
import { OptionsRequest } from '../../../packages/driver/src/protocol/handshake';
import { expectResponse } from '../../../packages/driver/src/protocol/messages';
import { realConnectionOptions, simulatedClusterOptions, startSimulator } from './scylla-fixture';

const SUBNET = 31;

describe('the simulated ScyllaDB cluster', () => {
  let simulator: ScyllaSimulator;

  beforeAll(async () => {
    simulator = await startSimulator(SUBNET);
  });

  afterAll(async () => {
    await simulator?.close();
  });

  it('announces ScyllaDB in SUPPORTED, with the shard of the connection', async () => {
    const connection = await Connection.open(`127.0.${SUBNET}.1`, 9042, realConnectionOptions());
    try {
      expect(connection.protocolVersion).toBe(4); // v5 refused as ScyllaDB does
      const supported = expectResponse(
        await connection.send(new OptionsRequest()),
        'supported',
        'sim',
        'OPTIONS',
      ).options;
      expect(supported['SCYLLA_NR_SHARDS']).toEqual(['4']);
      expect(supported['SCYLLA_SHARDING_IGNORE_MSB']).toEqual(['12']);
      expect(supported['SCYLLA_SHARD_AWARE_PORT']).toEqual(['19042']);
      expect(supported['SCYLLA_LWT_ADD_METADATA_MARK']).toEqual([
        'LWT_OPTIMIZATION_META_BIT_MASK=2147483648',
      ]);
      expect(supported['SCYLLA_RATE_LIMIT_ERROR']).toEqual(['ERROR_CODE=61440']);
      expect(supported['TABLETS_ROUTING_V1']).toEqual([]);
      expect(supported['PROTOCOL_VERSIONS']).toBeUndefined();
      const shard = Number(supported['SCYLLA_SHARD']![0]);
      expect(simulator.nodes[0]!.connections().map((c) => c.shard)).toContain(shard);
    } finally {
      await connection.close();
    }
  });

  it('serves a cqlkit cluster whose hosts are the simulated nodes', async () => {
    const cluster = new Cluster(simulatedClusterOptions(simulator));
    try {
      const session = await cluster.connect();
      expect(cluster.hosts().map((h) => h.endpoint)).toEqual(simulator.contactPoints());
      const rs = await session.execute("SELECT rpc_address FROM system.local WHERE key = 'local'");
      expect(String(rs.first()?.['rpc_address'])).toBe(`127.0.${SUBNET}.1`);
      await expect(session.execute('SELECT * FROM system.peers_v2')).rejects.toThrow(/peers_v2/);
    } finally {
      await cluster.shutdown();
    }
  });

  it('records prepared requests with their token, owners and arrival shard', async () => {
    const cluster = new Cluster(simulatedClusterOptions(simulator));
    const keyspace = uniqueKeyspaceName('sim');
    try {
      const session = await cluster.connect();
      await session.execute(
        `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
      );
      await session.execute(`CREATE TABLE ${keyspace}.kv (k int PRIMARY KEY, v int)`);
      await simulator.refreshMetadata();
      simulator.clearRequests();
      const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
      for (let k = 0; k < 20; k++) await session.execute(insert, [k, k]);
      const records = simulator.requests({ keyspace, table: 'kv', routed: true });
      expect(records).toHaveLength(20);
      for (const r of records) {
        expect(r.owners).toEqual([{ node: 0, shard: simulator.shardOf(r.token!) }]);
        expect(r.onOwner).toBe(r.shard === simulator.shardOf(r.token!));
      }
      // the LWT mark: conditional statements are recorded as LWT
      const lwt = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?) IF NOT EXISTS`);
      await session.execute(lwt, [100, 1], { serialConsistency: Consistency.LOCAL_SERIAL });
      expect(simulator.requests({ keyspace }).at(-1)?.lwt).toBe(true);
      expect(records.every((r) => !r.lwt)).toBe(true);
    } finally {
      await cluster.shutdown();
    }
  });

  it('answers scylla_keyspaces with the keyspaces that use tablets', async () => {
    const cluster = new Cluster(simulatedClusterOptions(simulator));
    try {
      const session = await cluster.connect();
      simulator.splitIntoTablets('tabletks', 't', { count: 4 });
      const rs = await session.execute(
        'SELECT keyspace_name, initial_tablets FROM system_schema.scylla_keyspaces',
      );
      expect(rs.rows.map((r) => [r['keyspace_name'], r['initial_tablets']])).toEqual([['tabletks', 4]]);
    } finally {
      await cluster.shutdown();
    }
  });

  it('rejects with the rate-limit error on demand (a ConfigurationError without the extension)', async () => {
    const cluster = new Cluster(simulatedClusterOptions(simulator));
    try {
      const session = await cluster.connect();
      simulator.setRateLimit({
        when: Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('rate_limited_marker')),
      });
      // cqlkit does not accept SCYLLA_RATE_LIMIT_ERROR yet: the fallback error
      const error = await session
        .execute("SELECT * FROM system.local WHERE key = 'rate_limited_marker'")
        .catch((e: unknown) => e);
      expect(error instanceof RateLimitReachedError || error instanceof ConfigurationError).toBe(true);
      expect(simulator.requests().at(-1)?.rateLimited).toBe(true);
    } finally {
      simulator.setRateLimit(undefined);
      await cluster.shutdown();
    }
  });
});
