/**
 * The built packages work for CommonJS (`require`) and ES-module (`import`) consumers alike, and
 * both share one copy of every class. Needs `npm run build` first (`npm test` builds before Jest).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

describe('package entry points', () => {
  beforeAll(() => {
    for (const pkg of ['driver', 'mapper', 'migrations', 'testing', 'opentelemetry']) {
      const entry = join(root, 'packages', pkg, 'dist', 'index.mjs');
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" before this test`);
    }
  });

  it('loads @cqlkit/driver with require()', () => {
    const out = run([
      '-e',
      "const d = require('@cqlkit/driver'); console.log(typeof d.Cluster, typeof d.Uuid.random)",
    ]);
    expect(out).toBe('function function');
  });

  it('loads @cqlkit/driver with import, sharing the CommonJS classes', () => {
    const out = run([
      '--input-type=module',
      '-e',
      "import { Cluster, ValueEncodingError } from '@cqlkit/driver'; import { createRequire } from 'node:module';" +
        "const cjs = createRequire(process.cwd() + '/package.json')('@cqlkit/driver');" +
        'console.log(typeof Cluster, ValueEncodingError === cjs.ValueEncodingError)',
    ]);
    expect(out).toBe('function true');
  });

  it.each(['mapper', 'migrations', 'testing', 'opentelemetry'])('loads @cqlkit/%s both ways', (pkg) => {
    expect(run(['-e', `require('@cqlkit/${pkg}'); console.log('ok')`])).toBe('ok');
    expect(run(['--input-type=module', '-e', `await import('@cqlkit/${pkg}'); console.log('ok')`])).toBe(
      'ok',
    );
  });

  it("sends the driver package's version in STARTUP, from the build as from the sources", () => {
    const manifest = join(root, 'packages', 'driver', 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const handshake = join(root, 'packages', 'driver', 'dist', 'protocol', 'handshake.js');
    expect(run(['-e', `console.log(require(${JSON.stringify(handshake)}).DRIVER_VERSION)`])).toBe(version);
  });

  it('ships generated declaration files', () => {
    for (const pkg of ['driver', 'mapper', 'migrations', 'testing', 'opentelemetry']) {
      expect(existsSync(join(root, 'packages', pkg, 'dist', 'index.d.ts'))).toBe(true);
    }
  });

  it('ships the Jest helpers of @cqlkit/testing as subpaths, and the fault proxy re-exported', () => {
    const out = run([
      '-e',
      "const s = require('@cqlkit/testing/jest-global-setup'); const t = require('@cqlkit/testing/jest-global-teardown');" +
        "const p = require('@cqlkit/testing'); const d = require('@cqlkit/driver/testing');" +
        'console.log(typeof s.default, typeof t.default, p.CqlProxy === d.CqlProxy, typeof p.startCassandra)',
    ]);
    expect(out).toBe('function function true function');
  });

  it('runs the cqlkit-cassandra executable', () => {
    const out = run([join(root, 'packages', 'testing', 'dist', 'cli', 'main.js'), '--help']);
    expect(out).toContain('Usage: cqlkit-cassandra <command>');
    expect(out).toContain('build-image');
  });
});
