/**
 * Helpers for the migrations integration tests: a session on the server under test, a fresh
 * keyspace name and migrations folder per test, server-side checks, and the `cqlkit-migrate` CLI
 * run as a child process (`node --import tsx packages/migrations/src/cli.ts`, so no build is
 * needed and `.ts` migrations load as they would for a user).
 */
import { Cluster, type Session } from '@cqlkit/driver';
import type { MigrationEvent, MigrationOptions } from '@cqlkit/migrations';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { contactPoints, credentials, localDataCenter, uniqueKeyspaceName } from '@cqlkit/testing';
import { testClusterOptions } from '../driver/driver-test-cluster';

const REPO_ROOT = resolve(__dirname, '../../..');
const CLI = join(REPO_ROOT, 'packages/migrations/src/cli.ts');

/** Replication used by the tests (one node). */
export const TEST_REPLICATION = { class: 'SimpleStrategy', replication_factor: 1 } as const;

/** One test's world: a session, a keyspace name (not created), a migrations folder, recorded events. */
export interface MigrationsWorld {
  readonly cluster: Cluster;
  readonly session: Session;
  readonly keyspace: string;
  readonly dir: string;
  readonly events: MigrationEvent[];
  /** Options for the programmatic API: this keyspace and folder, creating the keyspace, recording events. */
  options(extra?: Partial<MigrationOptions>): MigrationOptions;
  /** Writes a migration file. */
  write(name: string, content: string): Promise<void>;
  /** Drops the keyspace and the folder, and shuts the cluster down. */
  close(): Promise<void>;
}

/** Opens a world for one test. */
export async function openWorld(prefix: string): Promise<MigrationsWorld> {
  const cluster = new Cluster(testClusterOptions());
  const session = await cluster.connect();
  const keyspace = uniqueKeyspaceName(prefix);
  const dir = await mkdtemp(join(tmpdir(), `cqlkit-${prefix}-`));
  const events: MigrationEvent[] = [];
  return {
    cluster,
    session,
    keyspace,
    dir,
    events,
    options: (extra = {}) => ({
      keyspace,
      migrationsDir: dir,
      createKeyspace: { replication: TEST_REPLICATION },
      onEvent: (e) => events.push(e),
      ...extra,
    }),
    write: (name, content) => writeFile(join(dir, name), content),
    close: async () => {
      try {
        await session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster.shutdown();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Whether a keyspace exists, read from system_schema. */
export async function keyspaceExists(session: Session, keyspace: string): Promise<boolean> {
  const rs = await session.execute(
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [keyspace],
  );
  return rs.rows.length > 0;
}

/** Names of the tables of a keyspace, sorted, read from system_schema. */
export async function tablesOf(session: Session, keyspace: string): Promise<string[]> {
  const rs = await session.execute<{ table_name: string }>(
    'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?',
    [keyspace],
  );
  return rs.rows.map((r) => r.table_name).sort();
}

/** The history rows, straight from the table (version → row). */
export async function historyRows(
  session: Session,
  keyspace: string,
): Promise<Map<string, Record<string, unknown>>> {
  const rs = await session.execute(
    `SELECT * FROM ${keyspace}.cqlkit_migrations WHERE scope = 'migrations'`,
    [],
    {
      paging: false,
    },
  );
  return new Map(rs.rows.map((r) => [String(r.version), r]));
}

/** What a CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment variables pointing the CLI at the server under test. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const creds = credentials();
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CQLKIT_MIGRATE_CONTACT_POINTS: contactPoints().join(','),
    CQLKIT_MIGRATE_LOCAL_DC: localDataCenter(),
    ...(creds ? { CQLKIT_MIGRATE_USERNAME: creds.username, CQLKIT_MIGRATE_PASSWORD: creds.password } : {}),
    ...extra,
  };
}

/** Runs `cqlkit-migrate <args>` in a child process (cwd: the repository root). */
export function runCli(args: readonly string[], env: Record<string, string> = cliEnv()): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd: REPO_ROOT, env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}
