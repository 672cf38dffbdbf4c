/**
 * Options shared by every command of the programmatic API, their defaults, and their resolution
 * into the context the commands work with. Invalid options raise a `MigrationConfigError` naming
 * the option and what was expected, before anything is sent.
 *
 * @packageDocumentation
 */
import { checkOptionNames, Consistency, type OptionKeyList } from '@cqlkit/driver';
import { hostname, userInfo } from 'node:os';

import { cqlName, type TableRef } from './cql-names';
import { MigrationConfigError } from './errors';
import type { BaselineOptions } from './commands/baseline';
import type { DownOptions } from './commands/down';
import type { MigrateOptions } from './commands/up';
import type { MigrationEventListener } from './events';
import { HistoryStore } from './history';
import { validateKeyspaceCreation, type KeyspaceCreation } from './keyspace';
import type { LockSettings } from './lock';
import type { MigrationSession } from './migration-session';
import { importMigrationModule, type ModuleImporter } from './module-importer';
import { sessionSchemaAgreement, type SchemaAgreement } from './schema-agreement';

/** Lock options (all optional). */
export interface LockOptions {
  /** Lifetime of a lease that is not renewed, in seconds (default 60, at least 2). */
  readonly ttlSeconds?: number;
  /** How long to wait for a lock held by another runner, in ms (default 120 000; 0 = fail at once). */
  readonly waitTimeoutMs?: number;
  /** Pause between attempts while waiting, in ms (default 1000). */
  readonly pollIntervalMs?: number;
}

/**
 * Options of every command.
 *
 * @example
 * ```ts
 * const options: MigrationOptions = {
 *   migrationsDir: 'migrations',
 *   keyspace: 'shop',
 *   createKeyspace: { replication: { class: 'NetworkTopologyStrategy', dc1: 3 } },
 *   onEvent: (e) => console.log(formatEvent(e)),
 * };
 * ```
 */
export interface MigrationOptions {
  /** Folder of the `V<version>__<description>.cql|.ts|.js` files. */
  readonly migrationsDir: string;
  /** Keyspace the migrations run in (default: the session's keyspace). The session is switched to it. */
  readonly keyspace?: string;
  /** Create the keyspace with this replication when it does not exist (default: it must exist). */
  readonly createKeyspace?: KeyspaceCreation;
  /** Keyspace of the history and lock tables (default: `keyspace`). */
  readonly historyKeyspace?: string;
  /** Name of the history table (default `cqlkit_migrations`; the lock table is `<name>_lock`). */
  readonly historyTable?: string;
  readonly lock?: LockOptions;
  /** Bound of each schema-agreement wait, in ms (default 60 000). */
  readonly schemaAgreementTimeoutMs?: number;
  /** Client-side timeout of each migration statement, in ms (default 120 000). */
  readonly statementTimeoutMs?: number;
  /** Consistency of history/lock reads and writes and of migration statements (default QUORUM). */
  readonly consistency?: Consistency;
  /** Serial consistency of the lock and history LWTs (default SERIAL; LOCAL_SERIAL for one DC). */
  readonly serialConsistency?: Consistency;
  /** Who runs the migrations, recorded in the history (default `user@host (pid N)`). */
  readonly executedBy?: string;
  /** Receives a progress event per step. */
  readonly onEvent?: MigrationEventListener;
  /** Loads code migrations (default: native `import()`, tsx for TypeScript). */
  readonly importModule?: ModuleImporter;
  /** Replaces the schema-agreement wait (default: the driver's, through the session). */
  readonly schemaAgreement?: SchemaAgreement;
  /**
   * Create the history and lock tables with an ID derived from their names (`WITH ID = …`), so two
   * runners creating them at the same moment cannot produce a table-ID mismatch (default true;
   * turned off by itself if the server refuses `WITH ID`).
   */
  readonly deterministicTableIds?: boolean;
}

/** Everything a command works with, resolved from {@link MigrationOptions}. @internal */
export interface MigrationContext {
  readonly session: MigrationSession;
  readonly migrationsDir: string;
  readonly keyspace: string;
  readonly createKeyspace: KeyspaceCreation | undefined;
  readonly historyTable: TableRef;
  readonly lockTable: TableRef;
  readonly history: HistoryStore;
  readonly lock: LockSettings;
  readonly schemaAgreementTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly consistency: Consistency;
  readonly serialConsistency: Consistency;
  readonly executedBy: string;
  readonly emit: MigrationEventListener;
  readonly importModule: ModuleImporter;
  readonly agreement: SchemaAgreement;
  readonly deterministicTableIds: boolean;
}

const COMMON_KEYS: OptionKeyList<MigrationOptions> = {
  migrationsDir: true,
  keyspace: true,
  createKeyspace: true,
  historyKeyspace: true,
  historyTable: true,
  lock: true,
  schemaAgreementTimeoutMs: true,
  statementTimeoutMs: true,
  consistency: true,
  serialConsistency: true,
  executedBy: true,
  onEvent: true,
  importModule: true,
  schemaAgreement: true,
  deterministicTableIds: true,
};

const LOCK_KEYS: OptionKeyList<LockOptions> = { ttlSeconds: true, waitTimeoutMs: true, pollIntervalMs: true };

