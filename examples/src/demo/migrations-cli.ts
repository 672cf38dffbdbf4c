import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Log } from './console-log';
import type { ConnectionTarget } from './connection-target';

/**
 * The `cqlkit-migrate` executable of the installed `@cqlkit/migrations` (its package.json `bin`),
 * as `npx cqlkit-migrate` would find it. It is the built `dist/cli.js`: `npm run build` first.
 */
export function migrateExecutable(): string {
  const require = createRequire(__filename);
  const manifestPath = require.resolve('@cqlkit/migrations/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  const bin = manifest.bin['cqlkit-migrate'];
  if (bin === undefined) throw new Error(`${manifestPath} declares no cqlkit-migrate executable`);
  return join(dirname(manifestPath), bin);
}

/** How to run the CLI. */
export interface MigrateCommand {
  /** `up`, `status`… and their arguments. */
  readonly args: readonly string[];
  /** The configuration file (keyspace, folder, replication…). */
  readonly configFile: string;
  readonly target: ConnectionTarget;
}

/**
 * Runs `cqlkit-migrate <args> --config <file>` as a child process, connection facts given as a
 * deployment would give them: contact points and data center as flags, the secrets and the CA
 * file through `CQLKIT_MIGRATE_*` environment variables (flags show up in process lists). Every
 * line it prints is logged; a non-zero exit status rejects.
 */
export async function runMigrateCli(command: MigrateCommand, log: Log): Promise<void> {
  const { target } = command;
  const args = [
    ...command.args,
    '--config',
    relative(process.cwd(), command.configFile),
    '--contact-points',
    target.contactPoints.join(','),
    '--local-dc',
    target.localDataCenter,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (target.credentials) {
    env.CQLKIT_MIGRATE_USERNAME = target.credentials.username;
    env.CQLKIT_MIGRATE_PASSWORD = target.credentials.password;
  }
  if (target.tlsCaFile) env.CQLKIT_MIGRATE_TLS_CA_FILE = target.tlsCaFile;
  const fromEnv = Object.keys(env).filter((k) => k.startsWith('CQLKIT_MIGRATE_') && !(k in process.env));
  log(`$ cqlkit-migrate ${args.join(' ')}${fromEnv.length ? `   (with ${fromEnv.join(', ')})` : ''}`);

  const child = spawn(process.execPath, [migrateExecutable(), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const printing = [child.stdout, child.stderr].map(async (stream) => {
    for await (const line of createInterface({ input: stream })) log(`  ${line}`);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  await Promise.all(printing);
  if (code !== 0) throw new Error(`cqlkit-migrate ${command.args.join(' ')} exited with status ${code}`);
}
