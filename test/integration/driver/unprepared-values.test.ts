/**
 * Unprepared statements with values work for every column type (the most common `cassandra-driver`
 * question: "Expected 4 or 0 byte int (8)"): values whose CQL type JavaScript does not settle are
 * bound with the types the server gives for the statement (one PREPARE per text, cached).
 */
import { BigDecimal, Tuple, type Session } from '@cqlkit/driver';
import { openTestKeyspace } from './driver-test-cluster';

describe('unprepared statements with values, against real Cassandra', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;
  let session: Session;

  beforeAll(async () => {
    env = await openTestKeyspace('unprepared');
    session = env.session;
    await session.execute('CREATE TYPE address (street text, zip int)');
    await session.execute(
      'CREATE TABLE nums (k int PRIMARY KEY, b bigint, s smallint, t tinyint, f float, d double, ' +
        'vi varint, dec decimal, ts timestamp, l list<int>, m map<int, float>, st set<smallint>, ' +
        'tu tuple<int, double>, addr frozen<address>)',
    );
    await session.execute('CREATE TABLE hits (k text PRIMARY KEY, n counter)');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('binds a number to an int key (it failed: Expected 4 or 0 byte int (8))', async () => {
    await session.execute('INSERT INTO nums (k) VALUES (?)', [1]);
    const rs = await session.execute<{ k: number }>('SELECT k FROM nums WHERE k = ?', [1]);
    expect(rs.rows).toEqual([{ k: 1 }]);
  });

  it('binds numbers, collections, tuples and plain-object UDT values to every numeric column', async () => {
    await session.execute(
      'INSERT INTO nums (k, b, s, t, f, d, vi, dec, ts, l, m, st, tu, addr) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        2,
        2 ** 40,
        300,
        -7,
        1.5,
        2.25,
        12345678901234,
        1.25,
        1_700_000_000_000,
        [1, 2],
        new Map([[1, 0.5]]),
        new Set([3]),
        new Tuple(4, 4.5),
        { street: 'Main St', zip: 75001 },
      ],
    );
    const row = (await session.execute('SELECT * FROM nums WHERE k = ?', [2])).first()!;
    expect(String(row.b)).toBe(String(2 ** 40));
    expect([row.s, row.t, row.f, row.d]).toEqual([300, -7, 1.5, 2.25]);
    expect(row.vi).toBe(12345678901234n);
    expect((row.dec as BigDecimal).toString()).toBe('1.25');
    expect((row.ts as Date).getTime()).toBe(1_700_000_000_000);
    expect(row.l).toEqual([1, 2]);
    expect(row.m).toEqual(new Map([[1, 0.5]]));
    expect(row.st).toEqual([3]);
    expect((row.tu as Tuple).values).toEqual([4, 4.5]);
    expect(row.addr).toEqual({ street: 'Main St', zip: 75001 });
  });

  it('binds named values and counter increments', async () => {
    await session.execute('UPDATE nums SET s = :s WHERE k = :k', { k: 3, s: 9 });
    expect((await session.execute('SELECT s FROM nums WHERE k = ?', [3])).first()).toEqual({ s: 9 });
    await session.execute('UPDATE hits SET n = n + ? WHERE k = ?', [5, 'home']);
    const n = (await session.execute('SELECT n FROM hits WHERE k = ?', ['home'])).first()!.n;
    expect(String(n)).toBe('5');
  });

  it('still sends hinted statements in one round trip', async () => {
    await session.execute('INSERT INTO nums (k, s) VALUES (?, ?)', [4, 2], { hints: ['int', 'smallint'] });
    expect((await session.execute('SELECT s FROM nums WHERE k = 4')).first()).toEqual({ s: 2 });
  });
});
