#!/usr/bin/env node
/**
 * The `cqlkit-migrate` executable. See `cqlkit-migrate --help`, or {@link runCli} for the logic.
 *
 * @packageDocumentation
 */
import { runCli } from './cli-run';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`cqlkit-migrate: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
