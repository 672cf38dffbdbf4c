/**
 * Steps every writing command shares: make sure the keyspace and tool tables exist, switch the
 * session to the target keyspace, and run the work under the migration lock.
 *
 * @packageDocumentation
 */
import { awaitTableUsable, ensureKeyspace, ensureToolTables } from './bootstrap';
import type { HistoryRecord } from './history';
import { tableExists } from './keyspace';
import { MigrationLock, type LockLease } from './lock';
import type { MigrationContext } from './options';

/** Creates what is missing (keyspace, lock table, history table) and switches the session to the keyspace. */
export async function prepareForWrites(ctx: MigrationContext): Promise<void> {
  await ensureKeyspace(ctx);
  await ensureToolTables(ctx);
  await useTargetKeyspace(ctx);
}

/** Switches the session to the target keyspace, unless it is there already. */
export async function useTargetKeyspace(ctx: MigrationContext): Promise<void> {
  if (ctx.session.keyspace !== ctx.keyspace) await ctx.session.useKeyspace(ctx.keyspace);
}

/** The history, or no rows when its table does not exist yet (nothing is created). */
export async function readHistoryIfExists(ctx: MigrationContext): Promise<HistoryRecord[]> {
  if (!(await tableExists(ctx.session, ctx.historyTable))) return [];
  await awaitTableUsable(ctx, ctx.historyTable);
  return ctx.history.list();
}

/**
 * Runs `work` while holding the migration lock; the lock is released afterwards even when `work`
 * fails (a release failure only warns: the lease then expires by its TTL).
 *
 * @throws LockTimeoutError when the lock stays held by another runner for the whole wait.
 */
export async function withMigrationLock<T>(
  ctx: MigrationContext,
  work: (lease: LockLease) => Promise<T>,
): Promise<T> {
  const lock = new MigrationLock({
    session: ctx.session,
    table: ctx.lockTable,
    name: ctx.historyTable.table,
    settings: ctx.lock,
    consistency: ctx.consistency,
    serialConsistency: ctx.serialConsistency,
    ownerInfo: ctx.executedBy,
    emit: ctx.emit,
  });
  const lease = await lock.acquire();
  try {
    return await work(lease);
  } finally {
    try {
      await lease.release();
    } catch (e) {
      ctx.emit({
        type: 'warning',
        message: `could not release the migration lock (${(e as Error).message}); it expires within ${ctx.lock.ttlSeconds} s`,
      });
    }
  }
}
