/**
 * The history table: one row per migration version in one partition (so `status` lists it without
 * ALLOW FILTERING), holding the state of the migration, the statements applied so far and their
 * checksums (for resuming), timings and who ran it.
 *
 * Every write after the first is a lightweight transaction conditioned on the row's `run_id`:
 * when a runner lost its lock and another took over, the stale runner's next write is refused and
 * it stops (a fencing token), instead of both recording progress.
 *
 * @packageDocumentation
 */
import type { Consistency } from '@cqlkit/driver';

import { conditionalWrite } from './conditional-write';
import { qualified, type TableRef } from './cql-names';
import { LockLostError } from './errors';
import type { MigrationKind } from './migration-file-name';
import type { MigrationSession } from './migration-session';
import { compareVersions } from './version';

/** State of a migration in the history. */
export type HistoryState = 'running' | 'succeeded' | 'failed';

/** How the recorded migration was written; `baseline` marks a `baseline <version>` row. */
export type HistoryKind = MigrationKind | 'baseline';

/** One row of the history table. */
export interface HistoryRecord {
  readonly version: string;
  readonly description: string;
  readonly script: string;
  readonly kind: HistoryKind;
  /** Checksum of the file when it was (last) run. */
  readonly checksum: string;
  readonly state: HistoryState;
  /** Statements of the file applied so far (for a code migration: statements it executed). */
  readonly statementsApplied: number;
  /** Statements in the file (0 for code migrations). */
  readonly statementsTotal: number;
  /** Token checksums of the applied statements, in order (see `statementChecksum`). */
  readonly appliedChecksums: readonly string[];
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
  /** `user@host (pid N)` of the runner. */
  readonly executedBy: string;
  /** Id of the run that last wrote the row (the fencing token). */
  readonly runId: string;
  /** Message of the error that failed the migration. */
  readonly error: string | undefined;
}

/** The fixed partition of the history table. */
const SCOPE = 'migrations';

/** CQL of the history table's columns and key (after `CREATE TABLE … (`). */
export const HISTORY_TABLE_COLUMNS = `
  scope text,
  version text,
  description text,
  script text,
  kind text,
  checksum text,
  state text,
  statements_applied int,
  statements_total int,
  applied_checksums list<text>,
  started_at timestamp,
  finished_at timestamp,
  executed_by text,
  run_id text,
  error text,
  PRIMARY KEY ((scope), version)`;

/**
 * Reads and writes the history table. Create the table first (see `ensureToolTables`).
 *
 * @example
 * ```ts
 * const history = new HistoryStore(session, { keyspace: 'shop', table: 'cqlkit_migrations' }, Consistency.QUORUM, Consistency.SERIAL);
 * for (const r of await history.list()) console.log(r.version, r.state);
 * ```
 */
export class HistoryStore {
  private readonly name: string;

  constructor(
    private readonly session: MigrationSession,
    readonly table: TableRef,
    private readonly consistency: Consistency,
    private readonly serialConsistency: Consistency,
  ) {
    this.name = qualified(table);
  }

  /** Every row, ordered by version. */
  async list(serial = false): Promise<HistoryRecord[]> {
    const rs = await this.session.execute(`SELECT * FROM ${this.name} WHERE scope = ?`, [SCOPE], {
      prepare: true,
      paging: false,
      consistency: serial ? this.serialConsistency : this.consistency,
    });
    return rs.rows.map(toRecord).sort((a, b) => compareVersions(a.version, b.version));
  }

