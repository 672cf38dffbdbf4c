/**
 * The `cqlkit-migrate` executable against a real Cassandra, each run a separate process: two
 * runners at once, a held lock, dry run, TypeScript migrations, JSON output, configuration files.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  cliEnv,
  historyRows,
  keyspaceExists,
  openWorld,
  runCli,
  tablesOf,
  TEST_REPLICATION,
  type MigrationsWorld,
} from './migrations-test-kit';

const REPLICATION = JSON.stringify(TEST_REPLICATION);

const TS_MIGRATION = `import type { Session } from '@cqlkit/driver';

interface AuditRow { readonly id: number; readonly what: string }

export async function up(session: Session): Promise<void> {
  await session.execute('CREATE TABLE IF NOT EXISTS audit (id int PRIMARY KEY, what text)');
  const row: AuditRow = { id: 1, what: 'written by a .ts migration' };
  await session.execute('INSERT INTO audit (id, what) VALUES (?, ?)', [row.id, row.what], { prepare: true });
}

export async function down(session: Session): Promise<void> {
  await session.execute('DROP TABLE IF EXISTS audit');
}
`;

jest.setTimeout(120_000);

describe('cqlkit-migrate (CLI processes) against Cassandra', () => {
  let world: MigrationsWorld;
  beforeEach(async () => {
    world = await openWorld('mig_cli');
  });
  afterEach(async () => {
    await world.close();
  });
  const common = () => ['-k', world.keyspace, '-d', world.dir];

  it('two runners started together: exactly one applies each migration, the other applies nothing', async () => {
    await world.write(
      'V1__counters.cql',
      'CREATE TABLE hits (k int PRIMARY KEY, c counter);\nCREATE TABLE once (id int PRIMARY KEY);',
    );
    await world.write('V2__bump.cql', 'UPDATE hits SET c = c + 1 WHERE k = 1;');
    await world.write(
      'V3__bump_from_code.ts',
      "export async function up(session: { execute(q: string): Promise<unknown> }): Promise<void> {\n  await session.execute('UPDATE hits SET c = c + 1 WHERE k = 1');\n}\n",
    );
    await world.write('V4__more.cql', 'ALTER TABLE once ADD v text;\nUPDATE hits SET c = c + 1 WHERE k = 1;');

    const args = ['up', ...common(), '--replication', REPLICATION];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).not.toMatch(/^error/m);

    const applied = (out: string) => out.split('\n').filter((l) => /^applied V\d/.test(l));
    const byA = applied(a.stdout);
    const byB = applied(b.stdout);
    expect([byA.length, byB.length].sort()).toEqual([0, 4]);
    const idle = byA.length === 0 ? a : b;
    expect(idle.stdout).toMatch(/schema is up to date \(version 4\); nothing to apply/);
    expect(idle.stdout).not.toMatch(/^applying /m);

    const hits = await world.session.execute(`SELECT c FROM ${world.keyspace}.hits WHERE k = 1`);
    expect(String(hits.first()?.c)).toBe('3'); // each counter bump ran exactly once
    const history = await historyRows(world.session, world.keyspace);
    expect([...history.values()].map((r) => r.state)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  });

  it('a runner that finds the lock held waits (bounded) and then exits with a clear message', async () => {
    await world.write('V1__a.cql', 'CREATE TABLE a (id int PRIMARY KEY);');
    expect((await runCli(['up', ...common(), '--replication', REPLICATION])).code).toBe(0);
    await world.write('V2__b.cql', 'CREATE TABLE b (id int PRIMARY KEY);');
    await world.session.execute(
      `INSERT INTO ${world.keyspace}.cqlkit_migrations_lock (name, owner, owner_info, acquired_at, renewed_at) ` +
        'VALUES (?, ?, ?, toTimestamp(now()), toTimestamp(now())) USING TTL 60',
      ['cqlkit_migrations', 'someone-else', 'ops@bastion (pid 99)'],
      { prepare: true },
    );

    const started = Date.now();
    const run = await runCli(['up', ...common(), '--lock-wait', '2']);
    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(run.stdout).toContain('waiting for the migration lock held by ops@bastion (pid 99)');
    expect(run.stderr).toMatch(
      /^error \[CQLKIT_MIGRATION_LOCK_TIMEOUT\]: the migration lock .*cqlkit_migrations_lock\[cqlkit_migrations\] is held by ops@bastion \(pid 99\) since /m,
    );
    expect(await tablesOf(world.session, world.keyspace)).not.toContain('b');

    const json = await runCli(['up', ...common(), '--lock-wait', '0', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      command: 'up',
      error: { code: 'CQLKIT_MIGRATION_LOCK_TIMEOUT' },
    });
  });

  it('--dry-run prints the statements and changes nothing on the server', async () => {
    await world.write(
      'V1__a.cql',
      "CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a (id) VALUES (1); -- 'x;y'",
    );
    await world.write('V2__code.ts', TS_MIGRATION);
    const run = await runCli(['up', ...common(), '--replication', REPLICATION, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`would create keyspace ${world.keyspace}:`);
    expect(run.stdout).toContain('  [1/2] CREATE TABLE a (id int PRIMARY KEY);');
    expect(run.stdout).toContain('  [2/2] INSERT INTO a (id) VALUES (1);');
    expect(run.stdout).toContain('  would run up() of V2__code.ts (code migration)');
    expect(run.stdout).toMatch(
      /dry run: 2 migration\(s\) with 2 statement\(s\) would be applied .*nothing was changed/,
    );
    expect(await keyspaceExists(world.session, world.keyspace)).toBe(false);
  });

  it('runs .ts migrations (up and down) and reports status as JSON', async () => {
    await world.write('V1__base.cql', 'CREATE TABLE base (id int PRIMARY KEY);');
    await world.write('V2__audit.ts', TS_MIGRATION);

    const up = await runCli(['up', ...common(), '--replication', REPLICATION]);
    expect(up.stderr).not.toMatch(/^error/m);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('applying V2 V2__audit.ts (code)');
    const audit = await world.session.execute(`SELECT what FROM ${world.keyspace}.audit WHERE id = 1`);
    expect(audit.first()?.what).toBe('written by a .ts migration');
    expect((await historyRows(world.session, world.keyspace)).get('2')).toMatchObject({
      kind: 'code',
      state: 'succeeded',
      statements_applied: 2,
    });

    const status = await runCli(['status', ...common(), '--json']);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as {
      ok: boolean;
      result: { currentVersion: string; entries: { version: string; state: string; appliedAt: string }[] };
    };
    expect(report.ok).toBe(true);
    expect(report.result.currentVersion).toBe('2');
    expect(report.result.entries.map((e) => [e.version, e.state])).toEqual([
      ['1', 'applied'],
      ['2', 'applied'],
    ]);
    expect(Date.parse(report.result.entries[1]?.appliedAt ?? '')).toBeGreaterThan(0);

    const reverted = await runCli(['down', ...common()]);
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toContain('reverted V2 (V2__audit.ts); now at version 1');
    expect(await tablesOf(world.session, world.keyspace)).not.toContain('audit');
  });

  it('reads a configuration file with per-environment replication', async () => {
    await world.write('V1__a.cql', 'CREATE TABLE a (id int PRIMARY KEY);');
    const config = join(world.dir, 'cqlkit-migrate.json');
    await writeFile(
      config,
      JSON.stringify({
        keyspace: 'never_used_keyspace',
        migrationsDir: '.',
        environments: {
          test: { keyspace: world.keyspace, createKeyspace: { replication: TEST_REPLICATION } },
          prod: { createKeyspace: { replication: { class: 'NetworkTopologyStrategy', dc1: 3 } } },
        },
      }),
    );
    const run = await runCli(['up', '--config', config], cliEnv({ CQLKIT_MIGRATE_ENV: 'test' }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`created keyspace ${world.keyspace}`);
    const replication = await world.session.execute(
      'SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [world.keyspace],
    );
    expect(replication.first()?.replication).toEqual(
      new Map([
        ['class', 'org.apache.cassandra.locator.SimpleStrategy'],
        ['replication_factor', '1'],
      ]),
    );
  });

  it('explains itself with --help and exits 2 on a usage error', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cqlkit-migrate <command> [arguments] [options]');
    const bad = await runCli(['up', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    const noKeyspace = await runCli(['status', '-d', world.dir]);
    expect(noKeyspace.code).toBe(2);
    expect(noKeyspace.stderr).toContain('no keyspace given: pass --keyspace');
  });
});
