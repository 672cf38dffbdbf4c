/**
 * The code under test in this example project: a tiny order store over `@cqlkit/driver`. Both
 * suites (Jest in test/, node:test in node-test/) exercise it against a real Cassandra.
 */
import type { Session } from '@cqlkit/driver';

/** Orders of customers, one partition per customer. */
export class Orders {
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
