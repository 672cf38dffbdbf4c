/**
 * The programmatic API against a real Cassandra: fresh apply, idempotent re-run, checksum change
 * and repair, failure mid-file and resume, dry run, baseline and down.
 */
import {
  baseline,
  ChecksumMismatchError,
  down,
  DownUnavailableError,
  formatEvent,
  HistoryStateError,
  migrate,
  MigrationStatementError,
  migrationStatus,
  repair,
  ResumeMismatchError,
  type MigrationEvent,
} from '@cqlkit/migrations';

import {
  historyRows,
  keyspaceExists,
  openWorld,
  tablesOf,
  type MigrationsWorld,
} from './migrations-test-kit';

const V1 = `-- users; the first table
CREATE TABLE users (id int PRIMARY KEY, name text, note text);
/* seed; two rows */
INSERT INTO users (id, name, note) VALUES (1, 'O''Brien', 'a;b');
BEGIN BATCH
  INSERT INTO users (id, name) VALUES (2, 'x;y');
  INSERT INTO users (id, name) VALUES (3, 'z');
APPLY BATCH;
`;
const V2 = 'ALTER TABLE users ADD email text;\nCREATE INDEX users_by_email ON users (email);\n';

jest.setTimeout(120_000);

describe('migrate() against Cassandra', () => {
  let world: MigrationsWorld;
  beforeEach(async () => {
    world = await openWorld('mig_api');
  });
  afterEach(async () => {
    await world.close();
  });

  it('creates the keyspace, applies every migration statement by statement, and records the history', async () => {
    await world.write('V1__users.cql', V1);
    await world.write('V2__email.cql', V2);
    const result = await migrate(world.session, world.options());

    expect(result.applied.map((a) => [a.version, a.statementsRun, a.resumedFrom])).toEqual([
      ['1', 3, 0],
      ['2', 2, 0],
    ]);
    expect(result.currentVersion).toBe('2');
    expect(await tablesOf(world.session, world.keyspace)).toEqual([
      'cqlkit_migrations',
      'cqlkit_migrations_lock',
      'users',
    ]);
    const users = await world.session.execute(`SELECT id, name, note FROM ${world.keyspace}.users`);
    expect(users.rows.map((r) => [r.id, r.name, r.note]).sort()).toEqual([
      [1, "O'Brien", 'a;b'],
      [2, 'x;y', null],
      [3, 'z', null],
    ]);
    const history = await historyRows(world.session, world.keyspace);
    expect(history.get('1')).toMatchObject({
      state: 'succeeded',
      kind: 'cql',
      script: 'V1__users.cql',
      statements_applied: 3,
      statements_total: 3,
      executed_by: expect.stringMatching(/@.+\(pid \d+\)$/),
    });
    expect(history.get('1')?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(history.get('1')?.finished_at).toBeInstanceOf(Date);
    expect(history.get('2')).toMatchObject({ state: 'succeeded', statements_applied: 2 });

    const types = world.events.map((e) => e.type);
    expect(types.filter((t) => t === 'statement-applied')).toHaveLength(5);
    expect(types.indexOf('lock-acquired')).toBeLessThan(types.indexOf('migration-started'));
    expect(types[types.length - 1]).toBe('lock-released');
    const ddl = world.events.filter((e) => e.type === 'statement-applied' && e.awaitedAgreement);
    expect(ddl).toHaveLength(3); // CREATE TABLE, ALTER TABLE, CREATE INDEX
  });

  it('applies nothing on a second run, without taking the lock', async () => {
    await world.write('V1__users.cql', V1);
    await migrate(world.session, world.options());
    world.events.length = 0;

    const again = await migrate(world.session, world.options());
    expect(again.applied).toEqual([]);
    expect(again.currentVersion).toBe('1');
    expect(world.events.map((e) => e.type)).toEqual(['up-to-date']);
    const lockRows = await world.session.execute(`SELECT * FROM ${world.keyspace}.cqlkit_migrations_lock`);
    expect(lockRows.rows).toEqual([]);
  });

  it('stops on a changed applied migration until repair accepts it', async () => {
    await world.write('V1__users.cql', V1);
    await migrate(world.session, world.options());
    await world.write('V1__users.cql', `${V1}-- edited afterwards\n`);
    await world.write('V2__email.cql', V2);

    const error = await migrate(world.session, world.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).mismatches.map((m) => m.version)).toEqual(['1']);
    expect((error as Error).message).toContain('run `cqlkit-migrate repair` to accept the new checksums');
    expect(await tablesOf(world.session, world.keyspace)).not.toContain('users_by_email_index');
    expect((await historyRows(world.session, world.keyspace)).has('2')).toBe(false);

    const status = await migrationStatus(world.session, world.options());
    expect(status.entries.map((e) => [e.version, e.state])).toEqual([
      ['1', 'changed'],
      ['2', 'pending'],
    ]);
    expect(await repair(world.session, world.options())).toEqual({
      checksumsAccepted: ['1'],
      failedCleared: [],
    });
    const result = await migrate(world.session, world.options());
    expect(result.applied.map((a) => a.version)).toEqual(['2']);
  });

  it('records a failure mid-file and, once the file is fixed, resumes at the failed statement', async () => {
    await world.write('V1__users.cql', V1);
    const broken = [
      'CREATE TABLE orders (id int PRIMARY KEY, total int);', // no IF NOT EXISTS: re-running it would fail
      'ALTER TABLE orders ADD placed_at not_a_type;',
      'CREATE TABLE order_lines (order_id int, line int, PRIMARY KEY (order_id, line));',
    ].join('\n');
    await world.write('V2__orders.cql', broken);

    const error = await migrate(world.session, world.options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationStatementError);
    expect(error).toMatchObject({ version: '2', statementNumber: 2, line: 2 });
    expect((error as Error).message).toMatch(/^V2 \(V2__orders\.cql\) failed at statement 2 \(line 2\): /);
    const failed = (await historyRows(world.session, world.keyspace)).get('2');
    expect(failed).toMatchObject({ state: 'failed', statements_applied: 1, statements_total: 3 });
    expect(String(failed?.error)).toContain('not_a_type');
    expect((await migrationStatus(world.session, world.options())).entries[1]).toMatchObject({
      version: '2',
      state: 'failed',
      statementsApplied: 1,
    });

    // Changing an applied statement is refused…
    await world.write('V2__orders.cql', broken.replace('total int', 'total bigint'));
    await expect(migrate(world.session, world.options())).rejects.toThrow(ResumeMismatchError);

    // …fixing the failed one resumes right there.
    await world.write('V2__orders.cql', broken.replace('not_a_type', 'timestamp'));
    world.events.length = 0;
    const result = await migrate(world.session, world.options());
    expect(result.applied).toMatchObject([{ version: '2', resumedFrom: 1, statementsRun: 2 }]);
    const started = world.events.find((e) => e.type === 'migration-started');
    expect(started).toMatchObject({ version: '2', resumeFrom: 1 });
    const ran = world.events
      .filter((e) => e.type === 'statement-applied')
      .map((e) => 'number' in e && e.number);
    expect(ran).toEqual([2, 3]);
    expect((await historyRows(world.session, world.keyspace)).get('2')).toMatchObject({
      state: 'succeeded',
      statements_applied: 3,
      error: null,
    });
    expect(await tablesOf(world.session, world.keyspace)).toContain('order_lines');
  });

  it('repair clears a failed migration so it runs again from its first statement', async () => {
    await world.write('V1__bad.cql', 'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\nSELEC broken;');
    await expect(migrate(world.session, world.options())).rejects.toThrow(MigrationStatementError);
    expect(await repair(world.session, world.options())).toEqual({
      checksumsAccepted: [],
      failedCleared: ['1'],
    });
    expect((await historyRows(world.session, world.keyspace)).has('1')).toBe(false);
    await world.write(
      'V1__bad.cql',
      'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\nALTER TABLE a ADD v text;',
    );
    world.events.length = 0;
    await migrate(world.session, world.options());
    expect(world.events.filter((e) => e.type === 'statement-applied')).toHaveLength(2);
  });

  it('dry run sends no change: no keyspace, no tables, no history', async () => {
    await world.write('V1__users.cql', V1);
    const result = await migrate(world.session, { ...world.options(), dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.plannedKeyspace).toMatch(/^CREATE KEYSPACE IF NOT EXISTS mig_api_/);
    expect(result.planned).toMatchObject([{ version: '1', resumeFrom: 0 }]);
    expect(result.planned[0]?.statements).toHaveLength(3);
    expect(await keyspaceExists(world.session, world.keyspace)).toBe(false);
  });

  it('dry run on an existing keyspace leaves tables and history untouched', async () => {
    await world.write('V1__users.cql', V1);
    await migrate(world.session, world.options());
    await world.write('V2__email.cql', V2);
    const before = await tablesOf(world.session, world.keyspace);

    const result = await migrate(world.session, { ...world.options(), dryRun: true });
    expect(result.planned.map((p) => p.statements)).toEqual([
      ['ALTER TABLE users ADD email text', 'CREATE INDEX users_by_email ON users (email)'],
    ]);
    expect(await tablesOf(world.session, world.keyspace)).toEqual(before);
    const columns = await world.session.execute(
      'SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [world.keyspace, 'users'],
    );
    expect(columns.rows.map((r) => r.column_name)).not.toContain('email');
    expect([...(await historyRows(world.session, world.keyspace)).keys()]).toEqual(['1']);
    const lockRows = await world.session.execute(`SELECT * FROM ${world.keyspace}.cqlkit_migrations_lock`);
    expect(lockRows.rows).toEqual([]);
  });

  it('stops at --target and continues later', async () => {
    await world.write('V1__users.cql', V1);
    await world.write('V2__email.cql', V2);
    expect((await migrate(world.session, { ...world.options(), target: '1' })).currentVersion).toBe('1');
    expect((await migrate(world.session, world.options())).applied.map((a) => a.version)).toEqual(['2']);
  });

  it('baselines an existing keyspace and applies only later migrations', async () => {
    await world.session.execute(
      `CREATE KEYSPACE ${world.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await world.session.execute(
      `CREATE TABLE ${world.keyspace}.users (id int PRIMARY KEY, name text, note text)`,
    );
    await world.write('V1__users.cql', V1);
    await world.write('V2__email.cql', V2);
    await baseline(world.session, { ...world.options(), version: '1' });
    await expect(baseline(world.session, { ...world.options(), version: '1' })).rejects.toThrow(
      HistoryStateError,
    );

    const result = await migrate(world.session, world.options());
    expect(result.applied.map((a) => a.version)).toEqual(['2']);
    const status = await migrationStatus(world.session, world.options());
    expect(status.entries.map((e) => [e.version, e.state])).toEqual([
      ['1', 'baseline'],
      ['2', 'applied'],
    ]);
  });

  it('reverts with U… scripts, newest first, and re-applies afterwards', async () => {
    await world.write('V1__users.cql', V1);
    await world.write('V2__email.cql', V2);
    await world.write('U2__email.cql', 'DROP INDEX IF EXISTS users_by_email;\nALTER TABLE users DROP email;');
    await migrate(world.session, world.options());

    const events: MigrationEvent[] = [];
    const dry = await down(world.session, {
      ...world.options(),
      dryRun: true,
      onEvent: (e) => events.push(e),
    });
    expect(dry.reverted.map((r) => r.via)).toEqual(['U2__email.cql']);
    expect(events.map(formatEvent)).toEqual([
      'would revert V2 V2__email.cql with U2__email.cql (2 statements)',
      '  [1/2] DROP INDEX IF EXISTS users_by_email;',
      '  [2/2] ALTER TABLE users DROP email;',
    ]);
    expect((await historyRows(world.session, world.keyspace)).has('2')).toBe(true);

    const reverted = await down(world.session, world.options());
    expect(reverted).toMatchObject({ dryRun: false, currentVersion: '1', reverted: [{ version: '2' }] });
    expect((await historyRows(world.session, world.keyspace)).has('2')).toBe(false);
    await expect(down(world.session, { ...world.options(), target: '0' })).rejects.toThrow(
      DownUnavailableError,
    );
    expect((await historyRows(world.session, world.keyspace)).has('1')).toBe(true);

    expect((await migrate(world.session, world.options())).applied.map((a) => a.version)).toEqual(['2']);
  });
});
