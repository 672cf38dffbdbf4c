/**
 * `cqlkit-migrate` as a function: parses the arguments, resolves the configuration, connects,
 * runs the command, prints progress (one line per step) and the result, and returns the exit
 * status. `cli.ts` calls it with the real process; tests call it with their own streams.
 *
 * @packageDocumentation
 */
import { Cluster } from '@cqlkit/driver';

import { parseCliArgs, type CliArgs } from './cli-args';
import { resolveCliSettings, type CliSettings } from './cli-config';
import { helpText } from './cli-help';
import { formatError, formatResult, jsonError, jsonResult, type CommandResult } from './cli-output';
import { baseline } from './commands/baseline';
import { createMigration, type NewMigrationKind } from './commands/create';
import { down } from './commands/down';
import { repair } from './commands/repair';
import { migrationStatus } from './commands/status';
import { migrate } from './commands/up';
import { MigrationConfigError } from './errors';
import { formatEvent } from './events';
import type { MigrationSession } from './migration-session';
import type { MigrationOptions } from './options';

/** Where the CLI reads and writes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit statuses. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs the CLI.
 *
 * @returns the exit status: 0 on success, 1 when the command failed, 2 on a usage or
 *   configuration error.
 *
 * @example
 * ```ts
 * const status = await runCli(['status', '--keyspace', 'shop'], {
 *   stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, cwd: process.cwd(),
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    io.stderr(formatError(e));
    return EXIT.usage;
  }
  if (args.command === 'help') {
    io.stdout(helpText(args.positionals[0]));
    const asked = args.flags.help === true || argv.includes('help');
    return asked ? EXIT.ok : EXIT.usage;
  }
  const json = args.flags.json === true;
  const progress = json ? io.stderr : io.stdout;
  try {
    const settings = await resolveCliSettings(args.flags, io.env, io.cwd);
    const result = await runCommand(args, settings, (line) => progress(`${line}\n`));
    io.stdout(json ? jsonResult(result) : formatResult(result));
    return EXIT.ok;
  } catch (e) {
    if (json) io.stdout(jsonError(args.command, e));
    io.stderr(formatError(e));
    return e instanceof MigrationConfigError ? EXIT.usage : EXIT.failed;
  }
}

async function runCommand(
  args: CliArgs,
  settings: CliSettings,
  print: (line: string) => void,
): Promise<CommandResult> {
  const { flags, positionals } = args;
  if (args.command === 'create') {
    const result = await createMigration({
      migrationsDir: settings.migration.migrationsDir,
      description: positionals.join(' '),
      kind: (flags.kind ?? 'cql') as NewMigrationKind,
      versioning: flags.timestamp ? 'timestamp' : 'next',
    });
    return { command: 'create', result };
  }
  if (settings.migration.keyspace === undefined) {
    throw new MigrationConfigError(
      'no keyspace given: pass --keyspace, set CQLKIT_MIGRATE_KEYSPACE, or put "keyspace" in the configuration file',
    );
  }
  const options: MigrationOptions = { ...settings.migration, onEvent: (e) => print(formatEvent(e)) };
  const cluster = new Cluster(settings.cluster);
  try {
    const session: MigrationSession = await cluster.connect();
    switch (args.command) {
      case 'up':
        return {
          command: 'up',
          result: await migrate(session, {
            ...options,
            ...(flags.target !== undefined ? { target: flags.target } : {}),
            dryRun: flags['dry-run'] === true,
            outOfOrder: flags['out-of-order'] === true,
          }),
        };
      case 'status':
        return { command: 'status', result: await migrationStatus(session, options) };
      case 'baseline':
        return {
          command: 'baseline',
          result: await baseline(session, {
            ...options,
            version: positionals[0] as string,
            ...(flags.description !== undefined ? { description: flags.description } : {}),
          }),
        };
      case 'repair':
        return { command: 'repair', result: await repair(session, options) };
      case 'down':
        return {
          command: 'down',
          result: await down(session, {
            ...options,
            ...(flags.target !== undefined ? { target: flags.target } : {}),
            dryRun: flags['dry-run'] === true,
          }),
        };
      default:
        throw new MigrationConfigError(`'${args.command}' is not a command that runs against the cluster`);
    }
  } finally {
    await cluster.shutdown();
  }
}