  /** One row read at SERIAL consistency (sees every committed LWT). */
  async get(version: string): Promise<HistoryRecord | undefined> {
    const rs = await this.session.execute(
      `SELECT * FROM ${this.name} WHERE scope = ? AND version = ?`,
      [SCOPE, version],
      {
        prepare: true,
        consistency: this.serialConsistency,
      },
    );
    const row = rs.rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Records that a run of a migration starts: inserts its row, or takes over the row of an
   * earlier failed/interrupted run (`previousRunId`).
   *
   * @throws LockLostError when another runner wrote the row in the meantime.
   */
  async start(record: HistoryRecord, previousRunId: string | undefined): Promise<void> {
    const values = [
      record.description,
      record.script,
      record.kind,
      record.checksum,
      record.state,
      record.statementsApplied,
      record.statementsTotal,
      [...record.appliedChecksums],
      record.startedAt ?? null,
      record.finishedAt ?? null,
      record.executedBy,
      record.runId,
      record.error ?? null,
    ];
    const applied =
      previousRunId === undefined
        ? await this.write(
            `INSERT INTO ${this.name} (description, script, kind, checksum, state, statements_applied, statements_total, ` +
              'applied_checksums, started_at, finished_at, executed_by, run_id, error, scope, version) ' +
              'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS',
            [...values, SCOPE, record.version],
            record.version,
            (r) => r?.runId === record.runId,
          )
        : await this.write(
            `UPDATE ${this.name} SET description = ?, script = ?, kind = ?, checksum = ?, state = ?, statements_applied = ?, ` +
              'statements_total = ?, applied_checksums = ?, started_at = ?, finished_at = ?, executed_by = ?, run_id = ?, ' +
              'error = ? WHERE scope = ? AND version = ? IF run_id = ?',
            [...values, SCOPE, record.version, previousRunId],
            record.version,
            (r) => r?.runId === record.runId,
          );
    if (!applied) throw new LockLostError(`another runner recorded V${record.version} first`);
  }

  /**
   * Records that the run applied `appliedChecksums.length` statements.
   *
   * @throws LockLostError when another run took the row over.
   */
  async progress(version: string, runId: string, appliedChecksums: readonly string[]): Promise<void> {
    const applied = await this.write(
      `UPDATE ${this.name} SET statements_applied = ?, applied_checksums = ? WHERE scope = ? AND version = ? IF run_id = ?`,
      [appliedChecksums.length, [...appliedChecksums], SCOPE, version, runId],
      version,
      (r) => r?.runId === runId && r.statementsApplied === appliedChecksums.length,
    );
    if (!applied) throw new LockLostError(`another runner took over V${version}`);
  }

  /**
   * Records the end of a run: `succeeded`, or `failed` with the error message.
   *
   * @throws LockLostError when another run took the row over.
   */
  async finish(
    version: string,
    runId: string,
    outcome: { state: 'succeeded'; statementsApplied?: number } | { state: 'failed'; error: string },
  ): Promise<void> {
    const finishedAt = new Date();
    const applied =
      outcome.state === 'succeeded'
        ? await this.write(
            `UPDATE ${this.name} SET state = 'succeeded', finished_at = ?, error = null` +
              (outcome.statementsApplied !== undefined ? ', statements_applied = ?' : '') +
              ' WHERE scope = ? AND version = ? IF run_id = ?',
            [
              finishedAt,
              ...(outcome.statementsApplied !== undefined ? [outcome.statementsApplied] : []),
              SCOPE,
              version,
              runId,
            ],
            version,
            (r) => r?.runId === runId && r.state === 'succeeded',
          )
        : await this.write(
            `UPDATE ${this.name} SET state = 'failed', finished_at = ?, error = ? WHERE scope = ? AND version = ? IF run_id = ?`,
            [finishedAt, outcome.error, SCOPE, version, runId],
            version,
            (r) => r?.runId === runId && r.state === 'failed',
          );
    if (!applied) throw new LockLostError(`another runner took over V${version}`);
  }

  /** Replaces the recorded checksum of a migration (repair). Returns false if the row changed meanwhile. */
  acceptChecksum(version: string, runId: string, checksum: string, newRunId: string): Promise<boolean> {
    return this.write(
      `UPDATE ${this.name} SET checksum = ?, run_id = ? WHERE scope = ? AND version = ? IF run_id = ?`,
      [checksum, newRunId, SCOPE, version, runId],
      version,
      (r) => r?.runId === newRunId,
    );
  }

  /** Deletes a row (repair of a failed migration, `down`). Returns false if the row changed meanwhile. */
  remove(version: string, runId: string): Promise<boolean> {
    return this.write(
      `DELETE FROM ${this.name} WHERE scope = ? AND version = ? IF run_id = ?`,
      [SCOPE, version, runId],
      version,
      (r) => r === undefined,
    );
  }

  private async write(
    cql: string,
    params: unknown[],
    version: string,
    landed: (row: HistoryRecord | undefined) => boolean,
  ): Promise<boolean> {
    const outcome = await conditionalWrite(
      this.session,
      cql,
      params,
      { prepare: true, consistency: this.consistency, serialConsistency: this.serialConsistency },
      async () => landed(await this.get(version)),
    );
    return outcome.applied;
  }
}

function toRecord(row: Record<string, unknown>): HistoryRecord {
  return {
    version: str(row.version),
    description: str(row.description),
    script: str(row.script),
    kind: str(row.kind) as HistoryKind,
    checksum: str(row.checksum),
    state: str(row.state) as HistoryState,
    statementsApplied: typeof row.statements_applied === 'number' ? row.statements_applied : 0,
    statementsTotal: typeof row.statements_total === 'number' ? row.statements_total : 0,
    appliedChecksums: Array.isArray(row.applied_checksums) ? row.applied_checksums.map(String) : [],
    startedAt: row.started_at instanceof Date ? row.started_at : undefined,
    finishedAt: row.finished_at instanceof Date ? row.finished_at : undefined,
    executedBy: str(row.executed_by),
    runId: str(row.run_id),
    error: typeof row.error === 'string' ? row.error : undefined,
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
