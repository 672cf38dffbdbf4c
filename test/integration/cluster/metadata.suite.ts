/**
 * Metadata of what a test creates on 3 nodes — keyspace, table, index, user type, function,
 * aggregate, materialized view — is up to date as soon as each DDL statement returns, and prints
 * the same CQL as the server's DESCRIBE.
 */
import { Cluster, type Session } from '@cqlkit/driver';

import { openKeyspace, threeNodeOptions } from './three-node-cluster';

/** The server's DESCRIBE KEYSPACE statements. */
async function describeOnServer(session: Session, keyspace: string): Promise<string[]> {
  const rs = await session.execute<{ create_statement: string }>(`DESCRIBE KEYSPACE ${keyspace}`, [], {
    paging: false,
  });
  return rs.rows.map((r) => r.create_statement);
}

export function metadataSuite(): void {
  describe('metadata', () => {
    let env: Awaited<ReturnType<typeof openKeyspace>>;

    beforeAll(async () => {
      env = await openKeyspace('meta3', 3);
    });

    afterAll(async () => {
      await env?.close();
    });

    it('knows each element as soon as the statement creating it returns', async () => {
      const { session, cluster, keyspace } = env;
      const ks = (): ReturnType<typeof cluster.schema.keyspace> => cluster.schema.keyspace(keyspace);
      expect(ks()?.replication).toEqual({
        class: 'org.apache.cassandra.locator.SimpleStrategy',
        replication_factor: '3',
      });
      expect(ks()?.durableWrites).toBe(true);

      let rs = await session.execute(`CREATE TYPE ${keyspace}.address (street text, zip int)`);
      expect(rs.schemaInAgreement).toBe(true);
      expect(ks()?.userType('address')).toBeDefined();

      rs = await session.execute(
        `CREATE TABLE ${keyspace}.users (id int, region text, name text, addr frozen<address>, email text, ` +
          "PRIMARY KEY ((id, region), name)) WITH comment = 'people'",
      );
      expect(rs.schemaInAgreement).toBe(true);
      const users = ks()?.table('users');
      expect(users?.partitionKey.map((c) => c.name)).toEqual(['id', 'region']);
      expect(users?.clusteringKey.map((c) => c.column.name)).toEqual(['name']);

      await session.execute(`CREATE INDEX users_email ON ${keyspace}.users (email)`);
      expect(
        ks()
          ?.table('users')
          ?.indexes.map((i) => i.name),
      ).toEqual(['users_email']);

      await session.execute(
        `CREATE FUNCTION ${keyspace}.plus (a int, b int) RETURNS NULL ON NULL INPUT RETURNS int ` +
          "LANGUAGE java AS 'return a + b;'",
      );
      expect(ks()?.function('plus', ['int', 'int'])).toBeDefined();

      await session.execute(`CREATE AGGREGATE ${keyspace}.total (int) SFUNC plus STYPE int INITCOND 0`);
      expect(ks()?.aggregate('total', ['int'])).toBeDefined();

      await session.execute(
        `CREATE MATERIALIZED VIEW ${keyspace}.users_by_name AS SELECT * FROM ${keyspace}.users ` +
          'WHERE name IS NOT NULL AND id IS NOT NULL AND region IS NOT NULL PRIMARY KEY (name, id, region)',
      );
      expect(ks()?.view('users_by_name')).toBeDefined();
    });

    it('prints the same CQL as the server’s DESCRIBE KEYSPACE', async () => {
      const { session, cluster, keyspace } = env;
      const server = await describeOnServer(session, keyspace);
      expect(cluster.schema.keyspace(keyspace)?.cqlStatements()).toEqual(server);
    });

    it('loads the same schema from scratch in a new cluster', async () => {
      const fresh = new Cluster(threeNodeOptions());
      try {
        await fresh.connect();
        expect(fresh.schema.keyspace(env.keyspace)?.toCql()).toBe(
          env.cluster.schema.keyspace(env.keyspace)?.toCql(),
        );
      } finally {
        await fresh.shutdown();
      }
    });

    it('refreshes on demand and forgets dropped elements', async () => {
      const { session, cluster, keyspace } = env;
      await cluster.refreshKeyspaceMetadata(keyspace);
      await cluster.refreshTableMetadata(keyspace, 'users');
      await cluster.refreshUserTypeMetadata(keyspace, 'address');
      await cluster.refreshFunctionMetadata(keyspace, 'plus', ['int', 'int']);
      await cluster.refreshAggregateMetadata(keyspace, 'total', ['int']);
      expect(cluster.schema.keyspace(keyspace)?.cqlStatements()).toEqual(
        await describeOnServer(session, keyspace),
      );
      await session.execute(`DROP MATERIALIZED VIEW ${keyspace}.users_by_name`);
      expect(cluster.schema.keyspace(keyspace)?.view('users_by_name')).toBeUndefined();
      await session.execute(`DROP AGGREGATE ${keyspace}.total`);
      expect(cluster.schema.keyspace(keyspace)?.aggregate('total', ['int'])).toBeUndefined();
    });
  });
}
