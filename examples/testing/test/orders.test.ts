/**
 * An application's repository code tested against a real Cassandra. The suite does not know which
 * engine runs it: the global setup of @cqlkit/testing exported how to connect, and
 * `connectionOptions()` reads it.
 */
import { Cluster, type Session } from '@cqlkit/driver';
import { connectionOptions, uniqueKeyspaceName } from '@cqlkit/testing';

/** The code under test: a tiny order store. */
class Orders {
  constructor(
    private readonly session: Session,
    private readonly keyspace: string,
  ) {}

  async createSchema(): Promise<void> {
    await this.session.execute(
      `CREATE TABLE IF NOT EXISTS ${this.keyspace}.orders (customer text, id int, total decimal, PRIMARY KEY (customer, id))`,
    );
  }

  async place(customer: string, id: number, total: string): Promise<void> {
    await this.session.execute(
      `INSERT INTO ${this.keyspace}.orders (customer, id, total) VALUES (?, ?, ?)`,
      [customer, id, total],
      { prepare: true },
    );
  }

  async count(customer: string): Promise<number> {
    const rs = await this.session.execute<{ count: bigint }>(
      `SELECT count(*) AS count FROM ${this.keyspace}.orders WHERE customer = ?`,
      [customer],
      { prepare: true },
    );
    return Number(rs.first()?.count ?? 0);
  }
}

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
