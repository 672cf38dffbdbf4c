/**
 * `--help` texts of `cqlkit-migrate`: an overview and one page per command.
 *
 * @packageDocumentation
 */
import type { CliCommand } from './cli-args';
import { DEFAULT_CONFIG_FILE, ENV_VARS } from './cli-config';

const COMMAND_SUMMARY = `Commands:
  up                    Apply pending migrations, to the latest version or to --target
  status                List every migration: version, state, checksum, applied at
  create <description>  Write an empty migration file with the next version
  baseline <version>    Record that an existing keyspace is already at <version>
  repair                Accept changed checksums; clear failed migrations
  down                  Revert the latest migration (or all above --target)
  help [command]        Show help (also: <command> --help)`;

const COMMON_OPTIONS = `Connection and configuration (every command but create):
  -c, --config <file>        Configuration file (JSON, or a .js/.ts module exporting it);
                             default: ./${DEFAULT_CONFIG_FILE} when present
  -e, --env <name>           Use the "environments.<name>" section of the configuration file
      --contact-points <list>  Comma-separated host[:port] list (default 127.0.0.1)
      --local-dc <name>      Local data center
  -u, --username <name>      User for PasswordAuthenticator
  -p, --password <secret>    Password (prefer ${ENV_VARS.password})
      --tls                  Connect with TLS (system CAs, certificate verified)
      --tls-ca-file <pem>    Connect with TLS trusting this CA
  -k, --keyspace <name>      Keyspace the migrations run in
  -d, --dir <path>           Folder of the migration files (default ./migrations)
      --replication <json>   Create the keyspace when missing, e.g.
                             '{"class":"SimpleStrategy","replication_factor":1}'
      --history-keyspace <name>  Keyspace of the history and lock tables (default: --keyspace)
      --history-table <name> History table (default cqlkit_migrations; lock: <name>_lock)
      --consistency <level>  Consistency of history and migration statements (default QUORUM)
      --serial-consistency <level>  SERIAL (default) or LOCAL_SERIAL, for the lock and history
      --lock-wait <seconds>  How long to wait for another runner's lock (default 120; 0 = fail)
      --lock-ttl <seconds>   Lifetime of an unrenewed lock (default 60)
      --agreement-timeout <seconds>  Bound of each schema-agreement wait (default 60)
      --json                 Print the result as one JSON document (progress goes to stderr)
  -h, --help                 Show help`;

const FILES = `Migration files (in --dir), ordered by version:
  V<version>__<description>.cql   CQL statements, each ending with ';'
  V<version>__<description>.ts    a module exporting async up(session) and optionally down(session)
                                  (.js/.mjs/.cjs too; .ts needs tsx installed, or compile to .js)
  U<version>__<description>.cql   reverts V<version> (used by down)
  Versions are numbers with optional dots or underscores: V1, V1_1 (= 1.1), V20240501120000.`;

const ENVIRONMENT = `Environment variables (flags win over them; they win over the configuration file):\n${wrap(
  Object.values(ENV_VARS),
  '  ',
  98,
)}`;

const EXIT = `Exit status: 0 on success, 1 when a command fails, 2 on a usage or configuration error.`;

const PAGES: Readonly<Record<Exclude<CliCommand, 'help'>, string>> = {
  up: `Usage: cqlkit-migrate up [--target <version>] [--dry-run] [--out-of-order] [options]

Applies pending migrations in version order, each statement of a .cql file on its own, and waits
for schema agreement after every schema change (a timeout fails the run and names the hosts that
disagree). Before taking the lock it checks whether anything is pending; when nothing is, it exits
without locking. Two runners started together: one applies, the other waits for the lock (up to
--lock-wait) and then finds nothing left to do.

A migration whose file changed after it was applied stops the run (see repair). A file that failed
part-way resumes at its first unapplied statement once fixed; the statements it applied before
must be unchanged.

  -t, --target <version>   Apply up to and including this version
      --dry-run            Print the statements that would run; send nothing that changes anything
                           (reads schema tables and the history only, takes no lock)
      --out-of-order       Also apply pending versions older than the latest applied one`,
  status: `Usage: cqlkit-migrate status [options]

Lists every migration on disk and in the history with its state (applied, pending, failed,
running, changed, out-of-order, baseline, below-baseline, missing-file), its checksum, and when and
by whom it was applied. Reads only.`,
  create: `Usage: cqlkit-migrate create <description> [--kind cql|ts|js] [--timestamp] [--dir <path>]

Writes an empty migration file named V<next version>__<description>.<ext> into --dir (created
when missing). Needs no connection.

      --kind cql|ts|js     File type (default cql; js writes an ES module .mjs)
      --timestamp          Use the UTC time (yyyyMMddHHmmss) as version instead of the next number`,
  baseline: `Usage: cqlkit-migrate baseline <version> [--description <text>] [options]

Records that the keyspace is already at <version> (for a keyspace that predates cqlkit-migrate):
up then skips every migration up to <version>. The history must be empty.

      --description <text>  Stored with the baseline row`,
  repair: `Usage: cqlkit-migrate repair [options]

Makes the history match the files again, under the lock:
  - an applied migration whose file changed gets the file's new checksum;
  - a failed (or interrupted) migration's row is removed, so up runs it again from its first
    statement: undo what it applied first, or make its statements idempotent (IF NOT EXISTS).
    To keep what it applied and resume instead, do not repair: fix the file and run up.`,
  down: `Usage: cqlkit-migrate down [--target <version>] [--dry-run] [options]

Reverts the latest applied migration, or every applied migration above --target (newest first),
through U<version>__*.cql scripts or a code migration's down(session). Every migration to revert
must have a down before anything runs. A reverted migration's history row is removed.

  -t, --target <version>   Revert everything above this version
      --dry-run            Print what would be reverted; send nothing that changes anything`,
};

/**
 * The help text: the overview, or the page of one command.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText('up'));
 * ```
 */
export function helpText(command?: string): string {
  if (command !== undefined && command in PAGES) {
    const page = PAGES[command as keyof typeof PAGES];
    const common = command === 'create' ? '' : `\n\n${COMMON_OPTIONS}`;
    return `${page}${common}\n`;
  }
  return (
    'cqlkit-migrate: versioned CQL and TypeScript migrations for Cassandra and ScyllaDB\n\n' +
    'Usage: cqlkit-migrate <command> [arguments] [options]\n\n' +
    `${COMMAND_SUMMARY}\n\n${COMMON_OPTIONS}\n\n${FILES}\n\n${ENVIRONMENT}\n\n${EXIT}\n`
  );
}

/** Joins words with ", " into indented lines of at most `width` characters. */
function wrap(words: readonly string[], indent: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line}, ${word}`;
    if (indent.length + next.length + 1 > width && line !== '') {
      lines.push(`${indent}${line},`);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines.join('\n');
}
