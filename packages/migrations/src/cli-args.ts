/**
 * Command-line parsing of `cqlkit-migrate` with Node's `util.parseArgs`: the command, its
 * positional arguments and the flags, checked against what each command accepts.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';

import { MigrationConfigError } from './errors';

/** The commands of `cqlkit-migrate`. */
export const COMMANDS = ['up', 'status', 'create', 'baseline', 'repair', 'down', 'help'] as const;

/** One of {@link COMMANDS}. */
export type CliCommand = (typeof COMMANDS)[number];

/** Flags, as given (strings are unparsed). */
export interface CliFlags {
  readonly config?: string;
  readonly env?: string;
  readonly 'contact-points'?: string;
  readonly 'local-dc'?: string;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: boolean;
  readonly 'tls-ca-file'?: string;
  readonly keyspace?: string;
  readonly dir?: string;
  readonly 'history-keyspace'?: string;
  readonly 'history-table'?: string;
  readonly replication?: string;
  readonly consistency?: string;
  readonly 'serial-consistency'?: string;
  readonly 'lock-wait'?: string;
  readonly 'lock-ttl'?: string;
  readonly 'agreement-timeout'?: string;
  readonly target?: string;
  readonly 'dry-run'?: boolean;
  readonly 'out-of-order'?: boolean;
  readonly json?: boolean;
  readonly kind?: string;
  readonly timestamp?: boolean;
  readonly description?: string;
  readonly help?: boolean;
}

/** A parsed command line. */
export interface CliArgs {
  readonly command: CliCommand;
  readonly positionals: readonly string[];
  readonly flags: CliFlags;
}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  env: { type: 'string', short: 'e' },
  'contact-points': { type: 'string' },
  'local-dc': { type: 'string' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'p' },
  tls: { type: 'boolean' },
  'tls-ca-file': { type: 'string' },
  keyspace: { type: 'string', short: 'k' },
  dir: { type: 'string', short: 'd' },
  'history-keyspace': { type: 'string' },
  'history-table': { type: 'string' },
  replication: { type: 'string' },
  consistency: { type: 'string' },
  'serial-consistency': { type: 'string' },
  'lock-wait': { type: 'string' },
  'lock-ttl': { type: 'string' },
  'agreement-timeout': { type: 'string' },
  target: { type: 'string', short: 't' },
  'dry-run': { type: 'boolean' },
  'out-of-order': { type: 'boolean' },
  json: { type: 'boolean' },
  kind: { type: 'string' },
  timestamp: { type: 'boolean' },
  description: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags only some commands take (the others are common). */
const ONLY_FOR: Readonly<Record<string, readonly CliCommand[]>> = {
  target: ['up', 'down'],
  'dry-run': ['up', 'down'],
  'out-of-order': ['up'],
  kind: ['create'],
  timestamp: ['create'],
  description: ['baseline'],
};

/** Positional arguments each command takes: [required, optional]. */
const POSITIONALS: Readonly<Record<CliCommand, readonly [number, number]>> = {
  up: [0, 0],
  status: [0, 0],
  create: [1, Number.POSITIVE_INFINITY],
  baseline: [1, 0],
  repair: [0, 0],
  down: [0, 0],
  help: [0, 1],
};

/**
 * Parses `argv` (without `node` and the script).
 *
 * @throws MigrationConfigError on an unknown command or flag, a flag the command does not take,
 *   a missing flag value, or a wrong number of arguments.
 *
 * @example
 * ```ts
 * parseCliArgs(['up', '--target', '3', '--dry-run']); // { command: 'up', positionals: [], flags: { target: '3', 'dry-run': true } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new MigrationConfigError(`${(e as Error).message}; see cqlkit-migrate --help`);
  }
  const flags = parsed.values as CliFlags;
  const [first, ...rest] = parsed.positionals;
  if (first === undefined) return { command: 'help', positionals: [], flags };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new MigrationConfigError(`unknown command '${first}'; the commands are ${COMMANDS.join(', ')}`);
  }
  const command = first as CliCommand;
  if (flags.help) return { command: 'help', positionals: [command], flags };
  for (const [flag, commands] of Object.entries(ONLY_FOR)) {
    if (flags[flag as keyof CliFlags] !== undefined && !commands.includes(command)) {
      throw new MigrationConfigError(
        `--${flag} is not an option of '${command}' (only of ${commands.join(', ')})`,
      );
    }
  }
  const [required, optional] = POSITIONALS[command];
  if (rest.length < required || rest.length > required + optional) {
    const what = command === 'create' ? ' <description>' : command === 'baseline' ? ' <version>' : '';
    throw new MigrationConfigError(
      `'${command}' takes ${required === 0 && optional === 0 ? 'no arguments' : `${what.trim() || 'one argument'}`}, ` +
        `got ${rest.length === 0 ? 'none' : rest.map((r) => `'${r}'`).join(' ')}; usage: cqlkit-migrate ${command}${what} [options]`,
    );
  }
  return { command, positionals: rest, flags };
}
