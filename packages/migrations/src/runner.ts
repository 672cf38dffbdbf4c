/**
 * Applies planned migrations under a held lock:
 *
 * - records the run in the history (state `running`), then runs the statements of a `.cql` file
 *   one by one from its resume point, recording progress and the statement's checksum after each;
 * - awaits schema agreement after every schema change, and before each migration starts;
 * - checks the lock before every statement, and stops when it was lost;
 * - on an error, records the migration as `failed` (with the error) and throws.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';

import { statementChecksum } from './checksum';
import { asCodeMigration } from './code-migration';
import { agreementAwareSession } from './agreement-aware-session';
import { useTargetKeyspace } from './command-setup';
import { traced } from './diagnostics';
import { isSchemaStatement, type CqlStatement } from './cql-splitter';
import { DownUnavailableError, LockLostError, MigrationError, MigrationStatementError } from './errors';
import type { HistoryRecord } from './history';
import type { LockLease } from './lock';
import type { Migration } from './loader';
import type { MigrationContext } from './options';
import { resumePoint, type PlanStep } from './plan';

/** A migration `up` applied. */
export interface AppliedMigration {
  readonly version: string;
  readonly description: string;
  readonly script: string;
  readonly kind: Migration['kind'];
  /** Statements run by this run (for code migrations: statements executed through the session). */
  readonly statementsRun: number;
  /** 0-based index the run started at (> 0 when it resumed a failed run). */
  readonly resumedFrom: number;
  readonly durationMs: number;
}

/**
 * Applies the steps in order; stops at the first failure.
 *
 * @throws MigrationStatementError when a statement (or a code migration) fails.
 * @throws SchemaAgreementError when the cluster does not agree after a schema change.
 * @throws LockLostError when the lock was lost; ResumeMismatchError when a failed migration's
 *   applied statements changed.
 */
export async function applySteps(
  ctx: MigrationContext,
  steps: readonly PlanStep[],
  lease: LockLease,
): Promise<AppliedMigration[]> {
  const applied: AppliedMigration[] = [];
  for (const step of steps) {
    lease.assertHeld();
    applied.push(await applyStep(ctx, step, lease));
  }
  return applied;
}

function applyStep(ctx: MigrationContext, step: PlanStep, lease: LockLease): Promise<AppliedMigration> {
  const { migration, previous } = step;
  const resumeFrom = resumePoint(migration, previous);
  return traced(
    'migration',
    () => ({
      version: migration.version,
      script: migration.script,
      kind: migration.kind,
      direction: 'up',
      keyspace: ctx.keyspace,
      statements: migration.statements.length,
      resumeFrom,
    }),
    () => applyMigration(ctx, step, resumeFrom, lease),
  );
}

async function applyMigration(
  ctx: MigrationContext,
  { migration, previous }: PlanStep,
  resumeFrom: number,
  lease: LockLease,
): Promise<AppliedMigration> {
  const runId = randomUUID();
  const started = Date.now();
  await ctx.agreement.awaitAgreement(`before V${migration.version}`);
  await useTargetKeyspace(ctx); // an earlier migration may have run `USE other`
  const record: HistoryRecord = {
    version: migration.version,
    description: migration.description,
    script: migration.script,
    kind: migration.kind,
    checksum: migration.checksum,
    state: 'running',
    statementsApplied: resumeFrom,
    statementsTotal: migration.statements.length,
    appliedChecksums: previous?.appliedChecksums.slice(0, resumeFrom) ?? [],
    startedAt: new Date(started),
    finishedAt: undefined,
    executedBy: ctx.executedBy,
    runId,
    error: undefined,
  };
  await ctx.history.start(record, previous?.runId);
  ctx.emit({
    type: 'migration-started',
    version: migration.version,
    script: migration.script,
    kind: migration.kind,
    statements: migration.statements.length,
    resumeFrom,
    direction: 'up',
  });
  let statementsRun = 0;
  try {
    if (migration.kind === 'cql') {
      const checksums = [...record.appliedChecksums];
      for (let i = resumeFrom; i < migration.statements.length; i++) {
        lease.assertHeld();
        const statement = migration.statements[i] as CqlStatement;
        const target: StatementTarget = {
          version: migration.version,
          script: migration.script,
          statement,
          index: i,
          total: migration.statements.length,
          direction: 'up',
        };
        await runStatement(ctx, target, async () => {
          checksums.push(statementChecksum(statement.cql));
          await ctx.history.progress(migration.version, runId, checksums);
        });
        statementsRun++;
      }
      await ctx.history.finish(migration.version, runId, { state: 'succeeded' });
    } else {
      statementsRun = await runCode(ctx, migration, 'up', lease);
      await ctx.history.finish(migration.version, runId, {
        state: 'succeeded',
        statementsApplied: statementsRun,
      });
    }
  } catch (e) {
    await recordFailure(ctx, migration, runId, e);
    throw e;
  }
  const durationMs = Date.now() - started;
  ctx.emit({
    type: 'migration-succeeded',
    version: migration.version,
    script: migration.script,
    durationMs,
    direction: 'up',
  });
  return {
    version: migration.version,
    description: migration.description,
    script: migration.script,
    kind: migration.kind,
    statementsRun,
    resumedFrom: resumeFrom,
    durationMs,
  };
}

