/**
 * Statements with settings against real Cassandra: page size, tracing, timestamp, keyspace and
 * serial consistency carried by a Statement or a prepared statement's defaults, and the call's
 * options winning over them.
 */
import { Consistency, Statement, TooManyRowsError } from '@cqlkit/driver';
import { openTestKeyspace } from './driver-test-cluster';

describe('statements with settings, against real Cassandra', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;

  beforeAll(async () => {
    env = await openTestKeyspace('statements');
    await env.session.execute('CREATE TABLE items (p int, c int, v text, PRIMARY KEY (p, c))');
    const insert = await env.session.prepare('INSERT INTO items (p, c, v) VALUES (?, ?, ?)');
    await Promise.all(Array.from({ length: 10 }, (_, c) => env.session.execute(insert, [1, c, `v${c}`])));
  });

  afterAll(async () => {
    await env?.close();
  });

  it('pages by the statement page size; the call page size wins', async () => {
    const byPartition = new Statement('SELECT c FROM items WHERE p = ?', [1], { pageSize: 3 });
    expect((await env.session.execute(byPartition)).rows).toHaveLength(3);
    expect((await env.session.execute(byPartition, { pageSize: 4 })).rows).toHaveLength(4);
    let n = 0;
    for await (const _ of env.session.iterate(byPartition)) n++;
    expect(n).toBe(10);
  });

  it("pages by a prepared statement's default page size", async () => {
    const prepared = (await env.session.prepare('SELECT c FROM items WHERE p = ?')).withDefaults({
      pageSize: 2,
      idempotent: true,
    });
    expect((await env.session.execute(prepared, [1])).rows).toHaveLength(2);
    expect((await env.session.execute(prepared.bind([1], { pageSize: 5 }))).rows).toHaveLength(5);
  });

  it('traces, timestamps and runs in its keyspace as the statement says', async () => {
    const traced = await env.session.execute(
      new Statement('SELECT * FROM items LIMIT 1', [], { tracing: true }),
    );
    expect(traced.tracingId).toBeDefined();
    await env.session.execute(
      new Statement('INSERT INTO items (p, c, v) VALUES (2, 0, ?)', ['x'], { timestamp: 1_000_000n }),
    );
    const row = (await env.session.execute('SELECT WRITETIME(v) AS w FROM items WHERE p = 2')).first()!;
    expect(String(row.w)).toBe('1000000');
    if ((env.session.protocolVersion ?? 0) >= 5) {
      const elsewhere = await env.cluster.connect();
      try {
        const rs = await elsewhere.execute(
          new Statement('SELECT v FROM items WHERE p = 2', undefined, { keyspace: env.keyspace }),
        );
        expect(rs.first()).toEqual({ v: 'x' });
      } finally {
        await elsewhere.shutdown();
      }
    }
  });

  it('runs a conditional update with its serial consistency', async () => {
    const lwt = new Statement('UPDATE items SET v = ? WHERE p = 2 AND c = 0 IF v = ?', ['y', 'x'], {
      serialConsistency: Consistency.LOCAL_SERIAL,
      consistency: Consistency.LOCAL_QUORUM,
    });
    expect((await env.session.execute(lwt)).wasApplied).toBe(true);
    expect((await env.session.execute(lwt)).wasApplied).toBe(false);
  });

  it('gathers every page with all() (bounded) and reaches the trace from the result', async () => {
    const rs = await env.session.execute('SELECT c FROM items WHERE p = ?', [1], { pageSize: 3 });
    expect(await rs.all()).toHaveLength(10);
    await expect(rs.all({ maxRows: 5 })).rejects.toBeInstanceOf(TooManyRowsError);
    const traced = await env.session.execute('SELECT c FROM items WHERE p = ?', [1], { tracing: true });
    const trace = await traced.getQueryTrace({ maxWaitMs: 10_000 });
    expect(trace.tracingId.equals(traced.tracingId)).toBe(true);
    expect(trace.events.length).toBeGreaterThan(0);
  });
});
