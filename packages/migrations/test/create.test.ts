import { createMigration, MigrationConfigError } from '@cqlkit/migrations';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('createMigration', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqlkit-create-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates V1 in an empty (even missing) folder', async () => {
    const target = join(dir, 'migrations');
    const created = await createMigration({ migrationsDir: target, description: 'create users' });
    expect(created).toEqual({
      version: '1',
      script: 'V1__create_users.cql',
      path: join(target, 'V1__create_users.cql'),
    });
    expect(await readFile(created.path, 'utf8')).toMatch(/^-- V1: create users\n/);
  });

  it('takes the next major version after the highest existing one', async () => {
    await writeFile(join(dir, 'V2__a.cql'), '');
    await writeFile(join(dir, 'V10_3__b.ts'), '');
    const created = await createMigration({ migrationsDir: dir, description: 'next one', kind: 'ts' });
    expect(created.script).toBe('V11__next_one.ts');
    const text = await readFile(created.path, 'utf8');
    expect(text).toContain("import type { Session } from '@cqlkit/driver';");
    expect(text).toContain('export async function up(session: Session): Promise<void> {');
    expect(text).toContain('export async function down(session: Session): Promise<void> {');
  });

  it('writes an ES module for js and can version by UTC timestamp', async () => {
    const created = await createMigration({
      migrationsDir: dir,
      description: 'seed-data',
      kind: 'js',
      versioning: 'timestamp',
      now: new Date(Date.UTC(2024, 4, 1, 12, 3, 9)),
    });
    expect(created.script).toBe('V20240501120309__seed_data.mjs');
    expect(await readFile(created.path, 'utf8')).toContain('export async function up(session) {');
  });

  it('rejects descriptions that would make a bad file name', async () => {
    await expect(createMigration({ migrationsDir: dir, description: '   ' })).rejects.toThrow(
      MigrationConfigError,
    );
    await expect(createMigration({ migrationsDir: dir, description: 'drop ../../etc' })).rejects.toThrow(
      /may only hold letters, digits, spaces/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects an unknown kind', async () => {
    await expect(
      createMigration({ migrationsDir: dir, description: 'x', kind: 'sql' as unknown as 'cql' }),
    ).rejects.toThrow("the kind of migration must be cql, ts or js, got 'sql'");
  });
});
