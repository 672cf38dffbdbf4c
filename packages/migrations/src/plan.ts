/**
 * Deciding what `up` must do, from the migrations on disk and the history: which migrations are
 * pending (new, failed or interrupted), from which statement a failed one resumes, and what stops
 * the run (changed checksums, out-of-order versions). Pure functions, no I/O.
 *
 * @packageDocumentation
 */
import { statementChecksum } from './checksum';
import { ChecksumMismatchError, OutOfOrderError, ResumeMismatchError, type ChecksumMismatch } from './errors';
import type { HistoryRecord } from './history';
import type { Migration } from './loader';
import { compareVersions, highestVersion } from './version';

/** One migration `up` will run. */
export interface PlanStep {
  readonly migration: Migration;
  /** The history row of an earlier failed or interrupted run, if any. */
  readonly previous: HistoryRecord | undefined;
}

/** What `up` will do, and what it found wrong. */
export interface UpPlan {
  /** Migrations to run, in version order. */
  readonly steps: readonly PlanStep[];
  /** Highest version applied (or baselined), if any. */
  readonly currentVersion: string | undefined;
  /** Applied migrations whose files changed. */
  readonly mismatches: readonly ChecksumMismatch[];
  /** Pending versions lower than the highest applied one. */
  readonly outOfOrder: readonly string[];
  /** History rows (not baselines) without a file any more. */
  readonly missingFiles: readonly HistoryRecord[];
}

/**
 * Plans `up` up to `target` (inclusive; default: the latest version).
 *
 * @example
 * ```ts
 * const plan = planUp(await loadMigrations('migrations'), await history.list());
 * console.log(plan.steps.map((s) => s.migration.version));
 * ```
 */
export function planUp(
  migrations: readonly Migration[],
  records: readonly HistoryRecord[],
  target?: string,
): UpPlan {
  const byVersion = new Map(records.map((r) => [r.version, r]));
  const baseline = highestVersion(records.filter((r) => r.kind === 'baseline').map((r) => r.version));
  const currentVersion = highestVersion(records.filter((r) => r.state === 'succeeded').map((r) => r.version));
  const steps: PlanStep[] = [];
  const mismatches: ChecksumMismatch[] = [];
  const outOfOrder: string[] = [];
  for (const migration of migrations) {
    const record = byVersion.get(migration.version);
    if (record?.kind === 'baseline') continue;
    if (record?.state === 'succeeded') {
      if (record.checksum !== migration.checksum) {
        mismatches.push({
          version: migration.version,
          script: migration.script,
          applied: record.checksum,
          current: migration.checksum,
        });
      }
      continue;
    }
    if (record === undefined && baseline !== undefined && compareVersions(migration.version, baseline) <= 0)
      continue;
    if (target !== undefined && compareVersions(migration.version, target) > 0) continue;
    if (
      record === undefined &&
      currentVersion !== undefined &&
      compareVersions(migration.version, currentVersion) < 0
    ) {
      outOfOrder.push(migration.version);
    }
    steps.push({ migration, previous: record });
  }
  const onDisk = new Set(migrations.map((m) => m.version));
  const missingFiles = records.filter((r) => r.kind !== 'baseline' && !onDisk.has(r.version));
  return { steps, currentVersion, mismatches, outOfOrder, missingFiles };
}

/**
 * Throws when the plan must not run.
 *
 * @throws ChecksumMismatchError when applied migrations changed.
 * @throws OutOfOrderError when pending versions are older than the latest applied one, unless
 *   `allowOutOfOrder`.
 */
export function assertRunnable(plan: UpPlan, allowOutOfOrder: boolean): void {
  if (plan.mismatches.length > 0) throw new ChecksumMismatchError(plan.mismatches);
  if (plan.outOfOrder.length > 0 && !allowOutOfOrder) {
    throw new OutOfOrderError(plan.outOfOrder, plan.currentVersion as string);
  }
}

/**
 * Index of the first statement to run: 0 for a fresh migration, or the number of statements an
 * earlier failed or interrupted run applied, once they are verified unchanged in the file.
 * Code migrations always start over.
 *
 * @throws ResumeMismatchError when an applied statement differs in the file now.
 *
 * @example
 * ```ts
 * resumePoint(step.migration, step.previous); // 2: statements 1-2 ran before, statement 3 failed
 * ```
 */
export function resumePoint(migration: Migration, previous: HistoryRecord | undefined): number {
  if (previous === undefined || previous.state === 'succeeded') return 0;
  if (migration.kind !== 'cql' || previous.kind !== 'cql') return 0;
  const applied = previous.appliedChecksums;
  if (applied.length > migration.statements.length) {
    throw new ResumeMismatchError(
      migration.version,
      migration.script,
      migration.statements.length + 1,
      `${applied.length} statements were applied but the file now has only ${migration.statements.length}`,
    );
  }
  applied.forEach((checksum, i) => {
    const statement = migration.statements[i];
    if (statement !== undefined && statementChecksum(statement.cql) !== checksum) {
      throw new ResumeMismatchError(
        migration.version,
        migration.script,
        i + 1,
        `statement ${i + 1} (line ${statement.line}) was applied but differs in the file now`,
      );
    }
  });
  return applied.length;
}
