/**
 * The errors `@cqlkit/migrations` raises. Every one extends {@link MigrationError} — itself a
 * `DriverError` of `@cqlkit/driver`, so one `instanceof DriverError` recognises every cqlkit error —
 * and carries a stable `code` (`CQLKIT_MIGRATION_…`, also in `--json` output) and a message that
 * says what is wrong and what to do.
 *
 * @example
 * ```ts
 * try {
 *   await migrate(session, { migrationsDir: 'migrations' });
 * } catch (e) {
 *   if (e instanceof ChecksumMismatchError) console.error(e.mismatches.map((m) => m.version));
 *   throw e;
 * }
 * ```
 * @packageDocumentation
 */
import { DriverError } from '@cqlkit/driver';

/** Stable identifiers of the error kinds (also the `error.code` of `--json` output). */
export type MigrationErrorCode =
  | 'CQLKIT_MIGRATION_ERROR'
  | 'CQLKIT_MIGRATION_CONFIG'
  | 'CQLKIT_MIGRATION_MIGRATION_FILE'
  | 'CQLKIT_MIGRATION_CQL_SPLIT'
  | 'CQLKIT_MIGRATION_CHECKSUM_MISMATCH'
  | 'CQLKIT_MIGRATION_OUT_OF_ORDER'
  | 'CQLKIT_MIGRATION_RESUME_MISMATCH'
  | 'CQLKIT_MIGRATION_STATEMENT_FAILED'
  | 'CQLKIT_MIGRATION_LOCK_TIMEOUT'
  | 'CQLKIT_MIGRATION_LOCK_LOST'
  | 'CQLKIT_MIGRATION_SCHEMA_AGREEMENT'
  | 'CQLKIT_MIGRATION_HISTORY_STATE'
  | 'CQLKIT_MIGRATION_DOWN_UNAVAILABLE';

/** Root of every error of `@cqlkit/migrations` (a `DriverError`, like every cqlkit error). */
export class MigrationError extends DriverError {
  static override readonly code: MigrationErrorCode = 'CQLKIT_MIGRATION_ERROR';
  /** A stable identifier of the kind of error. */
  declare readonly code: MigrationErrorCode;

  constructor(code: MigrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    (this as { code: MigrationErrorCode }).code = code;
  }
}

/** An option, flag, environment variable or configuration-file value is invalid or missing. */
export class MigrationConfigError extends MigrationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CQLKIT_MIGRATION_CONFIG', message, options);
  }
}

/** A migration file is misnamed, duplicated, unreadable or (code migrations) exports no `up`. */
export class MigrationFileError extends MigrationError {
  /** Path of the file at fault. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('CQLKIT_MIGRATION_MIGRATION_FILE', message, options);
    this.file = file;
  }
}

/** A `.cql` file cannot be split into statements (an unterminated string, comment or batch). */
export class CqlSplitError extends MigrationError {
  /** 1-based line of the construct that is not terminated. */
  readonly line: number;
  /** 1-based column of that construct. */
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super('CQLKIT_MIGRATION_CQL_SPLIT', message);
    this.line = line;
    this.column = column;
  }
}

/** One applied migration whose file no longer matches what was applied. */
export interface ChecksumMismatch {
  readonly version: string;
  readonly script: string;
  /** Checksum recorded when the migration was applied. */
  readonly applied: string;
  /** Checksum of the file now. */
  readonly current: string;
}

/** Files of already-applied migrations were changed after they were applied. */
export class ChecksumMismatchError extends MigrationError {
  readonly mismatches: readonly ChecksumMismatch[];

  constructor(mismatches: readonly ChecksumMismatch[]) {
    const list = mismatches
      .map((m) => `V${m.version} (${m.script}): applied ${short(m.applied)}, file now ${short(m.current)}`)
      .join('; ');
    super(
      'CQLKIT_MIGRATION_CHECKSUM_MISMATCH',
      `${mismatches.length} applied migration(s) changed since they were applied: ${list}. ` +
        'Restore the files, or run `cqlkit-migrate repair` to accept the new checksums.',
    );
    this.mismatches = mismatches;
  }
}

/** Pending migrations have lower versions than one already applied (and `outOfOrder` is off). */
export class OutOfOrderError extends MigrationError {
  /** Versions of the pending migrations that are older than the latest applied one. */
  readonly versions: readonly string[];

  constructor(versions: readonly string[], latestApplied: string) {
    super(
      'CQLKIT_MIGRATION_OUT_OF_ORDER',
      `migration(s) ${versions.map((v) => `V${v}`).join(', ')} are pending but V${latestApplied} is already applied; ` +
        'give them a higher version, or allow it with outOfOrder / --out-of-order',
    );
    this.versions = versions;
  }
}

/** A failed migration cannot resume: statements it already applied differ in the file now. */
export class ResumeMismatchError extends MigrationError {
  readonly version: string;
  /** 1-based number of the first applied statement that differs. */
  readonly statementNumber: number;

  constructor(version: string, script: string, statementNumber: number, reason: string) {
    super(
      'CQLKIT_MIGRATION_RESUME_MISMATCH',
      `V${version} (${script}) failed earlier after applying some statements, and cannot resume: ${reason}. ` +
        `Restore statement ${statementNumber} as it was applied, or undo the applied statements by hand and run ` +
        '`cqlkit-migrate repair` to clear the failed state (the file then runs from its first statement).',
    );
    this.version = version;
    this.statementNumber = statementNumber;
  }
}

