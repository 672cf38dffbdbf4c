#!/usr/bin/env node
// The `cqlkit-migrate` command: loads the built CLI. A committed file (not dist/cli.js itself), so
// npm links it into node_modules/.bin at install time, before any build (npx inside the repository).
'use strict';
try {
  require.resolve('../dist/cli.js');
} catch {
  process.stderr.write('cqlkit-migrate: @cqlkit/migrations is not built; run `npm run build` first\n');
  process.exit(1);
}
require('../dist/cli.js');
