/**
 * The packages install like real ones. `scripts/pack.mjs` packs @cqlkit/driver, mapper,
 * migrations and opentelemetry as npm would publish them; this test installs the tarballs into a
 * temporary project (with the peer dependency @opentelemetry/api, as npm installs peers) and checks what a user gets: no TypeScript build info, source maps that resolve, a
 * LICENSE, README links that lead somewhere inside the package, the driver dependency as a version
 * range (one copy of the driver), and a CommonJS and an ES-module script using the mapper and the
 * migrations, the `cqlkit-migrate` command, and the OpenTelemetry instrumentation loading with the
 * installed driver.
 *
 * The install is offline: the project's lockfile is cut from the repository's (same versions and
 * integrity hashes), so npm takes every dependency from its cache, which the repository's own
 * `npm ci` filled. Needs `npm run build` first (`npm test` builds before Jest).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const names = ['driver', 'mapper', 'migrations', 'opentelemetry'] as const;

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly bin?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

interface LockEntry {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/** npm without the settings of an enclosing `npm run` (its project folder, its command). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) || /^npm_config_cache$/i.test(key)) env[key] = value;
  }
  return env;
}

/**
 * The lockfile `packages` of the tarballs' dependencies, taken from the repository's lockfile and
 * laid flat under node_modules/ (a dependency needed in two versions is an error here).
 */
function dependencyLock(manifests: readonly Manifest[]): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  /** The lockfile key Node would load `name` from, for the package installed at `from`. */
  const locate = (from: string, name: string): string => {
    for (let base = from; ;) {
      const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
      if (lock.packages[key] !== undefined) return key;
      if (base === '') throw new Error(`package-lock.json has no ${name} for ${from}`);
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  const entries: Record<string, LockEntry> = {};
  const queue: [string, string][] = manifests.flatMap((m, i) =>
    Object.keys({ ...m.dependencies, ...m.peerDependencies })
      .filter((d) => !d.startsWith('@cqlkit/'))
      .map((d): [string, string] => [`packages/${names[i]}`, d]),
  );
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [from, name] = next;
    const key = locate(from, name);
    const entry = lock.packages[key]!;
    const placed = entries[`node_modules/${name}`];
    if (placed !== undefined) {
      if (placed.version !== entry.version)
        throw new Error(`${name} is needed as ${placed.version} and ${entry.version}`);
      continue;
    }
    entries[`node_modules/${name}`] = entry;
    for (const d of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }))
      queue.push([key, d]);
  }
  return entries;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

let project: string;
const installed = (name: string): string => join(project, 'node_modules', '@cqlkit', name);

function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd: project, encoding: 'utf8', env: npmEnv(), timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  for (const name of names) {
    const entry = join(root, 'packages', name, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" before this test`);
  }
  project = mkdtempSync(join(tmpdir(), 'cqlkit-installed-'));
  const packed = execFileSync(
    process.execPath,
    [join(root, 'scripts', 'pack.mjs'), '--out', project, ...names],
    {
      cwd: root,
      encoding: 'utf8',
      env: npmEnv(),
    },
  )
    .trim()
    .split('\n');
  const manifests = names.map(
    (name) => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as Manifest,
  );
  const dependencies = Object.fromEntries(manifests.map((m, i) => [m.name, `file:${basename(packed[i]!)}`]));
  const tarballs = Object.fromEntries(
    manifests.map((m) => [
      `node_modules/${m.name}`,
      {
        version: m.version,
        resolved: dependencies[m.name],
        license: m.license,
        dependencies: m.dependencies,
        peerDependencies: m.peerDependencies,
        bin: m.bin,
      },
    ]),
  );
  const consumer = { name: 'consumer', version: '1.0.0', private: true, dependencies };
  writeFileSync(join(project, 'package.json'), JSON.stringify(consumer, null, 2));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({
      ...consumer,
      lockfileVersion: 3,
      requires: true,
      packages: { '': consumer, ...tarballs, ...dependencyLock(manifests) },
    }),
  );
  const install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  if (install.status !== 0) {
    throw new Error(
      `npm ci --offline of the packed tarballs failed (the repository's own "npm ci" fills the npm cache this needs):\n${install.stderr}`,
    );
  }
}, 120_000);

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

