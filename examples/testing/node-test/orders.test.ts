/**
 * The same order store tested with Node's own runner (`node:test`), no Jest: the suite starts
 * Cassandra itself with `startCassandra` and stops it with `await using` semantics in `after`.
 * Run it with `npm run test:node` (`node --import tsx --test node-test/*.test.ts`); the engine is
 * `auto`: `$CQLKIT_CASSANDRA_ENGINE` when set (`jars` or `docker`), else the jars when a JDK 17 or 11 is
 * installed, else Docker.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { Cluster } from '@cqlkit/driver';
import { type CassandraHandle, startCassandra, uniqueKeyspaceName } from '@cqlkit/testing';

import { Orders } from '../src/orders';

const keyspace = uniqueKeyspaceName('orders');
let cassandra: CassandraHandle;
let cluster: Cluster;
let orders: Orders;

before(async () => {
  cassandra = await startCassandra({ nodes: 1 });
  console.log(`Cassandra ready (engine ${cassandra.engine})`);
  cluster = new Cluster({
    contactPoints: [...cassandra.contactPoints],
    localDataCenter: cassandra.localDataCenter,
  });
  const session = await cluster.connect();
  await session.execute(
    `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
  );
  orders = new Orders(session, keyspace);
  await orders.createSchema();
});

after(async () => {
  await cluster?.shutdown();
  await cassandra?.stop();
});

test('counts the orders of a customer', async () => {
  await orders.place('ada', 1, '12.50');
  await orders.place('ada', 2, '7.25');
  await orders.place('bob', 3, '1.00');
  assert.equal(await orders.count('ada'), 2);
  assert.equal(await orders.count('carol'), 0);
});
