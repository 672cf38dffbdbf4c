#!/usr/bin/env node
// The `cqlkit-cassandra` command: loads the built CLI. A committed file (not dist/cli/main.js
// itself), so npm links it into node_modules/.bin at install time, before any build.
'use strict';
try {
  require.resolve('../dist/cli/main.js');
} catch {
  process.stderr.write('cqlkit-cassandra: @cqlkit/testing is not built; run `npm run build` first\n');
  process.exit(1);
}
require('../dist/cli/main.js');
