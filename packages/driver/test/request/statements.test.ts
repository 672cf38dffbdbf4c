/**
 * Statements with settings (Rust `Statement`/`PreparedStatement` configuration, Python
 * `SimpleStatement`/`BoundStatement`): a statement object carries its settings; a prepared
 * statement carries defaults; per-call options still win; accepted by execute, iterate, batch
 * and the caching session.
 */
import { CachingSession } from '../../src/caching-session';
import { Cluster } from '../../src/cluster';
import { Consistency } from '../../src/consistency';
import { InvalidOptionsError } from '../../src/errors';
import type { RequestStart } from '../../src/observability/request-events';
import type { StatementOptions } from '../../src/options';
import { Opcode } from '../../src/protocol/opcodes';
import { Statement } from '../../src/request/statement';
import type { Session } from '../../src/session';
import { CapturedLog, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { FakeRing, type FakeNode } from '../fake-cql/fake-ring';

const INSERT = 'INSERT INTO ks.t (k, v) VALUES (?, ?)';

describe('statements with settings', () => {
  let ring: FakeRing;
  let node: FakeNode;
  let cluster: Cluster;
  let session: Session;
  const seen: RequestStart[] = [];
  const clusters = trackClusters();

  beforeAll(async () => {
    ring = await FakeRing.start(1);
    node = ring.nodes[0]!;
    cluster = clusters.add(
      new Cluster(
        ringOptions(ring, new CapturedLog(), {
          executionProfiles: { strong: { consistency: Consistency.ALL, requestTimeoutMs: 7777 } },
        }),
      ),
    );
    session = await cluster.connect();
    session.addRequestInitListener((r) => {
      if (r.kind !== 'prepare') seen.push(r);
    });
  });

  afterAll(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  beforeEach(() => {
    seen.length = 0;
    node.requests.length = 0;
  });

  /** Consistency, idempotence and deadline of the requests seen so far. */
  const sent = (): Pick<RequestStart, 'consistency' | 'idempotent' | 'timeoutMs'>[] =>
    seen.map(({ consistency, idempotent, timeoutMs }) => ({ consistency, idempotent, timeoutMs }));

  const quorum: StatementOptions = { consistency: Consistency.QUORUM, idempotent: true, timeoutMs: 1234 };

  it('run with their settings; the options of the call win, field by field', async () => {
    const statement = new Statement('SELECT * FROM ks.t', undefined, quorum);
    await session.execute(statement);
    await session.execute(statement, { consistency: Consistency.ONE });
    await session.execute(statement, { consistency: undefined }); // undefined erases nothing
    expect(sent()).toEqual([
      { consistency: Consistency.QUORUM, idempotent: true, timeoutMs: 1234 },
      { consistency: Consistency.ONE, idempotent: true, timeoutMs: 1234 },
      { consistency: Consistency.QUORUM, idempotent: true, timeoutMs: 1234 },
    ]);
  });

  it('win over their execution profile, which fills what they leave unset', async () => {
    await session.execute(new Statement('SELECT * FROM ks.t', undefined, { executionProfile: 'strong' }));
    await session.execute(
      new Statement('SELECT * FROM ks.t', undefined, {
        executionProfile: 'strong',
        consistency: Consistency.TWO,
      }),
    );
    expect(sent()).toEqual([
      { consistency: Consistency.ALL, idempotent: false, timeoutMs: 7777 },
      { consistency: Consistency.TWO, idempotent: false, timeoutMs: 7777 },
    ]);
  });

  it('bind values, by position or by name, and are immutable', async () => {
    const statement = new Statement(INSERT, undefined, quorum);
    const bound = statement.bind([1, 'a']);
    expect(statement.params).toBeUndefined();
    expect(bound.params).toEqual([1, 'a']);
    const traced = bound.with({ consistency: Consistency.THREE });
    expect(bound.options.consistency).toBe(Consistency.QUORUM);
    await session.execute(traced);
    await session.execute(new Statement('INSERT INTO ks.t (k, v) VALUES (:k, :v)', { k: 2, v: 'b' }));
    expect(sent().map((s) => s.consistency)).toEqual([Consistency.THREE, Consistency.LOCAL_ONE]);
    expect(node.requestsOf(Opcode.EXECUTE)).toHaveLength(2); // numbers: the types came from a PREPARE
  });

  it("carry a prepared statement's defaults, under the statement's and the call's settings", async () => {
    const plain = await session.prepare(INSERT);
    const strict = plain.withDefaults({ consistency: Consistency.ALL, idempotent: true });
    expect(strict.id).toEqual(plain.id);
    expect(plain.defaults).toEqual({});
    expect(strict.defaults).toEqual({ consistency: Consistency.ALL, idempotent: true });
    await session.execute(strict, [1, 'a']);
    await session.execute(strict, [1, 'a'], { consistency: Consistency.TWO });
    await session.execute(strict.bind([1, 'a'], { timeoutMs: 99 }));
    await session.execute(plain, [1, 'a']); // the shared cached statement has no defaults
    expect((await session.prepare(INSERT)).defaults).toEqual({});
    expect(sent()).toEqual([
      { consistency: Consistency.ALL, idempotent: true, timeoutMs: 12_000 },
      { consistency: Consistency.TWO, idempotent: true, timeoutMs: 12_000 },
      { consistency: Consistency.ALL, idempotent: true, timeoutMs: 99 },
      { consistency: Consistency.LOCAL_ONE, idempotent: false, timeoutMs: 12_000 },
    ]);
  });

  it('are accepted by iterate, batch and the caching session', async () => {
    const select = new Statement('SELECT * FROM ks.t', undefined, quorum);
    for await (const row of session.iterate(select, { pageSize: 10 })) expect(row).toBeDefined();
    await session.batch([new Statement(INSERT, [1, 'a']), new Statement(INSERT).bind([2, 'b'])], {
      type: 'unlogged',
    });
    const cached = new CachingSession(session);
    await cached.execute(new Statement(`${INSERT} -- cached`, [3, 'c'], quorum));
    expect(seen.map((s) => [s.kind, s.consistency])).toEqual([
      ['query', Consistency.QUORUM],
      ['batch', Consistency.LOCAL_ONE],
      ['execute', Consistency.QUORUM],
    ]);
    expect(node.requestsOf(Opcode.PREPARE, /-- cached/)).toHaveLength(1);
  });

  it('refuse bad settings when made, and values passed beside them', async () => {
    expect(() => new Statement('SELECT 1', undefined, { fetchSize: 5 } as StatementOptions)).toThrow(
      /unknown statement option 'fetchSize'; did you mean 'pageSize'/,
    );
    expect(() => new Statement('')).toThrow(InvalidOptionsError);
    const prepared = await session.prepare(INSERT);
    expect(() => prepared.withDefaults({ hints: ['int'] })).toThrow(/'hints' do not apply/);
    expect(() => prepared.withDefaults({ pagingState: Buffer.alloc(1) } as StatementOptions)).toThrow(
      /unknown prepared statement default 'pagingState'/,
    );
    const statement = new Statement('SELECT * FROM ks.t WHERE k = ?');
    await expect(session.execute(statement, [1] as never)).rejects.toThrow(/carries its values/);
    expect(() => session.iterate(new Statement('SELECT 1', undefined, { paging: false }))).toThrow(
      /paging: false/,
    );
  });
});