/** The keys a command's options add to {@link MigrationOptions}. */
type CommandKeys<T extends MigrationOptions> = OptionKeyList<Omit<T, keyof MigrationOptions>>;

const MIGRATE_KEYS: CommandKeys<MigrateOptions> = { target: true, dryRun: true, outOfOrder: true };
const DOWN_KEYS: CommandKeys<DownOptions> = { target: true, dryRun: true };
const BASELINE_KEYS: CommandKeys<BaselineOptions> = { version: true, description: true };

/** Options each command accepts besides {@link MigrationOptions}. @internal */
export const COMMAND_OPTION_KEYS = {
  migrate: Object.keys(MIGRATE_KEYS),
  down: Object.keys(DOWN_KEYS),
  baseline: Object.keys(BASELINE_KEYS),
  status: [],
  repair: [],
} as const satisfies Record<string, readonly string[]>;

/**
 * Validates options and resolves defaults. `command` names the command whose options these are
 * (an unknown option name raises the driver's `InvalidOptionsError`, naming the nearest one).
 *
 * @throws MigrationConfigError naming the option at fault.
 * @internal
 */
export function resolveContext(
  session: MigrationSession,
  options: MigrationOptions,
  command: keyof typeof COMMAND_OPTION_KEYS,
): MigrationContext {
  if (session === null || typeof session !== 'object' || typeof session.execute !== 'function') {
    throw new MigrationConfigError('the first argument must be a connected Session of @cqlkit/driver');
  }
  if (options === null || typeof options !== 'object') {
    throw new MigrationConfigError("options must be an object with at least 'migrationsDir'");
  }
  checkOptionNames(`${command}() option`, options, [
    ...Object.keys(COMMON_KEYS),
    ...COMMAND_OPTION_KEYS[command],
  ]);
  if (options.lock !== null && typeof options.lock === 'object') {
    checkOptionNames(`${command}() option`, options.lock, Object.keys(LOCK_KEYS), 'lock.');
  }
  if (typeof options.migrationsDir !== 'string' || options.migrationsDir.trim() === '') {
    throw new MigrationConfigError("option 'migrationsDir' must be the path of the migrations folder");
  }
  const keyspaceName = options.keyspace ?? session.keyspace;
  if (keyspaceName === undefined) {
    throw new MigrationConfigError(
      "option 'keyspace' is required when the session has no keyspace (connect(keyspace) or set keyspace)",
    );
  }
  const keyspace = cqlName(keyspaceName, "option 'keyspace'");
  const historyKeyspace = cqlName(options.historyKeyspace ?? keyspace, "option 'historyKeyspace'");
  const tableName = cqlName(options.historyTable ?? 'cqlkit_migrations', "option 'historyTable'");
  if (tableName.length > 43) {
    throw new MigrationConfigError(
      `option 'historyTable' must be at most 43 characters (the lock table appends '_lock'), got '${tableName}'`,
    );
  }
  const historyTable = { keyspace: historyKeyspace, table: tableName };
  const lockTable = { keyspace: historyKeyspace, table: `${tableName}_lock` };
  const consistency = options.consistency ?? Consistency.QUORUM;
  const serialConsistency = options.serialConsistency ?? Consistency.SERIAL;
  if (serialConsistency !== Consistency.SERIAL && serialConsistency !== Consistency.LOCAL_SERIAL) {
    throw new MigrationConfigError(
      `option 'serialConsistency' must be Consistency.SERIAL or Consistency.LOCAL_SERIAL, got ${String(serialConsistency)}`,
    );
  }
  const lock: LockSettings = {
    ttlSeconds: integer(options.lock?.ttlSeconds, 60, 'lock.ttlSeconds', 2),
    waitTimeoutMs: integer(options.lock?.waitTimeoutMs, 120_000, 'lock.waitTimeoutMs', 0),
    pollIntervalMs: integer(options.lock?.pollIntervalMs, 1000, 'lock.pollIntervalMs', 10),
  };
  const schemaAgreementTimeoutMs = integer(
    options.schemaAgreementTimeoutMs,
    60_000,
    'schemaAgreementTimeoutMs',
    1,
  );
  const createKeyspace =
    options.createKeyspace === undefined
      ? undefined
      : validateKeyspaceCreation(options.createKeyspace, "option 'createKeyspace'");
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new MigrationConfigError("option 'onEvent' must be a function (event) => void");
  }
  return {
    session,
    migrationsDir: options.migrationsDir,
    keyspace,
    createKeyspace,
    historyTable,
    lockTable,
    history: new HistoryStore(session, historyTable, consistency, serialConsistency),
    lock,
    schemaAgreementTimeoutMs,
    statementTimeoutMs: integer(options.statementTimeoutMs, 120_000, 'statementTimeoutMs', 1),
    consistency,
    serialConsistency,
    executedBy: options.executedBy ?? defaultExecutedBy(),
    emit: options.onEvent ?? (() => undefined),
    importModule: options.importModule ?? importMigrationModule,
    agreement: options.schemaAgreement ?? sessionSchemaAgreement(session, schemaAgreementTimeoutMs),
    deterministicTableIds: options.deterministicTableIds ?? true,
  };
}

function integer(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MigrationConfigError(
      `option '${name}' must be an integer of at least ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/** `user@host (pid N)` of this process. */
export function defaultExecutedBy(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `${user}@${hostname()} (pid ${process.pid})`;
}
