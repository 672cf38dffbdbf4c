import { loadMigrations, MigrationConfigError, MigrationFileError } from '@cqlkit/migrations';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fileChecksum } from '../src/checksum';

describe('loadMigrations', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqlkit-loader-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = (name: string, content: string) => writeFile(join(dir, name), content);

  it('orders migrations by numeric version and splits .cql files into statements', async () => {
    await write('V10__ten.cql', 'CREATE TABLE ten (id int PRIMARY KEY);');
    await write(
      'V2__two.cql',
      "CREATE TABLE two (id int PRIMARY KEY);\nINSERT INTO two (id) VALUES (1); -- ';'\n",
    );
    await write('V9_1__code.ts', 'export async function up() {}');
    await write('README.md', '# not a migration');
    await write('helpers.ts', 'export const x = 1;');
    const migrations = await loadMigrations(dir);
    expect(migrations.map((m) => [m.version, m.kind, m.statements.length])).toEqual([
      ['2', 'cql', 2],
      ['9.1', 'code', 0],
      ['10', 'cql', 1],
    ]);
    const two = migrations[0];
    expect(two).toMatchObject({ description: 'two', script: 'V2__two.cql', path: join(dir, 'V2__two.cql') });
    expect(two?.checksum).toBe(
      fileChecksum("CREATE TABLE two (id int PRIMARY KEY);\nINSERT INTO two (id) VALUES (1); -- ';'\n"),
    );
    expect(two?.statements[1]).toMatchObject({ line: 2, keyword: 'INSERT' });
  });

  it('attaches U… undo scripts to their migration', async () => {
    await write('V1__users.cql', 'CREATE TABLE users (id int PRIMARY KEY);');
    await write('U1__users.cql', 'DROP TABLE IF EXISTS users;');
    const [m] = await loadMigrations(dir);
    expect(m?.undo?.script).toBe('U1__users.cql');
    expect(m?.undo?.statements.map((s) => s.cql)).toEqual(['DROP TABLE IF EXISTS users']);
  });

  it('rejects two files with the same version, naming both', async () => {
    await write('V1__a.cql', 'SELECT 1 FROM t;');
    await write('V001__b.ts', 'export async function up() {}');
    await expect(loadMigrations(dir)).rejects.toThrow(MigrationFileError);
    await expect(loadMigrations(dir)).rejects.toThrow(/V1__a\.cql and V001__b\.ts both have version 1/);
  });

  it('rejects a misnamed migration file instead of skipping it', async () => {
    await write('V1_users.cql', 'SELECT 1 FROM t;');
    await expect(loadMigrations(dir)).rejects.toThrow(/V1_users\.cql: a migration must be named/);
  });

  it('rejects an undo script without its migration', async () => {
    await write('U3__nothing.cql', 'DROP TABLE t;');
    await expect(loadMigrations(dir)).rejects.toThrow(/reverts version 3, but there is no V3__/);
  });

  it('names the file, line and column of a CQL file that cannot be split', async () => {
    await write('V1__bad.cql', "SELECT 1 FROM t;\nINSERT INTO t (v) VALUES ('oops);\n");
    const error = await loadMigrations(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFileError);
    expect((error as MigrationFileError).file).toBe(join(dir, 'V1__bad.cql'));
    expect((error as Error).message).toContain(`${join(dir, 'V1__bad.cql')}:2:27:`);
  });

  it('says which directory is missing', async () => {
    await expect(loadMigrations(join(dir, 'nope'))).rejects.toThrow(MigrationConfigError);
    await expect(loadMigrations(join(dir, 'nope'))).rejects.toThrow(/cannot read the migrations directory/);
  });
});
