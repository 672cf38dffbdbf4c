/**
 * ScyllaDB's `SCYLLA_USE_METADATA_ID` (result metadata ids on protocol v4), through the simulated
 * cluster: the driver accepts it, prepared statements carry an id and EXECUTE sends it back, and
 * after `ALTER TABLE … ADD` a prepared `SELECT *` returns the new column (Metadata_changed, no
 * re-prepare by hand). Against plain Apache Cassandra on v4 nothing changes.
 */
import { Cluster, type Session } from '@cqlkit/driver';
import { ScyllaSimulator } from '@cqlkit/driver/testing';
import { localDataCenter, uniqueKeyspaceName, credentials } from '@cqlkit/testing';

import { Connection } from '../../../packages/driver/src/connection';
import { Consistency } from '../../../packages/driver/src/consistency';
import {
  ExecuteMessage,
  expectResponse,
  PrepareMessage,
  type PreparedResult,
} from '../../../packages/driver/src/protocol/messages';
import { realConnectionOptions, realNodes, simulatedClusterOptions, startSimulator } from './scylla-fixture';

const SUBNET = 37;

async function prepareRaw(connection: Connection, query: string): Promise<PreparedResult> {
  const frame = await connection.send(new PrepareMessage(query));
  const { result } = expectResponse(frame, 'result', 'node', 'PREPARE', connection.resultMetadataIds);
  if (result.kind !== 'prepared') throw new Error(`PREPARE answered ${result.kind}`);
  return result;
}

