#!/usr/bin/env node
// Writes the `.mjs` entry points named by each package's "exports" map: ES modules that re-export
// the CommonJS build by name. ESM and CJS consumers therefore share one copy of every class (no
// dual-package hazard: `instanceof` on errors and values works whichever way the package was loaded).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const names = process.argv.slice(2);
const packages = names.length ? names : ['driver', 'mapper', 'migrations', 'testing', 'opentelemetry'];

for (const name of packages) {
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const entry of Object.values(manifest.exports ?? {})) {
    if (typeof entry !== 'object' || !entry.import || !entry.require) continue;
    const cjs = join(dir, entry.require);
    if (!existsSync(cjs)) throw new Error(`esm-wrappers: ${cjs} is missing; build the package first`);
    const exported = Object.keys(require(cjs)).filter((k) => k !== '__esModule' && k !== 'default');
    const lines = [`import cjs from './${basename(entry.require)}';`];
    if (exported.length) lines.push(`export const { ${exported.join(', ')} } = cjs;`);
    writeFileSync(join(dir, entry.import), lines.join('\n') + '\n');
  }
}
