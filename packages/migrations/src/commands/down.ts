/**
 * `down`: reverts the latest applied migration, or every applied migration above `--target`,
 * newest first. A `.cql` migration reverts with its `U<version>__….cql` script, a code migration
 * with its exported `down(session)`. Every migration to revert must have a down before anything
 * runs. After a migration is reverted its history row is removed, so `up` applies it again.
 *
 * A down that fails part-way leaves the migration recorded as applied: fix the down (make it
 * re-runnable with `IF EXISTS`) and run `down` again.
 *
 * @packageDocumentation
 */
import { asCodeMigration } from '../code-migration';
import { prepareForWrites, readHistoryIfExists, withMigrationLock } from '../command-setup';
import { DownUnavailableError, HistoryStateError, LockLostError } from '../errors';
import type { HistoryRecord } from '../history';
import { keyspaceExists } from '../keyspace';
import { loadMigrations, type Migration } from '../loader';
import type { LockLease } from '../lock';
import type { MigrationSession } from '../migration-session';
import { resolveContext, type MigrationContext, type MigrationOptions } from '../options';
import { runCode, runStatement } from '../runner';
import { traced, tracedCommand } from '../diagnostics';
import { compareVersions, parseVersion } from '../version';

/** Options of {@link down}. */
export interface DownOptions extends MigrationOptions {
  /** Revert every applied migration above this version (default: only the latest one). */
  readonly target?: string;
  /** Print what would be reverted and send no statement that changes anything. */
  readonly dryRun?: boolean;
}

/** A migration `down` reverted (or, in a dry run, would revert). */
export interface RevertedMigration {
  readonly version: string;
  readonly script: string;
  /** The undo script, or `down()` for code migrations. */
  readonly via: string;
  /** The statements of the undo script (empty for code migrations). */
  readonly statements: readonly string[];
}

/** What {@link down} did. */
export interface DownResult {
  readonly dryRun: boolean;
  readonly reverted: readonly RevertedMigration[];
  /** Highest applied version after the run (for a dry run: what it would be). */
  readonly currentVersion: string | undefined;
}

/**
 * Reverts migrations.
 *
 * @throws HistoryStateError when nothing is applied, a migration is failed or running, or the
 *   target is below a baseline; DownUnavailableError when a migration has no down;
 *   MigrationStatementError when a down fails.
 *
 * @example
 * ```ts
 * await down(session, { keyspace: 'shop', migrationsDir: 'migrations' });             // the latest one
 * await down(session, { keyspace: 'shop', migrationsDir: 'migrations', target: '2' }); // back to V2
 * ```
 */
export function down(session: MigrationSession, options: DownOptions): Promise<DownResult> {
  return tracedCommand('down', session, options, () => revert(session, options));
}

async function revert(session: MigrationSession, options: DownOptions): Promise<DownResult> {
  const ctx = resolveContext(session, options, 'down');
  const target = options.target === undefined ? undefined : parseVersion(options.target, "option 'target'");
  const migrations = await loadMigrations(ctx.migrationsDir);
  if (options.dryRun) {
    const records = (await keyspaceExists(session, ctx.historyTable.keyspace))
      ? await readHistoryIfExists(ctx)
      : [];
    const { revert, remaining } = chooseReverts(records, target);
    const reverted = revert.map((r) => describe(ctx, r, migrations, true));
    return { dryRun: true, reverted, currentVersion: remaining };
  }
  await prepareForWrites(ctx);
  return withMigrationLock(ctx, async (lease) => {
    const { revert, remaining } = chooseReverts(await ctx.history.list(true), target);
    const plan = revert.map((r) => ({ record: r, migration: migrationOf(r, migrations) }));
    for (const { migration } of plan) await assertHasDown(ctx, migration);
    const reverted: RevertedMigration[] = [];
    for (const { record, migration } of plan) {
      lease.assertHeld();
      reverted.push(await revertOne(ctx, record, migration, lease));
    }
    return { dryRun: false, reverted, currentVersion: remaining };
  });
}

