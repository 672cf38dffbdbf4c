/**
 * A statement prepared in the session's keyspace, then forgotten by the server after the session
 * moved to another keyspace: on protocol v5 it is re-prepared in its own keyspace (the write goes
 * where it always went); on v4 the request fails with KeyspaceMismatchError rather than writing
 * to the other keyspace's table.
 */
import { Cluster, KeyspaceMismatchError, type Session } from '@cqlkit/driver';
import { uniqueKeyspaceName } from '@cqlkit/testing';
import { openTestKeyspace, testClusterOptions } from './driver-test-cluster';

describe('re-preparing after useKeyspace(), against real Cassandra', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;
  let other: string;

  beforeAll(async () => {
    env = await openTestKeyspace('repks');
    other = uniqueKeyspaceName('repks_other');
    await env.session.execute(
      `CREATE KEYSPACE ${other} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    for (const ks of [env.keyspace, other]) {
      await env.session.execute(`CREATE TABLE ${ks}.t (k int PRIMARY KEY, v text)`);
    }
  });

  afterAll(async () => {
    await env?.session.execute(`DROP KEYSPACE IF EXISTS ${other}`);
    await env?.close();
  });

  /** Drops and recreates `keyspace.t`: the server forgets the statements prepared on it. */
  async function evict(session: Session, keyspace: string): Promise<void> {
    await session.execute(`DROP TABLE ${keyspace}.t`);
    await session.execute(`CREATE TABLE ${keyspace}.t (k int PRIMARY KEY, v text)`);
  }

  async function rows(keyspace: string): Promise<unknown[]> {
    return (await env.session.execute(`SELECT k, v FROM ${keyspace}.t`)).rows;
  }

  it('protocol v5: re-prepares in the keyspace the statement was prepared in', async () => {
    const cluster = new Cluster(testClusterOptions());
    try {
      const session = await cluster.connect(env.keyspace);
      expect(session.protocolVersion).toBe(5);
      const insert = await session.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      await session.useKeyspace(other);
      await evict(session, env.keyspace);
      await session.execute(insert, [1, 'v5']);
      expect(await rows(env.keyspace)).toEqual([{ k: 1, v: 'v5' }]);
      expect(await rows(other)).toEqual([]);
    } finally {
      await cluster.shutdown();
    }
  });

  it('protocol v4: fails with KeyspaceMismatchError instead of writing to the other keyspace', async () => {
    const cluster = new Cluster(testClusterOptions({ protocolVersion: 4 }));
    try {
      const session = await cluster.connect(env.keyspace);
      const insert = await session.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      await session.useKeyspace(other);
      await evict(session, env.keyspace);
      await expect(session.execute(insert, [2, 'v4'])).rejects.toBeInstanceOf(KeyspaceMismatchError);
      expect(await rows(other)).toEqual([]);
    } finally {
      await cluster.shutdown();
    }
  });
});