describe('result metadata ids on v4 (SCYLLA_USE_METADATA_ID)', () => {
  let simulator: ScyllaSimulator;
  let cluster: Cluster;
  let session: Session;
  const keyspace = uniqueKeyspaceName('mdid');

  beforeAll(async () => {
    simulator = await startSimulator(SUBNET);
    cluster = new Cluster(simulatedClusterOptions(simulator));
    session = await cluster.connect();
    await session.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await simulator.refreshMetadata();
  });

  afterAll(async () => {
    await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await cluster?.shutdown();
    await simulator?.close();
  });

  it('is offered by the simulator and accepted by the driver on v4', async () => {
    const connection = await Connection.open(`127.0.${SUBNET}.1`, 9042, realConnectionOptions());
    try {
      expect(connection.protocolVersion).toBe(4);
      expect(connection.scyllaExtensions?.useMetadataId).toBe(true);
      expect(connection.resultMetadataIds).toBe(true);
      const prepared = await prepareRaw(connection, "SELECT key FROM system.local WHERE key = 'local'");
      expect(prepared.resultMetadataId).toHaveLength(16);
    } finally {
      await connection.close();
    }
    const connections = simulator.nodes[0]!.connections();
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.every((c) => c.metadataIds)).toBe(true); // the cqlkit session's too
  });

  it('runs prepared statements with the id (no Metadata_changed while the columns stay)', async () => {
    await session.execute(`CREATE TABLE ${keyspace}.kv (k int PRIMARY KEY, v text)`);
    const insert = await session.prepare(`INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`);
    const select = await session.prepare(`SELECT k, v FROM ${keyspace}.kv WHERE k = ?`);
    expect(select.resultMetadataId).toHaveLength(16);
    for (let k = 0; k < 5; k++) await session.execute(insert, [k, `v${k}`]);
    simulator.clearRequests();
    for (let k = 0; k < 5; k++) {
      const rs = await session.execute(select, [k]);
      expect(rs.rows.map((r) => [r['k'], r['v']])).toEqual([[k, `v${k}`]]);
    }
    const executes = simulator.requests({ keyspace, table: 'kv' });
    expect(executes).toHaveLength(5);
    expect(executes.every((r) => r.kind === 'execute' && !r.metadataChanged)).toBe(true);
  });

  it('returns a column added by ALTER TABLE to a prepared SELECT * (Metadata_changed)', async () => {
    await session.execute(`CREATE TABLE ${keyspace}.wide (k int PRIMARY KEY, v text)`);
    await session.execute(`INSERT INTO ${keyspace}.wide (k, v) VALUES (1, 'one')`);
    const query = `SELECT * FROM ${keyspace}.wide WHERE k = ?`;
    const select = await session.prepare(query);
    const before = select.resultMetadataId;
    expect((await session.execute(select, [1])).first()).toEqual({ k: 1, v: 'one' });

    await session.execute(`ALTER TABLE ${keyspace}.wide ADD w int`);
    await session.execute(`UPDATE ${keyspace}.wide SET w = 7 WHERE k = 1`);
    // Another client prepares the statement again on the node, so the node keeps it prepared
    // and answers the driver's EXECUTE (with the old metadata id) with the new columns.
    const real = realNodes()[0]!;
    const other = await Connection.open(real.host, real.port, {
      ...realConnectionOptions(),
      protocolVersion: 4,
    });
    try {
      await prepareRaw(other, query);
    } finally {
      await other.close();
    }
    simulator.clearRequests();
    expect((await session.execute(select, [1])).first()).toEqual({ k: 1, v: 'one', w: 7 });
    expect(simulator.requests({ keyspace, table: 'wide' }).map((r) => r.metadataChanged)).toEqual([true]);
    expect(select.resultMetadataId).toHaveLength(16);
    expect(select.resultMetadataId).not.toEqual(before);
    expect(select.resultColumns.map((c) => c.name)).toEqual(['k', 'v', 'w']);

    // The new id is current: the next EXECUTE gets the rows without metadata, and no change.
    simulator.clearRequests();
    expect((await session.execute(select, [1])).first()).toEqual({ k: 1, v: 'one', w: 7 });
    expect(simulator.requests({ keyspace, table: 'wide' }).map((r) => r.metadataChanged)).toEqual([false]);
  });

  it('follows ALTER TABLE … ADD without any help (whichever way the node answers)', async () => {
    await session.execute(`CREATE TABLE ${keyspace}.grow (k int PRIMARY KEY, v text)`);
    await session.execute(`INSERT INTO ${keyspace}.grow (k, v) VALUES (1, 'one')`);
    const select = await session.prepare(`SELECT * FROM ${keyspace}.grow WHERE k = ?`);
    expect((await session.execute(select, [1])).first()).toEqual({ k: 1, v: 'one' });
    await session.execute(`ALTER TABLE ${keyspace}.grow ADD w int`);
    await session.execute(`UPDATE ${keyspace}.grow SET w = 9 WHERE k = 1`);
    expect((await session.execute(select, [1])).first()).toEqual({ k: 1, v: 'one', w: 9 });
    expect(select.resultColumns.map((c) => c.name)).toEqual(['k', 'v', 'w']);
  });

  it('changes nothing against plain Apache Cassandra on v4', async () => {
    const real = realNodes()[0]!;
    const connection = await Connection.open(real.host, real.port, {
      ...realConnectionOptions(),
      protocolVersion: 4,
    });
    try {
      expect(connection.scyllaExtensions).toBeUndefined();
      expect(connection.resultMetadataIds).toBe(false);
      const prepared = await prepareRaw(connection, 'SELECT key FROM system.local WHERE key = ?');
      expect(prepared.resultMetadataId).toBeUndefined();
      const frame = await connection.send(
        new ExecuteMessage(prepared.id, undefined, {
          consistency: Consistency.ONE,
          values: [Buffer.from('local')],
        }),
      );
      const { result } = expectResponse(frame, 'result', 'node', 'EXECUTE', connection.resultMetadataIds);
      expect(result.kind === 'rows' && result.rowCount).toBe(1);
    } finally {
      await connection.close();
    }
    const creds = credentials();
    const plain = new Cluster({
      contactPoints: realNodes().map((n) => `${n.host}:${n.port}`),
      localDataCenter: localDataCenter(),
      protocolVersion: 4,
      ...(creds ? { credentials: creds } : {}),
    });
    try {
      const plainSession = await plain.connect();
      const select = await plainSession.prepare(`SELECT * FROM ${keyspace}.kv WHERE k = ?`);
      expect(select.resultMetadataId).toBeUndefined();
      expect((await plainSession.execute(select, [2])).first()).toEqual({ k: 2, v: 'v2' });
    } finally {
      await plain.shutdown();
    }
  });
});