function chooseReverts(
  records: readonly HistoryRecord[],
  target: string | undefined,
): { revert: HistoryRecord[]; remaining: string | undefined } {
  const unfinished = records.find((r) => r.state !== 'succeeded');
  if (unfinished !== undefined) {
    throw new HistoryStateError(
      `V${unfinished.version} (${unfinished.script}) is ${unfinished.state}; finish it with \`up\` or clear it with ` +
        '`repair` before reverting anything',
    );
  }
  const applied = records
    .filter((r) => r.kind !== 'baseline')
    .sort((a, b) => compareVersions(b.version, a.version));
  const baselines = records.filter((r) => r.kind === 'baseline');
  let revert: HistoryRecord[];
  if (target === undefined) {
    if (applied.length === 0) throw new HistoryStateError('nothing to revert: no migration is applied');
    revert = applied.slice(0, 1);
  } else {
    const below = baselines.find((b) => compareVersions(b.version, target) > 0);
    if (below !== undefined) {
      throw new HistoryStateError(`cannot revert below the baseline V${below.version} (target V${target})`);
    }
    revert = applied.filter((r) => compareVersions(r.version, target) > 0);
  }
  const reverted = new Set(revert.map((r) => r.version));
  const left = records
    .filter((r) => !reverted.has(r.version))
    .map((r) => r.version)
    .sort(compareVersions);
  return { revert, remaining: left[left.length - 1] };
}

function migrationOf(record: HistoryRecord, migrations: readonly Migration[]): Migration {
  const migration = migrations.find((m) => m.version === record.version);
  if (migration === undefined) {
    throw new HistoryStateError(`V${record.version} (${record.script}) cannot be reverted: its file is gone`);
  }
  return migration;
}

async function assertHasDown(ctx: MigrationContext, migration: Migration): Promise<void> {
  if (migration.kind === 'cql') {
    if (migration.undo === undefined) throw new DownUnavailableError(migration.version, migration.script);
    return;
  }
  const module = asCodeMigration(migration.path, await ctx.importModule(migration.path));
  if (typeof module.down !== 'function') throw new DownUnavailableError(migration.version, migration.script);
}

function describe(
  ctx: MigrationContext,
  record: HistoryRecord,
  migrations: readonly Migration[],
  announce: boolean,
): RevertedMigration {
  const migration = migrationOf(record, migrations);
  if (migration.kind === 'cql' && migration.undo === undefined) {
    throw new DownUnavailableError(migration.version, migration.script);
  }
  const statements = migration.undo?.statements.map((s) => s.cql) ?? [];
  const via = migration.undo?.script ?? 'down()';
  if (announce) {
    ctx.emit({
      type: 'migration-planned',
      version: migration.version,
      script: migration.script,
      kind: migration.kind,
      statements: statements.length,
      resumeFrom: 0,
      direction: 'down',
      via,
    });
    if (migration.kind === 'code') {
      ctx.emit({
        type: 'code-planned',
        version: migration.version,
        script: migration.script,
        direction: 'down',
      });
    }
    statements.forEach((cql, i) =>
      ctx.emit({
        type: 'statement-planned',
        version: migration.version,
        script: via,
        number: i + 1,
        total: statements.length,
        cql,
      }),
    );
  }
  return { version: migration.version, script: migration.script, via, statements };
}

function revertOne(
  ctx: MigrationContext,
  record: HistoryRecord,
  migration: Migration,
  lease: LockLease,
): Promise<RevertedMigration> {
  const undo = migration.undo;
  return traced(
    'migration',
    () => ({
      version: migration.version,
      script: undo?.script ?? migration.script,
      kind: migration.kind,
      direction: 'down',
      keyspace: ctx.keyspace,
      statements: undo?.statements.length ?? 0,
      resumeFrom: 0,
    }),
    () => revertMigration(ctx, record, migration, lease),
  );
}

async function revertMigration(
  ctx: MigrationContext,
  record: HistoryRecord,
  migration: Migration,
  lease: LockLease,
): Promise<RevertedMigration> {
  const started = Date.now();
  const undo = migration.undo;
  ctx.emit({
    type: 'migration-started',
    version: migration.version,
    script: undo?.script ?? migration.script,
    kind: migration.kind,
    statements: undo?.statements.length ?? 0,
    resumeFrom: 0,
    direction: 'down',
  });
  if (migration.kind === 'cql' && undo !== undefined) {
    for (const [index, statement] of undo.statements.entries()) {
      lease.assertHeld();
      const target = {
        version: migration.version,
        script: undo.script,
        statement,
        index,
        total: undo.statements.length,
        direction: 'down' as const,
      };
      await runStatement(ctx, target, async () => undefined);
    }
  } else {
    await runCode(ctx, migration, 'down', lease);
  }
  if (!(await ctx.history.remove(record.version, record.runId))) {
    throw new LockLostError(`V${record.version} changed while it was being reverted`);
  }
  ctx.emit({
    type: 'migration-succeeded',
    version: migration.version,
    script: migration.script,
    durationMs: Date.now() - started,
    direction: 'down',
  });
  return describe(ctx, record, [migration], false);
}
