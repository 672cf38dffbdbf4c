/**
 * An application's repository code tested against a real Cassandra. The suite does not know which
 * engine runs it: the global setup of @cqlkit/testing exported how to connect, and
 * `connectionOptions()` reads it. The same code under node:test: node-test/orders.test.ts.
 */
import { Cluster } from '@cqlkit/driver';
import { connectionOptions, uniqueKeyspaceName } from '@cqlkit/testing';

import { Orders } from '../src/orders';

describe('Orders', () => {
  const keyspace = uniqueKeyspaceName('orders');
  let cluster: Cluster;
  let orders: Orders;

  beforeAll(async () => {
    cluster = new Cluster(connectionOptions());
    const session = await cluster.connect();
    await session.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    orders = new Orders(session, keyspace);
    await orders.createSchema();
  });

  afterAll(async () => {
    await cluster?.connect().then((s) => s.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`));
    await cluster?.shutdown();
  });

  it('counts the orders of a customer', async () => {
    await orders.place('ada', 1, '12.50');
    await orders.place('ada', 2, '7.25');
    await orders.place('bob', 3, '1.00');
    expect(await orders.count('ada')).toBe(2);
    expect(await orders.count('carol')).toBe(0);
  });
});
