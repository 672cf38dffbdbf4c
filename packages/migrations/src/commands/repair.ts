/**
 * `repair`: makes the history consistent with the files again.
 *
 * - An applied migration whose file changed gets the file's checksum (accept the change).
 * - A failed (or interrupted `running`) migration's row is removed: the migration is pending
 *   again and runs from its first statement. Undo what it applied before, or make its statements
 *   idempotent (`IF NOT EXISTS`). To keep the applied statements and resume instead, do not
 *   repair: fix the file and run `up`.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';

import { prepareForWrites, withMigrationLock } from '../command-setup';
import { LockLostError } from '../errors';
import { loadMigrations } from '../loader';
import type { MigrationSession } from '../migration-session';
import { resolveContext, type MigrationOptions } from '../options';

/** What {@link repair} changed. */
export interface RepairResult {
  /** Versions whose recorded checksum was replaced by the file's. */
  readonly checksumsAccepted: readonly string[];
  /** Versions whose failed/interrupted row was removed. */
  readonly failedCleared: readonly string[];
}

/**
 * Repairs the history (under the migration lock).
 *
 * @example
 * ```ts
 * const { checksumsAccepted, failedCleared } = await repair(session, { keyspace: 'shop', migrationsDir: 'migrations' });
 * ```
 */
export async function repair(session: MigrationSession, options: MigrationOptions): Promise<RepairResult> {
  const ctx = resolveContext(session, options, 'repair');
  const migrations = await loadMigrations(ctx.migrationsDir);
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  await prepareForWrites(ctx);
  return withMigrationLock(ctx, async (lease) => {
    const checksumsAccepted: string[] = [];
    const failedCleared: string[] = [];
    for (const record of await ctx.history.list(true)) {
      lease.assertHeld();
      const migration = byVersion.get(record.version);
      if (record.state === 'failed' || record.state === 'running') {
        if (!(await ctx.history.remove(record.version, record.runId))) {
          throw new LockLostError(`V${record.version} changed while repairing`);
        }
        failedCleared.push(record.version);
        ctx.emit({ type: 'failed-state-cleared', version: record.version, script: record.script });
      } else if (
        record.kind !== 'baseline' &&
        migration !== undefined &&
        migration.checksum !== record.checksum
      ) {
        if (
          !(await ctx.history.acceptChecksum(record.version, record.runId, migration.checksum, randomUUID()))
        ) {
          throw new LockLostError(`V${record.version} changed while repairing`);
        }
        checksumsAccepted.push(record.version);
        ctx.emit({ type: 'checksum-accepted', version: record.version, script: migration.script });
      }
    }
    return { checksumsAccepted, failedCleared };
  });
}
