/**
 * The command-line tools of the workspace packages (`cqlkit-migrate`, `cqlkit-cassandra`) work
 * through `npx` inside the repository after the build. npm links a package's `bin` into
 * node_modules/.bin when it installs, and skips a bin whose file does not exist then: a bin
 * pointing into dist/ (built after `npm ci`) was never linked on a fresh clone, so `npx
 * cqlkit-migrate` went looking in the registry. The bins are committed shims that load dist/.
 * Needs `npm run build` first (`npm test` builds before Jest).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Manifest {
  readonly name: string;
  readonly bin?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
}

const packages = ['migrations', 'testing'].map((dir) => {
  const path = join(root, 'packages', dir);
  return { dir: path, manifest: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as Manifest };
});

/** Files git tracks under `dir`, relative to it. */
function tracked(dir: string): string[] {
  return execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('workspace command-line tools', () => {
  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s: every bin is a committed file shipped in the package, so npm links it at install',
    (_name, { dir, manifest }) => {
      const bins = Object.entries(manifest.bin ?? {});
      expect(bins.length).toBeGreaterThan(0);
      const files = tracked(dir);
      for (const [, target] of bins) {
        expect(files).toContain(target.replace(/^\.\//, ''));
        expect(manifest.files?.some((f) => target.replace(/^\.\//, '').startsWith(f))).toBe(true);
      }
    },
  );

  it('the lockfile records the same bins (npm ci compares them)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { bin?: Record<string, string> }>;
    };
    for (const { dir, manifest } of packages) {
      const key = dir.slice(root.length + 1);
      expect(lock.packages[key]?.bin).toEqual(manifest.bin);
    }
  });

  it('npx cqlkit-migrate runs inside the repository', () => {
    const bin = join(root, 'node_modules', '.bin', 'cqlkit-migrate');
    // The link npm makes at install (a fresh `npm ci` makes it now that the target is committed).
    expect(existsSync(bin)).toBe(true);
    const out = execFileSync('npx', ['--no-install', 'cqlkit-migrate', '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(/^Usage: cqlkit-migrate <command>/m);
  });
});
