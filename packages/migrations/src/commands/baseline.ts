/**
 * `baseline <version>`: records that an existing keyspace is already at `<version>`, so `up`
 * skips every migration up to it and applies only later ones.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';

import { prepareForWrites, withMigrationLock } from '../command-setup';
import { HistoryStateError } from '../errors';
import type { MigrationSession } from '../migration-session';
import { resolveContext, type MigrationOptions } from '../options';
import { parseVersion } from '../version';

/** Options of {@link baseline}. */
export interface BaselineOptions extends MigrationOptions {
  /** The version the keyspace is at. */
  readonly version: string;
  /** Recorded with the baseline (default `<< baseline >>`). */
  readonly description?: string;
}

/**
 * Records a baseline. The history must be empty.
 *
 * @throws HistoryStateError when the history already has rows.
 *
 * @example
 * ```ts
 * await baseline(session, { keyspace: 'legacy', migrationsDir: 'migrations', version: '12' });
 * ```
 */
export async function baseline(
  session: MigrationSession,
  options: BaselineOptions,
): Promise<{ version: string }> {
  const ctx = resolveContext(session, options, 'baseline');
  const version = parseVersion(String(options.version ?? ''), 'the baseline version');
  await prepareForWrites(ctx);
  return withMigrationLock(ctx, async () => {
    const records = await ctx.history.list(true);
    if (records.length > 0) {
      throw new HistoryStateError(
        `baseline needs an empty history, but ${ctx.historyTable.keyspace}.${ctx.historyTable.table} has ` +
          `${records.length} row(s) (latest V${records[records.length - 1]?.version}); baseline is for a keyspace ` +
          'that predates cqlkit-migrate',
      );
    }
    const now = new Date();
    await ctx.history.start(
      {
        version,
        description: options.description ?? '<< baseline >>',
        script: '<< baseline >>',
        kind: 'baseline',
        checksum: '',
        state: 'succeeded',
        statementsApplied: 0,
        statementsTotal: 0,
        appliedChecksums: [],
        startedAt: now,
        finishedAt: now,
        executedBy: ctx.executedBy,
        runId: randomUUID(),
        error: undefined,
      },
      undefined,
    );
    ctx.emit({ type: 'baseline-recorded', version });
    return { version };
  });
}