describe('the packed packages, installed', () => {
  it.each(names)(
    '@cqlkit/%s ships no TypeScript build info, and its source maps resolve with their sources',
    (name) => {
      const dir = installed(name);
      const files = filesUnder(dir);
      expect(files.filter((f) => f.endsWith('.tsbuildinfo') || f.endsWith('.d.ts.map'))).toEqual([]);
      let maps = 0;
      for (const file of files.filter((f) => /\.(m?js|d\.ts)$/.test(f))) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(dir, file), 'utf8'))?.[1];
        if (url === undefined) continue;
        const mapPath = resolve(dirname(join(dir, file)), url);
        expect(existsSync(mapPath) ? file : `${file} → missing ${url}`).toBe(file);
        const map = JSON.parse(readFileSync(mapPath, 'utf8')) as {
          sources: string[];
          sourcesContent?: string[];
        };
        expect(map.sourcesContent?.length).toBe(map.sources.length);
        expect(map.sourcesContent!.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
        maps++;
      }
      expect(maps).toBeGreaterThan(0);
    },
  );

  it.each(names)('@cqlkit/%s ships the LICENSE', (name) => {
    expect(readFileSync(join(installed(name), 'LICENSE'), 'utf8')).toBe(
      readFileSync(join(root, 'LICENSE'), 'utf8'),
    );
  });

  it.each(names)(
    '@cqlkit/%s: every relative link of its README and guide pages leads to a shipped file',
    (name) => {
      const dir = installed(name);
      const pages = filesUnder(dir).filter((f) => f.endsWith('.md'));
      expect(pages).toContain('README.md');
      const broken: string[] = [];
      for (const page of pages) {
        for (const [, href] of readFileSync(join(dir, page), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^[a-z]+:|^#/i.test(href!)) continue;
          const target = resolve(dirname(join(dir, page)), href!.split('#')[0]!);
          if (!target.startsWith(`${dir}/`) || !existsSync(target)) broken.push(`${page}: ${href}`);
        }
      }
      expect(broken).toEqual([]);
    },
  );

  it('the mapper and the migrations depend on the driver by a version range, and share one copy of it', () => {
    const driver = JSON.parse(readFileSync(join(installed('driver'), 'package.json'), 'utf8')) as Manifest;
    for (const name of ['mapper', 'migrations']) {
      const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as Manifest;
      expect(manifest.dependencies?.['@cqlkit/driver']).toBe(`^${driver.version}`);
      expect(existsSync(join(installed(name), 'node_modules'))).toBe(false);
    }
  });

  it('the OpenTelemetry instrumentation names the driver a peer by a version range and loads with the installed one', () => {
    const driver = JSON.parse(readFileSync(join(installed('driver'), 'package.json'), 'utf8')) as Manifest;
    const otel = JSON.parse(
      readFileSync(join(installed('opentelemetry'), 'package.json'), 'utf8'),
    ) as Manifest;
    expect(otel.peerDependencies?.['@cqlkit/driver']).toBe(`^${driver.version}`);
    expect(otel.dependencies).toBeUndefined();
    expect(existsSync(join(installed('opentelemetry'), 'node_modules'))).toBe(false);
    // Enabled, it subscribes to the installed driver's channels; its scope version is the package's.
    const script = (imports: string): string => `${imports}
const instrumentation = new CqlkitInstrumentation();
instrumentation.enable();
const subscribed = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.start).hasSubscribers;
instrumentation.disable();
console.log(JSON.stringify([instrumentation.instrumentationVersion, subscribed, diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.start).hasSubscribers]));
`;
    writeFileSync(
      join(project, 'otel.cjs'),
      script(`const diagnosticsChannel = require('node:diagnostics_channel');
const { DIAGNOSTICS_CHANNELS } = require('@cqlkit/driver');
const { CqlkitInstrumentation } = require('@cqlkit/opentelemetry');`),
    );
    writeFileSync(
      join(project, 'otel.mjs'),
      script(`import diagnosticsChannel from 'node:diagnostics_channel';
import { DIAGNOSTICS_CHANNELS } from '@cqlkit/driver';
import { CqlkitInstrumentation } from '@cqlkit/opentelemetry';`),
    );
    for (const file of ['otel.cjs', 'otel.mjs']) {
      const r = run(process.execPath, [file]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([otel.version, true, false]);
    }
  });

  // The same program twice: CommonJS (require) and an ES module (import). Decorators are applied
  // by hand (plain JavaScript has no decorator syntax); the session is a stand-in (no server).
  const program = (imports: string): string => `${imports}
class User {}
PartitionKey(User.prototype, 'id');
Column({ type: 'uuid' })(User.prototype, 'id');
Column({ type: 'set<text>', as: Set })(User.prototype, 'tags');
Entity({ table: 'users' })(User);
const mapper = new Mapper({ keyspace: 'shop', cluster: {}, execute: async () => ({ rows: [] }) });
const user = mapper.toEntity(User, { id: '5b6962dd-3f90-4c93-8f61-eabfa4a803e2', tags: ['vip'] });
mkdirSync('migrations-' + kind, { recursive: true });
writeFileSync('migrations-' + kind + '/V1__create_users.cql', mapper.schema.createStatements([User]).join(';\\n') + ';\\n');
const caught = (f) => f().then(() => 'no error', (e) => e instanceof DriverError && e.name);
(async () => {
  const migrations = await loadMigrations('migrations-' + kind);
  console.log(JSON.stringify({
    uuid: user.id instanceof Uuid && user.id.toString(),
    tags: user.tags instanceof Set && [...user.tags],
    mapperError: await caught(async () => mapper.model(class NoKey {})),
    migrationsError: await caught(() => loadMigrations('missing-' + kind)),
    migrations: migrations.map((m) => [m.script, m.statements.length]),
  }));
})();
`;
  const expected = {
    uuid: '5b6962dd-3f90-4c93-8f61-eabfa4a803e2',
    tags: ['vip'],
    mapperError: 'EntityDefinitionError',
    migrationsError: 'MigrationConfigError',
    migrations: [['V1__create_users.cql', 1]],
  };

  it('runs a CommonJS script with the mapper and the migrations', () => {
    writeFileSync(
      join(project, 'app.cjs'),
      program(`'use strict';
const kind = 'cjs';
const { mkdirSync, writeFileSync } = require('node:fs');
const { DriverError, Uuid } = require('@cqlkit/driver');
const { Column, Entity, Mapper, PartitionKey } = require('@cqlkit/mapper');
const { loadMigrations } = require('@cqlkit/migrations');`),
    );
    const r = run(process.execPath, ['app.cjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('runs an ES-module script with the mapper and the migrations', () => {
    writeFileSync(
      join(project, 'app.mjs'),
      program(`const kind = 'esm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { DriverError, Uuid } from '@cqlkit/driver';
import { Column, Entity, Mapper, PartitionKey } from '@cqlkit/mapper';
import { loadMigrations } from '@cqlkit/migrations';`),
    );
    const r = run(process.execPath, ['app.mjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('runs the cqlkit-migrate command through npx', () => {
    mkdirSync(join(project, 'migrations'), { recursive: true });
    const created = run('npx', ['--no-install', 'cqlkit-migrate', 'create', 'add users']);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('V1__add_users.cql');
    expect(existsSync(join(project, 'migrations', 'V1__add_users.cql'))).toBe(true);
    // A command that connects: the driver loads and names the host it could not reach.
    const status = run('npx', [
      '--no-install',
      'cqlkit-migrate',
      'status',
      '-k',
      'shop',
      '--contact-points',
      '127.0.0.1:1',
    ]);
    expect(status.status).toBe(1);
    expect(status.stderr).toMatch(/NoHostAvailableError: .*127\.0\.0\.1:1/);
  });
});
