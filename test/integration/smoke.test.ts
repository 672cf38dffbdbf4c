/**
 * Smoke test of the integration setup: the server provided by the harness accepts a keyspace, a
 * table, a write and a read (through the reference npm `cassandra-driver`).
 */
import { readFileSync } from 'node:fs';

import { auth, Client, types } from 'cassandra-driver';

import { contactPoints, credentials, localDataCenter, tlsCaPath, uniqueKeyspaceName } from '@cqlkit/testing';

describe('local Cassandra smoke test', () => {
  const keyspace = uniqueKeyspaceName('smoke');
  let client: Client;

  beforeAll(async () => {
    const login = credentials();
    const ca = tlsCaPath();
    client = new Client({
      contactPoints: contactPoints(),
      localDataCenter: localDataCenter(),
      ...(login ? { authProvider: new auth.PlainTextAuthProvider(login.username, login.password) } : {}),
      ...(ca ? { sslOptions: { ca: [readFileSync(ca)], rejectUnauthorized: true } } : {}),
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
    await client?.shutdown();
  });

  it('creates a keyspace and a table, writes a row and reads it back', async () => {
    await client.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await client.execute(`CREATE TABLE ${keyspace}.greetings (id uuid PRIMARY KEY, text text, n int)`);
    const id = types.Uuid.random();
    await client.execute(
      `INSERT INTO ${keyspace}.greetings (id, text, n) VALUES (?, ?, ?)`,
      [id, 'hello', 42],
      {
        prepare: true,
      },
    );

    const result = await client.execute(`SELECT id, text, n FROM ${keyspace}.greetings WHERE id = ?`, [id], {
      prepare: true,
    });

    expect(result.rows).toHaveLength(1);
    expect(result.first()['id'].toString()).toBe(id.toString());
    expect(result.first()['text']).toBe('hello');
    expect(result.first()['n']).toBe(42);
  });

  it('drops the keyspace again', async () => {
    await client.execute(`DROP KEYSPACE ${keyspace}`);

    const result = await client.execute(
      'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [keyspace],
    );

    expect(result.rows).toHaveLength(0);
  });
});
