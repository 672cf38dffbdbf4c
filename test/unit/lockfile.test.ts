/**
 * The lockfile is complete for every platform, so `npm ci` on a fresh clone installs from it as it
 * is (current npm refuses a lockfile whose packages declare optional dependencies it does not list,
 * e.g. the per-platform bindings of native packages) and `npm test` never rewrites it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly link?: boolean;
}

interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

const root = join(__dirname, '..', '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;

/** Where Node would find `name` from the package installed at `path`: its own node_modules, then each parent's. */
function resolves(path: string, name: string): boolean {
  let base = path;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate]) return true;
    if (base === '') return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('is a v3 lockfile', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('lists every optional dependency of every locked package, for all platforms', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(path, name)) missing.push(`${path || '(root)'} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
