/**
 * The Session API against real Cassandra: paging three ways, prepared statements (shared prepares,
 * re-prepare on UNPREPARED), batches, LWT, keyspaces, the caching session, cancellation and the
 * server error classes.
 */
import {
  AlreadyExistsError,
  CachingSession,
  Cluster,
  ClusterShutdownError,
  CqlSyntaxError,
  InvalidOptionsError,
  InvalidRequestError,
  QueryExhaustedError,
  RequestAbortedError,
  ResultSet,
  Consistency,
} from '@cqlkit/driver';
import { openTestKeyspace, testClusterOptions } from './driver-test-cluster';

const ROWS = 10_000;

describe('Session against real Cassandra', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;

  beforeAll(async () => {
    env = await openTestKeyspace('session');
    const s = env.session;
    await s.execute('CREATE TABLE items (p int, c int, v text, PRIMARY KEY (p, c))');
    await s.execute('CREATE TABLE kv (k text PRIMARY KEY, v int)');
    await s.execute('CREATE TABLE hits (k text PRIMARY KEY, n counter)');
    const insert = await s.prepare('INSERT INTO items (p, c, v) VALUES (?, ?, ?)');
    // 10k rows in one partition, written 500 at a time.
    for (let start = 0; start < ROWS; start += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => s.execute(insert, [1, start + i, `v${start + i}`])),
      );
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  describe('paging', () => {
    it('iterates 10k rows at page size 100, in order, across 100 pages', async () => {
      let count = 0;
      let last = -1;
      for await (const row of env.session.iterate<{ c: number }>('SELECT c FROM items WHERE p = ?', [1], {
        pageSize: 100,
        prepare: true,
      })) {
        expect(row.c).toBe(last + 1);
        last = row.c;
        count++;
      }
      expect(count).toBe(ROWS);
    });

    it('returns one page with a paging state that resumes where it stopped', async () => {
      const first = await env.session.execute<{ c: number }>('SELECT c FROM items WHERE p = 1', [], {
        pageSize: 100,
      });
      expect(first.rows).toHaveLength(100);
      expect(first.hasMorePages).toBe(true);
      const second = await env.session.execute<{ c: number }>('SELECT c FROM items WHERE p = 1', [], {
        pageSize: 100,
        pagingState: first.pagingState!,
      });
      expect(second.rows[0]!.c).toBe(100);
      const third = await second.fetchNextPage();
      expect(third.rows[0]!.c).toBe(200);
    });

    it('fetches everything in one response when unpaged', async () => {
      const rs = await env.session.execute('SELECT c FROM items WHERE p = 1', [], { paging: false });
      expect(rs.rows).toHaveLength(ROWS);
      expect(rs.hasMorePages).toBe(false);
      await expect(rs.fetchNextPage()).rejects.toBeInstanceOf(QueryExhaustedError);
    });

    it('iterates a ResultSet over all remaining pages', async () => {
      const rs = await env.session.execute('SELECT c FROM items WHERE p = 1 AND c < 250', [], {
        pageSize: 100,
      });
      expect(rs).toBeInstanceOf(ResultSet);
      let n = 0;
      for await (const _ of rs) n++;
      expect(n).toBe(250);
    });

    it('pages through a filtered scan that skips most rows', async () => {
      // A filtered scan over a table where most pages match nothing returns empty pages with more to come.
      await env.session.execute('CREATE TABLE sparse (k int PRIMARY KEY, keep boolean)');
      const insert = await env.session.prepare('INSERT INTO sparse (k, keep) VALUES (?, ?)');
      await Promise.all(
        Array.from({ length: 400 }, (_, k) => env.session.execute(insert, [k, k === 7 || k === 333])),
      );
      const seen: number[] = [];
      let rs = await env.session.execute<{ k: number }>(
        'SELECT k FROM sparse WHERE keep = true ALLOW FILTERING',
        [],
        {
          pageSize: 10,
        },
      );
      for (;;) {
        seen.push(...rs.rows.map((r) => r.k));
        if (!rs.hasMorePages) break;
        rs = await rs.fetchNextPage();
      }
      expect(seen.sort((a, b) => a - b)).toEqual([7, 333]);
      const iterated: number[] = [];
      for await (const r of env.session.iterate<{ k: number }>(
        'SELECT k FROM sparse WHERE keep = true ALLOW FILTERING',
        [],
        {
          pageSize: 10,
        },
      )) {
        iterated.push(r.k);
      }
      expect(iterated.sort((a, b) => a - b)).toEqual([7, 333]);
    });

    it('returns rows as arrays when asked', async () => {
      const rs = await env.session.execute('SELECT c, v FROM items WHERE p = 1 AND c = 5', [], {
        rowShape: 'array',
      });
      expect(rs.rows).toEqual([[5, 'v5']]);
    });
  });

  describe('prepared statements', () => {
    it('shares one PREPARE between concurrent calls and caches by text', async () => {
      const text = 'SELECT v FROM kv WHERE k = ?';
      const [a, b] = await Promise.all([env.session.prepare(text), env.session.prepare(text)]);
      expect(a).toBe(b);
      expect(await env.session.prepare(text)).toBe(a);
      expect(a.variables.map((v) => v.name)).toEqual(['k']);
      expect(a.resultColumns.map((c) => c.name)).toEqual(['v']);
    });

    it('binds named parameters from an object', async () => {
      await env.session.execute(
        'INSERT INTO kv (k, v) VALUES (:k, :v)',
        { k: 'named', v: 1 },
        { prepare: true },
      );
      const rs = await env.session.execute(
        'SELECT v FROM kv WHERE k = :k',
        { k: 'named' },
        { prepare: true },
      );
      expect(rs.first()).toEqual({ v: 1 });
    });

    it('reports parameter count mismatches before sending', async () => {
      await expect(
        env.session.execute('INSERT INTO kv (k, v) VALUES (?, ?)', ['only one'], { prepare: true }),
      ).rejects.toBeInstanceOf(InvalidOptionsError);
      await expect(
        env.session.execute('INSERT INTO kv (k, v) VALUES (:k, :v)', { k: 'x', nope: 1 }, { prepare: true }),
      ).rejects.toThrow(/nope/);
    });

    it('re-prepares transparently after the server forgot the statement (UNPREPARED)', async () => {
      await env.session.execute('CREATE TABLE volatile (k int PRIMARY KEY, v text)');
      const insert = await env.session.prepare('INSERT INTO volatile (k, v) VALUES (?, ?)');
      await env.session.execute(insert, [1, 'before']);
      // Dropping the table evicts its prepared statements server-side.
      await env.session.execute('DROP TABLE volatile');
      await env.session.execute('CREATE TABLE volatile (k int PRIMARY KEY, v text)');
      await env.session.execute(insert, [2, 'after']);
      const rs = await env.session.execute('SELECT v FROM volatile WHERE k = 2');
      expect(rs.first()).toEqual({ v: 'after' });
    });
  });

  describe('batches and LWT', () => {
    it('runs logged batches mixing prepared and simple statements', async () => {
      const insert = await env.session.prepare('INSERT INTO kv (k, v) VALUES (?, ?)');
      await env.session.batch(
        [
          { query: insert, params: ['b1', 1] },
          { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: ['b2', 2], hints: ['text', 'int'] },
          "INSERT INTO kv (k, v) VALUES ('b3', 3)",
        ],
        { type: 'logged' },
      );
      const rs = await env.session.execute("SELECT k, v FROM kv WHERE k IN ('b1', 'b2', 'b3')");
      expect(rs.rows.map((r) => r.v).sort()).toEqual([1, 2, 3]);
    });

    it('runs unlogged batches, prepared on demand', async () => {
      await env.session.batch(
        [
          { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: ['u1', 10] },
          { query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: ['u2', 20] },
        ],
        { type: 'unlogged', prepare: true },
      );
      const rs = await env.session.execute("SELECT v FROM kv WHERE k IN ('u1', 'u2')");
      expect(rs.rows.map((r) => r.v).sort()).toEqual([10, 20]);
    });

    it('runs counter batches', async () => {
      const inc = await env.session.prepare('UPDATE hits SET n = n + ? WHERE k = ?');
      await env.session.batch(
        [
          { query: inc, params: [2n, 'home'] },
          { query: inc, params: [3n, 'home'] },
        ],
        { type: 'counter' },
      );
      const rs = await env.session.execute("SELECT n FROM hits WHERE k = 'home'");
      expect(String(rs.first()!.n)).toBe('5');
    });

    it('reports wasApplied for lightweight transactions', async () => {
      const insert = await env.session.prepare('INSERT INTO kv (k, v) VALUES (?, ?) IF NOT EXISTS');
      const first = await env.session.execute(insert, ['lwt', 1]);
      expect(first.wasApplied).toBe(true);
      const second = await env.session.execute(insert, ['lwt', 2]);
      expect(second.wasApplied).toBe(false);
      expect(second.first()).toMatchObject({ '[applied]': false, v: 1 });
      const update = await env.session.execute('UPDATE kv SET v = ? WHERE k = ? IF v = ?', [3, 'lwt', 1], {
        prepare: true,
        serialConsistency: Consistency.LOCAL_SERIAL,
      });
      expect(update.wasApplied).toBe(true);
    });
  });

  describe('keyspaces, caching session and lifecycle', () => {
    it("gives access to its cluster and the cluster's schema metadata", () => {
      expect(env.session.cluster).toBe(env.cluster);
      expect(
        env.session.cluster.schema
          .keyspace(env.keyspace)
          ?.table('kv')
          ?.columns.map((c) => c.name),
      ).toEqual(['k', 'v']);
    });

    it('tracks the keyspace set by useKeyspace and by USE statements', async () => {
      expect(env.session.keyspace).toBe(env.keyspace);
      const other = new Cluster(testClusterOptions());
      try {
        const s = await other.connect();
        expect(s.keyspace).toBeUndefined();
        await s.execute(`USE ${env.keyspace}`);
        expect(s.keyspace).toBe(env.keyspace);
        const rs = await s.execute("SELECT v FROM kv WHERE k = 'named'");
        expect(rs.first()).toEqual({ v: 1 });
      } finally {
        await other.shutdown();
      }
    });

    it('selects a keyspace per request on protocol v5', async () => {
      const other = new Cluster(testClusterOptions({ protocolVersion: 5 }));
      try {
        const s = await other.connect();
        const rs = await s.execute("SELECT v FROM kv WHERE k = 'named'", [], { keyspace: env.keyspace });
        expect(rs.first()).toEqual({ v: 1 });
      } finally {
        await other.shutdown();
      }
    });

    it("caches prepared statements in the caching session (the session's LRU of preparedCacheSize)", async () => {
      const other = new Cluster(testClusterOptions({ preparedCacheSize: 2 }));
      try {
        const cached = new CachingSession(await other.connect(env.keyspace));
        await cached.execute('SELECT v FROM kv WHERE k = ?', ['named']);
        await cached.execute('SELECT v FROM kv WHERE k = ?', ['named']);
        expect(cached.size).toBe(1);
        await cached.execute('SELECT k FROM kv WHERE k = ?', ['named']);
        await cached.execute('SELECT k, v FROM kv WHERE k = ?', ['named']);
        expect(cached.size).toBe(2);
        const rows: unknown[] = [];
        for await (const r of cached.iterate('SELECT v FROM kv WHERE k = ?', ['named'])) rows.push(r);
        expect(rows).toEqual([{ v: 1 }]);
      } finally {
        await other.shutdown();
      }
    });

    it('maps server errors to their classes', async () => {
      await expect(env.session.execute('SELEKT * FROM kv')).rejects.toBeInstanceOf(CqlSyntaxError);
      await expect(env.session.execute('SELECT * FROM no_such_table')).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      const ae = await env.session.execute('CREATE TABLE kv (k text PRIMARY KEY)').catch((e: unknown) => e);
      expect(ae).toBeInstanceOf(AlreadyExistsError);
      expect((ae as AlreadyExistsError).table).toBe('kv');
    });

    it('honours an AbortSignal', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(
        env.session.execute('SELECT * FROM kv', [], { signal: controller.signal }),
      ).rejects.toBeInstanceOf(RequestAbortedError);
      const late = new AbortController();
      const pending = env.session.execute('SELECT * FROM items WHERE p = 1', [], {
        paging: false,
        signal: late.signal,
      });
      late.abort();
      await expect(pending).rejects.toBeInstanceOf(RequestAbortedError);
    });

    it('supports await using and refuses use after shutdown', async () => {
      let leaked: Awaited<ReturnType<Cluster['connect']>> | undefined;
      {
        await using cluster = new Cluster(testClusterOptions());
        leaked = await cluster.connect();
        await leaked.execute('SELECT now() FROM system.local');
      }
      await expect(leaked!.execute('SELECT now() FROM system.local')).rejects.toBeInstanceOf(
        ClusterShutdownError,
      );
    });
  });
});
