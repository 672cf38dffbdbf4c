/**
 * Helpers for driver integration tests: a Cluster configured for the server under test (contact
 * points, credentials when auth is on) and a keyspace per suite.
 */
import { Cluster, type ClusterOptions, type Session } from '@cqlkit/driver';
import { contactPoints, credentials, localDataCenter, uniqueKeyspaceName } from '@cqlkit/testing';

/** ClusterOptions for the server under test, merged with `extra`. */
export function testClusterOptions(extra: Partial<ClusterOptions> = {}): ClusterOptions {
  const creds = credentials();
  return {
    contactPoints: contactPoints(),
    localDataCenter: localDataCenter(),
    ...(creds ? { credentials: creds } : {}),
    ...extra,
  };
}

/** A connected session in a fresh keyspace (SimpleStrategy RF 1), dropped by `close()`. */
export async function openTestKeyspace(
  prefix: string,
  extra: Partial<ClusterOptions> = {},
): Promise<{ cluster: Cluster; session: Session; keyspace: string; close: () => Promise<void> }> {
  const cluster = new Cluster(testClusterOptions(extra));
  const session = await cluster.connect();
  const keyspace = uniqueKeyspaceName(prefix);
  await session.execute(
    `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  await session.useKeyspace(keyspace);
  return {
    cluster,
    session,
    keyspace,
    close: async () => {
      try {
        await session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster.shutdown();
      }
    },
  };
}
