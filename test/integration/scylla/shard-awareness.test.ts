/**
 * cqlkit on a simulated 1-node ScyllaDB (4 shards) in front of the suite's real node: shard-aware
 * pools (through the shard-aware port, its TLS twin, or the regular port behind a NAT), every
 * token-routed prepared request on the owning shard, LWT routing, tablets learned from payloads,
 * and ScyllaDB's rate-limit error. The simulator's record says where each request arrived.
 */
import { readFileSync } from 'node:fs';

import { Cluster, Consistency, RateLimitReachedError, type PolicyLogger, type Session } from '@cqlkit/driver';
import { Condition, Opcode, type ScyllaSimulator } from '@cqlkit/driver/testing';
import { tlsCaPath, tlsServerPkcs12, uniqueKeyspaceName } from '@cqlkit/testing';

import {
  allShardsCovered,
  eventually,
  runConcurrently,
  simulatedClusterOptions,
  startSimulator,
} from './scylla-fixture';

const SUBNET = 33;
const REQUESTS = 10_000;

function capturingLogger(): PolicyLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message: string) => messages.push(message) };
}

describe('cqlkit on a simulated 1-node ScyllaDB', () => {
  let simulator: ScyllaSimulator;
  let cluster: Cluster;
  let session: Session;
  const keyspace = uniqueKeyspaceName('shards');

  beforeAll(async () => {
    simulator = await startSimulator(SUBNET);
    cluster = new Cluster(simulatedClusterOptions(simulator));
    const admin = await cluster.connect();
    await admin.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await admin.execute(`CREATE TABLE ${keyspace}.kv (k int PRIMARY KEY, v int)`);
    await admin.execute(`CREATE TABLE ${keyspace}.tab (k int PRIMARY KEY, v int)`);
    await simulator.refreshMetadata();
    session = await cluster.connect(keyspace, { waitForAllPools: true });
  });

  afterAll(async () => {
    try {
      await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    } finally {
      await cluster?.shutdown();
      await simulator?.close();
    }
  });

  it('fills a connection on every shard of each session, through the shard-aware port', async () => {
    await eventually(
      () => cluster.getClusterState().hosts[0]?.connectionsPerShard?.every((n) => n === 2) === true,
      'both sessions on every shard',
    );
    const [host] = cluster.getClusterState().hosts;
    expect(host!.shards).toBe(4);
    expect(host!.connectionsPerShard).toEqual([2, 2, 2, 2]); // two sessions
    const node = simulator.nodes[0]!;
    const shardAware = node.connections().filter((c) => c.port === 'shard-aware');
    expect(shardAware.length).toBeGreaterThanOrEqual(3); // the first connection comes through the regular port
    expect(cluster.metrics?.() ?? undefined).toBeUndefined(); // metrics are opt-in
  });

  it(`sends all of ${REQUESTS} token-routed prepared requests to the owning shard`, async () => {
    const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
    simulator.clearRequests();
    await runConcurrently(REQUESTS, 64, (i) => session.execute(insert, [i, i]));
    const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
    expect(records).toHaveLength(REQUESTS);
    const misses = records.filter((r) => !r.onOwner);
    expect(misses).toEqual([]);
    expect(new Set(records.map((r) => r.shard)).size).toBe(4);
  });

  it('routes 1,000 LWT statements to the primary replica first, and reads the LWT mark', async () => {
    const lwt = await session.prepare(`UPDATE ${keyspace}.kv SET v = ? WHERE k = ? IF v = ?`);
    expect(lwt.isLwt).toBe(true);
    expect((await session.prepare(`SELECT v FROM ${keyspace}.kv WHERE k = ?`)).isLwt).toBe(false);
    simulator.clearRequests();
    await runConcurrently(1000, 16, (i) =>
      session.execute(lwt, [i + 1, i % REQUESTS, i % REQUESTS], {
        serialConsistency: Consistency.LOCAL_SERIAL,
      }),
    );
    const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.lwt)).toBe(true);
    expect(records.filter((r) => !r.onPrimary)).toEqual([]);
  });

  it('learns tablets: at most one misroute per tablet, then none; a moved tablet is learned', async () => {
    const tablets = simulator.splitIntoTablets(keyspace, 'tab', { count: 16 });
    const insert = await session.prepare(`INSERT INTO ${keyspace}.tab (k, v) VALUES (?, ?)`);
    simulator.clearRequests();
    for (let k = 0; k < 400; k++) await session.execute(insert, [k, 1]);
    const first = simulator.requests({ keyspace, table: 'tab', kind: 'execute' });
    const missesPerTablet = new Map<bigint, number>();
    for (const r of first.filter((r) => !r.onOwner)) {
      const t = tablets.find((t) => r.token! > t.firstToken && r.token! <= t.lastToken)!;
      missesPerTablet.set(t.lastToken, (missesPerTablet.get(t.lastToken) ?? 0) + 1);
    }
    expect([...missesPerTablet.values()].every((n) => n === 1)).toBe(true);
    expect(first.filter((r) => r.tabletPayload)).toHaveLength(missesPerTablet.size);

    simulator.clearRequests();
    for (let k = 0; k < 400; k++) await session.execute(insert, [k, 2]);
    expect(simulator.requests({ keyspace, table: 'tab' }).filter((r) => !r.onOwner)).toEqual([]);

    // a tablet migration: the first request after it misroutes once, the next ones follow
    const token = simulator.requests({ keyspace, table: 'tab' })[0]!.token!;
    const moved = simulator.moveTablet(keyspace, 'tab', token, [
      { node: 0, shard: (simulator.shardOf(token) + 2) % 4 },
    ]);
    const sameTablet = [...Array(400).keys()].filter((k) => {
      const r = simulator.requests({ keyspace, table: 'tab' })[k]!;
      return r.token! > moved.firstToken && r.token! <= moved.lastToken;
    });
    simulator.clearRequests();
    for (const k of sameTablet) await session.execute(insert, [k, 3]);
    const after = simulator.requests({ keyspace, table: 'tab' });
    expect(after.filter((r) => !r.onOwner).length).toBe(1);
    expect(after[0]!.onOwner).toBe(false);
  });

  it('surfaces a typed rate-limit error and does not retry it', async () => {
    const select = await session.prepare(`SELECT v FROM ${keyspace}.kv WHERE k = ?`);
    simulator.setRateLimit({
      when: Condition.opcode(Opcode.EXECUTE).and(Condition.bodyContains(select.id)),
      opType: 'read',
      rejectedByCoordinator: false,
    });
    try {
      simulator.clearRequests();
      const error = await session.execute(select, [1], { idempotent: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitReachedError);
      const e = error as RateLimitReachedError;
      expect([e.protocolCode, e.code, e.opType, e.rejectedByCoordinator]).toEqual([
        61440,
        'CQLKIT_RATE_LIMIT_REACHED',
        'read',
        false,
      ]);
      expect(simulator.requests({ keyspace, kind: 'execute' }).filter((r) => r.rateLimited)).toHaveLength(1);
    } finally {
      simulator.setRateLimit(undefined);
    }
  });

  it('with shardAwareness: false, keeps connectionsPerHost connections and ignores shards', async () => {
    const plain = new Cluster(
      simulatedClusterOptions(simulator, { shardAwareness: false, connectionsPerHost: 2 }),
    );
    try {
      const session = await plain.connect(keyspace, { waitForAllPools: true });
      const [host] = plain.getClusterState().hosts;
      expect(host!.openConnections).toBe(2);
      expect(host!.shards).toBeUndefined();
      const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
      simulator.clearRequests();
      await runConcurrently(400, 8, (i) => session.execute(insert, [i, i]));
      const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
      expect(records.filter((r) => r.onOwner).length).toBeLessThan(records.length);
    } finally {
      await plain.shutdown();
    }
  });

  it('keeps connectionsPerShard connections on every shard', async () => {
    const wide = new Cluster(simulatedClusterOptions(simulator, { connectionsPerShard: 2 }));
    try {
      await wide.connect(undefined, { waitForAllPools: true });
      await eventually(
        () => wide.getClusterState().hosts[0]?.connectionsPerShard?.every((n) => n === 2) === true,
        'two connections on every shard',
      );
      expect(wide.getClusterState().hosts[0]!.openConnections).toBe(8);
    } finally {
      await wide.shutdown();
    }
  });
});

