/**
 * `status`: every migration on disk and in the history, with its state, checksum and when it was
 * applied. Reads only; creates nothing.
 *
 * @packageDocumentation
 */
import { readHistoryIfExists } from '../command-setup';
import type { HistoryKind, HistoryRecord } from '../history';
import { keyspaceExists } from '../keyspace';
import { loadMigrations, type Migration } from '../loader';
import type { MigrationSession } from '../migration-session';
import { resolveContext, type MigrationOptions } from '../options';
import { planUp } from '../plan';
import { compareVersions } from '../version';

/**
 * State of one migration:
 * - `applied`: succeeded and unchanged; `changed`: succeeded, but the file changed since;
 * - `pending`: not run yet; `out-of-order`: not run, but older than the latest applied one;
 * - `failed`: failed (resumes on the next `up`); `running`: being applied, or interrupted;
 * - `baseline`: the baseline marker; `below-baseline`: older than the baseline, never run;
 * - `missing-file`: in the history, but its file is gone.
 */
export type MigrationState =
  | 'applied'
  | 'changed'
  | 'pending'
  | 'out-of-order'
  | 'failed'
  | 'running'
  | 'baseline'
  | 'below-baseline'
  | 'missing-file';

/** One line of the status report. */
export interface StatusEntry {
  readonly version: string;
  readonly description: string;
  readonly script: string;
  readonly kind: HistoryKind;
  readonly state: MigrationState;
  /** Checksum of the file on disk (undefined when the file is missing). */
  readonly checksum: string | undefined;
  /** Checksum recorded in the history (undefined when never run). */
  readonly appliedChecksum: string | undefined;
  /** When the last run finished (or started, while running). */
  readonly appliedAt: Date | undefined;
  readonly executedBy: string | undefined;
  readonly statementsApplied: number | undefined;
  readonly statementsTotal: number | undefined;
  /** Error of a failed migration. */
  readonly error: string | undefined;
}

/** The status report. */
export interface StatusReport {
  readonly keyspace: string;
  /** `keyspace.table` of the history. */
  readonly historyTable: string;
  /** Highest applied (or baselined) version. */
  readonly currentVersion: string | undefined;
  /** Number of migrations `up` would run (pending, out-of-order, failed, running). */
  readonly pending: number;
  readonly entries: readonly StatusEntry[];
}

/**
 * Reports the state of every migration.
 *
 * @example
 * ```ts
 * const report = await migrationStatus(session, { keyspace: 'shop', migrationsDir: 'migrations' });
 * for (const e of report.entries) console.log(e.version, e.state, e.appliedAt?.toISOString());
 * ```
 */
export async function migrationStatus(
  session: MigrationSession,
  options: MigrationOptions,
): Promise<StatusReport> {
  const ctx = resolveContext(session, options, 'status');
  const migrations = await loadMigrations(ctx.migrationsDir);
  const records = (await keyspaceExists(session, ctx.historyTable.keyspace))
    ? await readHistoryIfExists(ctx)
    : [];
  const plan = planUp(migrations, records);
  const byVersion = new Map(records.map((r) => [r.version, r]));
  const outOfOrder = new Set(plan.outOfOrder);
  const changed = new Set(plan.mismatches.map((m) => m.version));
  const pendingVersions = new Set(plan.steps.map((s) => s.migration.version));
  const entries: StatusEntry[] = migrations.map((m) => {
    const r = byVersion.get(m.version);
    let state: MigrationState;
    if (r?.kind === 'baseline') state = 'baseline';
    else if (r?.state === 'failed' || r?.state === 'running') state = r.state;
    else if (changed.has(m.version)) state = 'changed';
    else if (r?.state === 'succeeded') state = 'applied';
    else if (outOfOrder.has(m.version)) state = 'out-of-order';
    else if (pendingVersions.has(m.version)) state = 'pending';
    else state = 'below-baseline';
    return entry(m, r, state);
  });
  const onDisk = new Set(migrations.map((m) => m.version));
  for (const r of records) {
    if (!onDisk.has(r.version))
      entries.push(entry(undefined, r, r.kind === 'baseline' ? 'baseline' : 'missing-file'));
  }
  entries.sort((a, b) => compareVersions(a.version, b.version));
  return {
    keyspace: ctx.keyspace,
    historyTable: `${ctx.historyTable.keyspace}.${ctx.historyTable.table}`,
    currentVersion: plan.currentVersion,
    pending: plan.steps.length,
    entries,
  };
}

function entry(m: Migration | undefined, r: HistoryRecord | undefined, state: MigrationState): StatusEntry {
  return {
    version: m?.version ?? (r as HistoryRecord).version,
    description: m?.description ?? r?.description ?? '',
    script: m?.script ?? r?.script ?? '',
    kind: r?.kind ?? (m as Migration).kind,
    state,
    checksum: m?.checksum,
    appliedChecksum: r?.checksum || undefined,
    appliedAt: r?.finishedAt ?? r?.startedAt,
    executedBy: r?.executedBy || undefined,
    statementsApplied: r?.statementsApplied,
    statementsTotal: r ? r.statementsTotal : m?.statements.length,
    error: r?.error,
  };
}
