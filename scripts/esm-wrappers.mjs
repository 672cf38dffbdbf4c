#!/usr/bin/env node
// Writes dist/index.mjs for each package: an ES module that re-exports the CommonJS build by name.
// ESM and CJS consumers therefore share one copy of every class (no dual-package hazard:
// `instanceof` on errors and values works whichever way the package was loaded).
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const names = process.argv.slice(2);
const packages = names.length ? names : ['driver', 'mapper', 'migrations'];

for (const name of packages) {
  const dist = join(root, 'packages', name, 'dist');
  const entry = join(dist, 'index.js');
  if (!existsSync(entry)) throw new Error(`esm-wrappers: ${entry} is missing; build the package first`);
  const exported = Object.keys(require(entry)).filter((k) => k !== '__esModule' && k !== 'default');
  const lines = ["import cjs from './index.js';"];
  if (exported.length) lines.push(`export const { ${exported.join(', ')} } = cjs;`);
  writeFileSync(join(dist, 'index.mjs'), lines.join('\n') + '\n');
}