describe('cqlkit on a simulated ScyllaDB behind a NAT', () => {
  it('falls back to the regular port and still covers every shard', async () => {
    const simulator = await startSimulator(SUBNET + 1, { nat: true });
    const logger = capturingLogger();
    const cluster = new Cluster(simulatedClusterOptions(simulator, { logger }));
    try {
      await cluster.connect(undefined, { waitForAllPools: true });
      await eventually(() => allShardsCovered(cluster), 'a connection on every shard');
      expect(cluster.getClusterState().hosts[0]!.connectionsPerShard).toEqual([1, 1, 1, 1]);
      expect(logger.messages.join('\n')).toMatch(/NAT/);
    } finally {
      await cluster.shutdown();
      await simulator.close();
    }
  });
});

describe('cqlkit on a simulated ScyllaDB over TLS', () => {
  it('opens its shard connections through the TLS shard-aware port', async () => {
    const caPath = tlsCaPath();
    const serverKey = tlsServerPkcs12();
    if (caPath === undefined || serverKey === undefined) {
      throw new Error(
        'this test needs the test TLS material of @cqlkit/testing (CQLKIT_TLS_CA_FILE with server.p12 beside it): ' +
          'run it through the integration project',
      );
    }
    const simulator = await startSimulator(SUBNET + 2, {
      tls: {
        secureContext: { pfx: readFileSync(serverKey.path), passphrase: serverKey.password },
      },
    });
    const cluster = new Cluster(
      simulatedClusterOptions(simulator, {
        contactPoints: simulator.nodes.map((n) => `${n.address}:9142`),
        tls: { ca: readFileSync(caPath), servername: 'localhost' },
      }),
    );
    try {
      await cluster.connect(undefined, { waitForAllPools: true });
      await eventually(() => allShardsCovered(cluster), 'a connection on every shard');
      const connections = simulator.nodes[0]!.connections();
      expect(connections.every((c) => c.tls)).toBe(true);
      expect(connections.filter((c) => c.port === 'shard-aware').length).toBeGreaterThanOrEqual(3);
      expect(simulator.errors).toEqual([]);
    } finally {
      await cluster.shutdown();
      await simulator.close();
    }
  });
});
