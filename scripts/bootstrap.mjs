#!/usr/bin/env node
// Makes a fresh clone ready: installs the npm workspace exactly as locked (npm ci) when
// node_modules is missing or was installed from another package-lock.json. Cassandra itself (Maven jars, JDK
// checks) is resolved by the launcher in test/harness when a node is started.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.cqlkit-install-stamp');
const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';

if (have !== want) {
  if (!quiet) console.log('[bootstrap] installing npm dependencies (npm ci)…');
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  } catch {
    // Some npm 11 releases write lockfiles without other platforms' optional packages and then
    // refuse `npm ci` ("not in sync"); `npm install` installs the same locked versions.
    console.log('[bootstrap] npm ci refused the lockfile; installing the locked versions with npm install…');
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  writeFileSync(stamp, want + '\n');
} else if (!quiet) {
  console.log('[bootstrap] npm dependencies are up to date');
}