/** Which statement {@link runStatement} runs. @internal */
export interface StatementTarget {
  readonly version: string;
  /** The file the statement comes from (the `V…` or the `U…` script). */
  readonly script: string;
  readonly statement: CqlStatement;
  /** 0-based index in the file. */
  readonly index: number;
  /** Statements in the file. */
  readonly total: number;
  readonly direction: 'up' | 'down';
}

/**
 * Runs one statement of a file: executes it, lets `afterApplied` record it, then awaits schema
 * agreement when it changed the schema.
 *
 * @throws MigrationStatementError when the server rejects the statement.
 * @internal
 */
export function runStatement(
  ctx: MigrationContext,
  target: StatementTarget,
  afterApplied: () => Promise<void>,
): Promise<void> {
  return traced(
    'statement',
    () => ({
      version: target.version,
      script: target.script,
      number: target.index + 1,
      total: target.total,
      line: target.statement.line,
      cql: target.statement.cql,
      direction: target.direction,
    }),
    () => applyStatement(ctx, target, afterApplied),
  );
}

async function applyStatement(
  ctx: MigrationContext,
  target: StatementTarget,
  afterApplied: () => Promise<void>,
): Promise<void> {
  const { version, script, statement, index } = target;
  const t0 = Date.now();
  let schemaChanged: boolean;
  try {
    const rs = await ctx.session.execute(statement.cql, undefined, {
      consistency: ctx.consistency,
      timeoutMs: ctx.statementTimeoutMs,
    });
    schemaChanged = rs.schemaChange !== undefined || isSchemaStatement(statement);
  } catch (e) {
    throw new MigrationStatementError({
      version,
      script,
      statementNumber: index + 1,
      line: statement.line,
      statement: statement.cql,
      cause: e,
      direction: target.direction,
    });
  }
  await afterApplied();
  if (schemaChanged) {
    await ctx.agreement.awaitAgreement(
      `after V${version} statement ${index + 1} (line ${statement.line}) of ${script}`,
    );
  }
  ctx.emit({
    type: 'statement-applied',
    version,
    script,
    number: index + 1,
    total: target.total,
    cql: statement.cql,
    durationMs: Date.now() - t0,
    awaitedAgreement: schemaChanged,
  });
}

/**
 * Imports a code migration and runs its `up` or `down` with a session that awaits schema
 * agreement after each schema change. Returns the number of statements it executed.
 *
 * @throws MigrationStatementError wrapping what the migration threw (lock and agreement errors
 *   pass through as they are).
 * @internal
 */
export async function runCode(
  ctx: MigrationContext,
  migration: Migration,
  direction: 'up' | 'down',
  lease: LockLease,
): Promise<number> {
  const module = asCodeMigration(migration.path, await ctx.importModule(migration.path));
  const fn = direction === 'up' ? module.up : module.down;
  if (fn === undefined) throw new DownUnavailableError(migration.version, migration.script);
  const session = agreementAwareSession(ctx.session, {
    agreement: ctx.agreement,
    lease,
    context: `in V${migration.version} ${migration.script}`,
  });
  try {
    await fn.call(module, session.proxy);
  } catch (e) {
    if (e instanceof MigrationError && !(e instanceof MigrationStatementError)) throw e;
    throw new MigrationStatementError({
      version: migration.version,
      script: migration.script,
      statementNumber: 0,
      line: 0,
      statement: '',
      cause: e,
      direction,
    });
  }
  await ctx.agreement.awaitAgreement(`after V${migration.version} ${migration.script}`);
  return session.statementCount();
}

async function recordFailure(
  ctx: MigrationContext,
  migration: Migration,
  runId: string,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  ctx.emit({
    type: 'migration-failed',
    version: migration.version,
    script: migration.script,
    error: message,
  });
  if (error instanceof LockLostError) return;
  try {
    await ctx.history.finish(migration.version, runId, { state: 'failed', error: message });
  } catch {
    // The original error matters more; a row left `running` is resumed like a failed one.
  }
}
