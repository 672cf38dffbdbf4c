/**
 * The default module importer runs in a child `node` process (no tsx preloaded, as for a user of
 * the built CLI): Jest's module sandbox cannot run native `import()`. The importer is transpiled
 * to CommonJS into a temporary "project" whose node_modules links to tsx, or does not (and to the
 * built driver, whose DriverError the errors extend: `npm run build` first, as npm test does).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

import { asCodeMigration } from '../src/code-migration';

const run = promisify(execFile);
const SRC = resolve(__dirname, '../src');
const REPO_NODE_MODULES = resolve(__dirname, '../../../node_modules');

/** Transpiles the importer (and the errors it throws) into `dir/lib`. */
async function installImporter(dir: string): Promise<void> {
  await mkdir(join(dir, 'lib'), { recursive: true });
  for (const name of ['module-importer', 'errors']) {
    const source = await readFile(join(SRC, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.Node16, target: ts.ScriptTarget.ES2022 },
      fileName: `${name}.cts`,
    });
    await writeFile(join(dir, 'lib', `${name}.js`), outputText);
  }
}

/** Loads `file` with the importer in a fresh `node`, printing what up() returns (or the error). */
async function importInChild(project: string, file: string): Promise<{ ok: boolean; text: string }> {
  const script = `
    const { importMigrationModule } = require('./lib/module-importer.js');
    importMigrationModule(${JSON.stringify(file)}).then(
      async (ns) => { const m = typeof ns.up === 'function' ? ns : ns.default; console.log(JSON.stringify({ ok: true, text: String(await m.up()) })); },
      (e) => console.log(JSON.stringify({ ok: false, text: e.name + ': ' + e.message + ' @ ' + e.file })),
    );`;
  await writeFile(join(project, 'run.cjs'), script);
  const { stdout } = await run(process.execPath, [join(project, 'run.cjs')], {
    cwd: project,
    env: { PATH: process.env.PATH },
  });
  return JSON.parse(stdout.trim()) as { ok: boolean; text: string };
}

describe('importMigrationModule (in a plain node process)', () => {
  let root: string;
  let withTsx: string;
  let withoutTsx: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cqlkit-import-'));
    withTsx = join(root, 'with-tsx');
    withoutTsx = join(root, 'without-tsx');
    for (const project of [withTsx, withoutTsx]) {
      await mkdir(join(project, 'migrations'), { recursive: true });
      await installImporter(project);
      // The errors extend the driver's DriverError: the project has the (built) driver.
      await mkdir(join(project, 'node_modules', '@cqlkit'), { recursive: true });
      const driver = join(REPO_NODE_MODULES, '@cqlkit', 'driver');
      await symlink(driver, join(project, 'node_modules', '@cqlkit', 'driver'), 'dir');
    }
    await symlink(join(REPO_NODE_MODULES, 'tsx'), join(withTsx, 'node_modules', 'tsx'), 'dir');
  }, 30_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads a TypeScript migration with the project’s tsx', async () => {
    const file = join(withTsx, 'migrations', 'V1__typed.ts');
    await writeFile(
      file,
      "const label: string = 'typed';\nexport async function up(): Promise<string> { return label; }\n",
    );
    expect(await importInChild(withTsx, file)).toEqual({ ok: true, text: 'typed' });
  }, 30_000);

  it('loads ES module and CommonJS migrations natively', async () => {
    const esm = join(withoutTsx, 'migrations', 'V2__esm.mjs');
    await writeFile(esm, 'export default { async up() { return "esm"; } };\n');
    expect(await importInChild(withoutTsx, esm)).toEqual({ ok: true, text: 'esm' });
    const cjs = join(withoutTsx, 'migrations', 'V3__cjs.cjs');
    await writeFile(cjs, 'exports.up = async () => "cjs";\n');
    expect(await importInChild(withoutTsx, cjs)).toEqual({ ok: true, text: 'cjs' });
  }, 30_000);

  it('says to install tsx (or compile to .js) when a TypeScript migration cannot be loaded', async () => {
    const file = join(withoutTsx, 'migrations', 'V4__typed.ts');
    await writeFile(file, 'export async function up(): Promise<void> {}\n');
    const result = await importInChild(withoutTsx, file);
    expect(result.ok).toBe(false);
    expect(result.text).toContain('MigrationFileError');
    expect(result.text).toContain('it needs tsx (npm install --save-dev tsx');
    expect(result.text).toContain(`@ ${file}`);
  }, 30_000);

  it('wraps a module that fails to load in a MigrationFileError naming the file', async () => {
    const file = join(withoutTsx, 'migrations', 'V5__broken.mjs');
    await writeFile(file, 'export async function up( {\n');
    const result = await importInChild(withoutTsx, file);
    expect(result).toMatchObject({ ok: false });
    expect(result.text).toMatch(
      new RegExp(`^MigrationFileError: cannot load ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
    );
  }, 30_000);
});

describe('asCodeMigration', () => {
  it('accepts named exports and a default export object', () => {
    const up = async () => undefined;
    expect(asCodeMigration('/m/V1__x.ts', { up }).up).toBe(up);
    expect(asCodeMigration('/m/V1__x.ts', { default: { up } }).up).toBe(up);
  });

  it('rejects a module without up(), listing what it exports', () => {
    expect(() => asCodeMigration('/m/V1__x.ts', { migrate: () => undefined, other: 1 })).toThrow(
      '/m/V1__x.ts must export an async function up(session) (and optionally down(session)); it exports migrate, other',
    );
  });

  it('rejects a down that is not a function', () => {
    expect(() => asCodeMigration('/m/V1__x.ts', { up: async () => undefined, down: 'nope' })).toThrow(
      "'down' must be a function",
    );
  });
});