/** A statement of a migration failed on the server; the migration is recorded as failed. */
export class MigrationStatementError extends MigrationError {
  readonly version: string;
  readonly script: string;
  /** 1-based number of the statement in its file (0 for a code migration's `up`/`down`). */
  readonly statementNumber: number;
  /** 1-based line of the statement in its file (0 for code migrations). */
  readonly line: number;
  /** The statement's CQL (empty for code migrations). */
  readonly statement: string;

  /** Whether the migration was being applied (`up`) or reverted (`down`). */
  readonly direction: 'up' | 'down';

  constructor(init: {
    version: string;
    script: string;
    statementNumber: number;
    line: number;
    statement: string;
    cause: unknown;
    direction?: 'up' | 'down';
  }) {
    const direction = init.direction ?? 'up';
    const where =
      init.statementNumber > 0
        ? `statement ${init.statementNumber} (line ${init.line})`
        : `its ${direction}() code`;
    const causeMessage = init.cause instanceof Error ? init.cause.message : String(init.cause);
    let hint: string;
    if (direction === 'down') {
      hint = `V${init.version} stays recorded as applied; fix the down (IF EXISTS makes it safe to re-run) and run \`down\` again.`;
    } else if (init.statementNumber > 0) {
      hint = 'Fix the file and run `up` again: it resumes at this statement.';
    } else {
      hint = 'Fix the migration and run `up` again: a code migration re-runs from its start.';
    }
    super(
      'CQLKIT_MIGRATION_STATEMENT_FAILED',
      `V${init.version} (${init.script}) failed at ${where}: ${causeMessage}. ${hint}`,
      {
        cause: init.cause,
      },
    );
    this.direction = direction;
    this.version = init.version;
    this.script = init.script;
    this.statementNumber = init.statementNumber;
    this.line = init.line;
    this.statement = init.statement;
  }
}

/** Who holds the migration lock, as recorded in the lock table. */
export interface LockHolder {
  /** The holder's lease id. */
  readonly owner: string;
  /** `user@host (pid N)` of the holder. */
  readonly ownerInfo: string;
  /** When the holder took the lock. */
  readonly acquiredAt: Date | undefined;
}

/** The migration lock stayed held by another runner for the whole wait. */
export class LockTimeoutError extends MigrationError {
  readonly holder: LockHolder | undefined;
  readonly waitedMs: number;

  constructor(lockName: string, holder: LockHolder | undefined, waitedMs: number, ttlSeconds: number) {
    const who = holder
      ? `${holder.ownerInfo}${holder.acquiredAt ? ` since ${holder.acquiredAt.toISOString()}` : ''}`
      : 'another runner';
    super(
      'CQLKIT_MIGRATION_LOCK_TIMEOUT',
      `the migration lock ${lockName} is held by ${who}; gave up after waiting ${Math.round(waitedMs / 1000)} s. ` +
        `Another migration is running: wait for it, or raise the wait (--lock-wait). A crashed runner's lock ` +
        `expires by itself within ${ttlSeconds} s.`,
    );
    this.holder = holder;
    this.waitedMs = waitedMs;
  }
}

/** The runner lost its lock (lease expired or taken over), so it stopped before the next step. */
export class LockLostError extends MigrationError {
  constructor(detail: string) {
    super(
      'CQLKIT_MIGRATION_LOCK_LOST',
      `the migration lock was lost (${detail}); stopped before the next statement so two runners never apply ` +
        'at once. Run `up` again: it resumes where this run stopped.',
    );
  }
}

/** The cluster did not agree on one schema version in time after a schema change. */
export class SchemaAgreementError extends MigrationError {
  /** Schema version reported by each host (`undefined` when a host did not answer). */
  readonly hostVersions: ReadonlyMap<string, string | undefined>;

  constructor(
    context: string,
    hostVersions: ReadonlyMap<string, string | undefined>,
    timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    const byVersion = new Map<string, string[]>();
    for (const [host, version] of hostVersions) {
      const key = version ?? 'no answer';
      byVersion.set(key, [...(byVersion.get(key) ?? []), host]);
    }
    const detail =
      hostVersions.size > 0
        ? [...byVersion].map(([v, hosts]) => `${hosts.join(', ')} at ${v}`).join('; ')
        : options?.cause instanceof Error
          ? options.cause.message
          : 'no host versions known';
    super(
      'CQLKIT_MIGRATION_SCHEMA_AGREEMENT',
      `no schema agreement within ${timeoutMs} ms ${context}: ${detail}. Check that every node is up and ` +
        'reachable (nodetool describecluster), then run `up` again.',
      options,
    );
    this.hostVersions = hostVersions;
  }
}

/** The history does not allow the command (baseline on a non-empty history, nothing to revert…). */
export class HistoryStateError extends MigrationError {
  constructor(message: string) {
    super('CQLKIT_MIGRATION_HISTORY_STATE', message);
  }
}

/** `down` was asked to revert a migration that provides no way back. */
export class DownUnavailableError extends MigrationError {
  readonly version: string;

  constructor(version: string, script: string) {
    super(
      'CQLKIT_MIGRATION_DOWN_UNAVAILABLE',
      `V${version} (${script}) cannot be reverted: it has no down — add U${version}__<description>.cql, ` +
        'or export a down(session) function from a code migration',
    );
    this.version = version;
  }
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
