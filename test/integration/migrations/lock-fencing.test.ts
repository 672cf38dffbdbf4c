/**
 * The migration lock's fencing against a real Cassandra: a runner whose lease is gone — taken over
 * by another runner, or expired by its TTL while a migration runs — stops with LOCK_LOST, its
 * history writes are refused, and the next run recovers.
 *
 * Each scenario interposes on the runner's session (a `MigrationSession` that forwards to the
 * driver's) to act at a precise point of the run: between two statements of a migration.
 */
import type { Params, QueryOptions, Session } from '@cqlkit/driver';
import { LockLostError, migrate, type MigrationQueryResult, type MigrationSession } from '@cqlkit/migrations';

import { historyRows, openWorld, tablesOf, type MigrationsWorld } from './migrations-test-kit';

const V1 = `CREATE TABLE items (id int PRIMARY KEY, note text);
INSERT INTO items (id, note) VALUES (1, 'one');
INSERT INTO items (id, note) VALUES (2, 'two');
`;
const V2 = 'CREATE TABLE later (id int PRIMARY KEY);\n';
/** The statement of V1 before which each scenario acts. */
const SECOND_STATEMENT = "INSERT INTO items (id, note) VALUES (1, 'one')";

/** Forwards to the driver's session; `before` runs (and may wait) before each statement. */
class InterposedSession implements MigrationSession {
  constructor(
    private readonly inner: Session,
    private readonly before: (cql: string) => Promise<void>,
  ) {}

  get keyspace(): string | undefined {
    return this.inner.keyspace;
  }

  async execute(cql: string, params?: Params, options?: QueryOptions): Promise<MigrationQueryResult> {
    await this.before(cql);
    return this.inner.execute(cql, params, options);
  }

  useKeyspace(keyspace: string, caseSensitive?: boolean): Promise<void> {
    return this.inner.useKeyspace(keyspace, caseSensitive);
  }

  awaitSchemaAgreement(options?: { timeoutMs?: number }): Promise<unknown> {
    return this.inner.awaitSchemaAgreement(options);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

jest.setTimeout(120_000);

describe('migration lock fencing against Cassandra', () => {
  let world: MigrationsWorld;
  beforeEach(async () => {
    world = await openWorld('mig_fence');
    await world.write('V1__items.cql', V1);
    await world.write('V2__later.cql', V2);
  });
  afterEach(async () => {
    await world.close();
  });

  it('refuses the history write of a runner whose lease another runner took over', async () => {
    const lockTable = `${world.keyspace}.cqlkit_migrations_lock`;
    let other: Awaited<ReturnType<typeof migrate>> | undefined;
    const session = new InterposedSession(world.session, async (cql) => {
      if (cql !== SECOND_STATEMENT || other !== undefined) return;
      // The lease vanishes (as when its TTL ran out during a long pause), and a second runner
      // takes the lock, takes V1 over from where this run left it, and finishes the work.
      await world.session.execute(`TRUNCATE ${lockTable}`);
      other = await migrate(world.session, world.options({ lock: { waitTimeoutMs: 0 } }));
    });

    const error = await migrate(session, world.options({ lock: { ttlSeconds: 60 } })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(LockLostError);
    expect((error as LockLostError).code).toBe('CQLKIT_MIGRATION_LOCK_LOST');
    // The statement ran, but recording it was refused: the row carries the other run's id.
    expect((error as Error).message).toMatch(/another runner took over V1/);
    expect(other?.applied.map((a) => [a.version, a.resumedFrom])).toEqual([
      ['1', 1],
      ['2', 0],
    ]);
    const history = await historyRows(world.session, world.keyspace);
    expect(history.get('1')).toMatchObject({ state: 'succeeded', statements_applied: 3 });
    expect(history.get('2')).toMatchObject({ state: 'succeeded' });
    expect((await world.session.execute(`SELECT * FROM ${lockTable}`)).rows).toEqual([]);
  });

  it('stops `up` with LOCK_LOST when the lease expires while a migration runs; the next run resumes', async () => {
    const lockTable = `${world.keyspace}.cqlkit_migrations_lock`;
    let releaseHeartbeats: (() => void) | undefined;
    let heartbeatsHeld: Promise<void> | undefined;
    let paused = false;
    const session = new InterposedSession(world.session, async (cql) => {
      if (heartbeatsHeld !== undefined && cql.startsWith(`UPDATE ${lockTable} USING TTL`)) {
        await heartbeatsHeld; // the renewal is late: the lease expires meanwhile
        return;
      }
      if (cql !== SECOND_STATEMENT || paused) return;
      paused = true;
      heartbeatsHeld = new Promise((resolve) => (releaseHeartbeats = resolve));
      // The migration's statement takes longer than the 2 s TTL while no heartbeat gets through.
      await sleep(3000);
      releaseHeartbeats?.();
    });

    const error = await migrate(session, world.options({ lock: { ttlSeconds: 2 } })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LockLostError);
    expect((error as LockLostError).code).toBe('CQLKIT_MIGRATION_LOCK_LOST');
    // The lease really expired on the server: nobody holds the lock.
    expect((await world.session.execute(`SELECT * FROM ${lockTable}`)).rows).toEqual([]);
    // The run stopped mid-file: the statement that was running completed and was recorded, the
    // next one never ran, and V2 was not touched.
    const history = await historyRows(world.session, world.keyspace);
    expect(history.get('1')).toMatchObject({ state: 'running', statements_applied: 2, statements_total: 3 });
    expect(history.has('2')).toBe(false);
    const items = await world.session.execute(`SELECT id FROM ${world.keyspace}.items`);
    expect(items.rows.map((r) => r.id)).toEqual([1]);
    expect(await tablesOf(world.session, world.keyspace)).not.toContain('later');

    // The next run is not blocked (the lease is gone) and resumes at the third statement.
    const next = await migrate(world.session, world.options({ lock: { waitTimeoutMs: 0 } }));
    expect(next.applied.map((a) => [a.version, a.resumedFrom])).toEqual([
      ['1', 2],
      ['2', 0],
    ]);
  });
});
