/**
 * `up`: applies pending migrations, to the latest version or to a target.
 *
 * Order of work: load and check the files → create the keyspace if configured → read the history
 * and plan, without the lock (nothing pending ⇒ done, no lock taken) → create the lock and history
 * tables (each followed by a schema-agreement wait) → take the lock → read the history again and
 * re-plan (another runner may have applied everything meanwhile) → apply → release the lock.
 *
 * @packageDocumentation
 */
import { prepareForWrites, readHistoryIfExists, withMigrationLock } from '../command-setup';
import { createKeyspaceCql, keyspaceExists } from '../keyspace';
import { loadMigrations, type Migration } from '../loader';
import type { MigrationSession } from '../migration-session';
import { resolveContext, type MigrationContext, type MigrationOptions } from '../options';
import { assertRunnable, planUp, resumePoint, type UpPlan } from '../plan';
import { applySteps, type AppliedMigration } from '../runner';
import { tracedCommand } from '../diagnostics';
import { highestVersion, parseVersion } from '../version';

/** Options of {@link migrate}. */
export interface MigrateOptions extends MigrationOptions {
  /** Stop after this version (default: apply everything). */
  readonly target?: string;
  /** Print what would run and send no statement that changes anything (reads history only). */
  readonly dryRun?: boolean;
  /** Apply pending migrations older than the latest applied one instead of failing. */
  readonly outOfOrder?: boolean;
}

/** A migration a dry run would apply. */
export interface PlannedMigration {
  readonly version: string;
  readonly script: string;
  readonly kind: Migration['kind'];
  /** 0-based index of the first statement that would run (> 0 when resuming). */
  readonly resumeFrom: number;
  /** The statements that would run (empty for code migrations). */
  readonly statements: readonly string[];
}

/** What {@link migrate} did (or, in a dry run, would do). */
export interface MigrateResult {
  readonly dryRun: boolean;
  /** Migrations applied by this run, in order (empty in a dry run). */
  readonly applied: readonly AppliedMigration[];
  /** Dry run only: the CREATE KEYSPACE that would run, if the keyspace is missing. */
  readonly plannedKeyspace: string | undefined;
  /** Dry run only: what would be applied. */
  readonly planned: readonly PlannedMigration[];
  /** Highest applied version after the run (for a dry run: before it). */
  readonly currentVersion: string | undefined;
}

/**
 * Applies the pending migrations of `migrationsDir` to the keyspace.
 *
 * @throws MigrationConfigError, MigrationFileError on bad options or files (before anything runs);
 *   ChecksumMismatchError, OutOfOrderError, ResumeMismatchError when the history forbids the run;
 *   LockTimeoutError when another runner holds the lock for the whole wait;
 *   MigrationStatementError, SchemaAgreementError, LockLostError when a migration fails.
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 * import { formatEvent, migrate } from '@cqlkit/migrations';
 *
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
 * const session = await cluster.connect();
 * const result = await migrate(session, {
 *   keyspace: 'shop',
 *   migrationsDir: 'migrations',
 *   createKeyspace: { replication: { class: 'SimpleStrategy', replication_factor: 1 } },
 *   onEvent: (e) => console.log(formatEvent(e)),
 * });
 * console.log(`now at version ${result.currentVersion}`);
 * ```
 */
export function migrate(session: MigrationSession, options: MigrateOptions): Promise<MigrateResult> {
  return tracedCommand('up', session, options, () => migrateNow(session, options));
}

async function migrateNow(session: MigrationSession, options: MigrateOptions): Promise<MigrateResult> {
  const ctx = resolveContext(session, options, 'migrate');
  const target = options.target === undefined ? undefined : parseVersion(options.target, "option 'target'");
  const outOfOrder = options.outOfOrder ?? false;
  const migrations = await loadMigrations(ctx.migrationsDir);
  if (options.dryRun) return dryRun(ctx, migrations, target, outOfOrder);

  const before = await planFromHistory(ctx, migrations, target, outOfOrder);
  if (before.steps.length === 0) return upToDate(ctx, before);

  await prepareForWrites(ctx);
  return withMigrationLock(ctx, async (lease) => {
    const plan = planUp(migrations, await ctx.history.list(true), target);
    assertRunnable(plan, outOfOrder);
    if (plan.steps.length === 0) return upToDate(ctx, plan);
    const applied = await applySteps(ctx, plan.steps, lease);
    const currentVersion = highestVersion([
      ...applied.map((a) => a.version),
      ...(plan.currentVersion ? [plan.currentVersion] : []),
    ]);
    return { dryRun: false, applied, plannedKeyspace: undefined, planned: [], currentVersion };
  });
}

async function planFromHistory(
  ctx: MigrationContext,
  migrations: readonly Migration[],
  target: string | undefined,
  outOfOrder: boolean,
): Promise<UpPlan> {
  const exists = await keyspaceExists(ctx.session, ctx.historyTable.keyspace);
  const plan = planUp(migrations, exists ? await readHistoryIfExists(ctx) : [], target);
  assertRunnable(plan, outOfOrder);
  for (const step of plan.steps) resumePoint(step.migration, step.previous);
  for (const record of plan.missingFiles) {
    ctx.emit({
      type: 'warning',
      message: `V${record.version} (${record.script}) is in the history but its file is gone from ${ctx.migrationsDir}`,
    });
  }
  return plan;
}

function upToDate(ctx: MigrationContext, plan: UpPlan): MigrateResult {
  ctx.emit({ type: 'up-to-date', currentVersion: plan.currentVersion });
  return {
    dryRun: false,
    applied: [],
    plannedKeyspace: undefined,
    planned: [],
    currentVersion: plan.currentVersion,
  };
}

async function dryRun(
  ctx: MigrationContext,
  migrations: readonly Migration[],
  target: string | undefined,
  outOfOrder: boolean,
): Promise<MigrateResult> {
  let plannedKeyspace: string | undefined;
  if (!(await keyspaceExists(ctx.session, ctx.keyspace)) && ctx.createKeyspace !== undefined) {
    plannedKeyspace = createKeyspaceCql(ctx.keyspace, ctx.createKeyspace);
    ctx.emit({ type: 'keyspace-planned', keyspace: ctx.keyspace, cql: plannedKeyspace });
  }
  const plan = await planFromHistory(ctx, migrations, target, outOfOrder);
  const planned: PlannedMigration[] = [];
  for (const { migration, previous } of plan.steps) {
    const resumeFrom = resumePoint(migration, previous);
    const statements = migration.statements.slice(resumeFrom);
    ctx.emit({
      type: 'migration-planned',
      version: migration.version,
      script: migration.script,
      kind: migration.kind,
      statements: migration.statements.length,
      resumeFrom,
      direction: 'up',
    });
    if (migration.kind === 'code') {
      ctx.emit({
        type: 'code-planned',
        version: migration.version,
        script: migration.script,
        direction: 'up',
      });
    }
    statements.forEach((s, i) =>
      ctx.emit({
        type: 'statement-planned',
        version: migration.version,
        script: migration.script,
        number: resumeFrom + i + 1,
        total: migration.statements.length,
        cql: s.cql,
      }),
    );
    planned.push({
      version: migration.version,
      script: migration.script,
      kind: migration.kind,
      resumeFrom,
      statements: statements.map((s) => s.cql),
    });
  }
  if (planned.length === 0) ctx.emit({ type: 'up-to-date', currentVersion: plan.currentVersion });
  return { dryRun: true, applied: [], plannedKeyspace, planned, currentVersion: plan.currentVersion };
}
