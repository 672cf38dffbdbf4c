/**
 * The migration lock: a lease in a one-row-per-lock table, taken with `INSERT … IF NOT EXISTS
 * USING TTL`, renewed by a heartbeat (`UPDATE … USING TTL … IF owner = me`) and released only by
 * its owner (`DELETE … IF owner = me`), all at SERIAL (or LOCAL_SERIAL) consistency.
 *
 * - A crashed runner's lease expires by itself after the TTL.
 * - An LWT whose outcome is unknown (write timeout) is settled by re-reading the owner at SERIAL.
 * - When the heartbeat finds the lease gone or taken, the lease is marked lost; the runner checks
 *   it before every statement and stops (and the history's run_id fencing refuses its writes).
 *
 * @packageDocumentation
 */
import type { Consistency } from '@cqlkit/driver';
import { randomUUID } from 'node:crypto';

import { conditionalWrite } from './conditional-write';
import { qualified, type TableRef } from './cql-names';
import { LockLostError, LockTimeoutError, type LockHolder } from './errors';
import type { MigrationEventListener } from './events';
import type { MigrationSession } from './migration-session';

/** CQL of the lock table's columns and key (after `CREATE TABLE … (`). */
export const LOCK_TABLE_COLUMNS = `
  name text PRIMARY KEY,
  owner text,
  owner_info text,
  acquired_at timestamp,
  renewed_at timestamp`;

/** How the lock behaves. */
export interface LockSettings {
  /** Lifetime of a lease that is not renewed, in seconds (≥ 2). */
  readonly ttlSeconds: number;
  /** How long to wait for a lock held by another runner, in ms (0 = fail at once). */
  readonly waitTimeoutMs: number;
  /** Pause between attempts while waiting, in ms. */
  readonly pollIntervalMs: number;
}

/** Everything a {@link MigrationLock} works with. */
export interface LockContext {
  readonly session: MigrationSession;
  readonly table: TableRef;
  /** The lock's row key. */
  readonly name: string;
  readonly settings: LockSettings;
  readonly consistency: Consistency;
  readonly serialConsistency: Consistency;
  /** `user@host (pid N)`, recorded for whoever waits on the lock. */
  readonly ownerInfo: string;
  readonly emit: MigrationEventListener;
}

/**
 * Takes the migration lock.
 *
 * @example
 * ```ts
 * const lease = await new MigrationLock(context).acquire();
 * try {
 *   lease.assertHeld();
 *   // … apply migrations …
 * } finally {
 *   await lease.release();
 * }
 * ```
 */
export class MigrationLock {
  constructor(private readonly ctx: LockContext) {}

  /**
   * Takes the lock, waiting up to `waitTimeoutMs` while another runner holds it.
   *
   * @throws LockTimeoutError naming the holder when the wait runs out.
   */
  async acquire(): Promise<LockLease> {
    const { session, settings } = this.ctx;
    const owner = randomUUID();
    const table = qualified(this.ctx.table);
    const started = Date.now();
    let lastNotice = -Infinity;
    for (;;) {
      const now = new Date();
      const outcome = await conditionalWrite(
        session,
        `INSERT INTO ${table} (name, owner, owner_info, acquired_at, renewed_at) VALUES (?, ?, ?, ?, ?) ` +
          'IF NOT EXISTS USING TTL ?',
        [this.ctx.name, owner, this.ctx.ownerInfo, now, now, settings.ttlSeconds],
        this.writeOptions(),
        async () => (await this.holder())?.owner === owner,
      );
      if (outcome.applied) {
        this.ctx.emit({ type: 'lock-acquired', lock: `${table}[${this.ctx.name}]` });
        // The lease runs from the winning INSERT (sent at `now`, so never later than the server's
        // TTL start), not from the start of the wait.
        return new LockLease(this.ctx, owner, now.getTime());
      }
      const holder = toHolder(outcome.current) ?? (await this.holder());
      const waited = Date.now() - started;
      if (waited >= settings.waitTimeoutMs) {
        throw new LockTimeoutError(`${table}[${this.ctx.name}]`, holder, waited, settings.ttlSeconds);
      }
      if (waited - lastNotice >= 10_000) {
        lastNotice = waited;
        this.ctx.emit({ type: 'lock-waiting', holder, waitedMs: waited });
      }
      const jitter = Math.random() * settings.pollIntervalMs * 0.5;
      await sleep(Math.min(settings.pollIntervalMs + jitter, Math.max(0, settings.waitTimeoutMs - waited)));
    }
  }

  /** The current holder, read at SERIAL consistency, or `undefined` when the lock is free. */
  async holder(): Promise<LockHolder | undefined> {
    return readHolder(this.ctx);
  }

  private writeOptions(): { prepare: true; consistency: Consistency; serialConsistency: Consistency } {
    return {
      prepare: true,
      consistency: this.ctx.consistency,
      serialConsistency: this.ctx.serialConsistency,
    };
  }
}

/**
 * A held lock. A heartbeat renews it every third of its TTL until {@link LockLease.release}.
 */
export class LockLease {
  private lostReason: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRenewal: number;
  private released = false;
  private renewing: Promise<void> | undefined;

  /** @internal */
  constructor(
    private readonly ctx: LockContext,
    /** This lease's owner id. */
    readonly owner: string,
    /** When the INSERT that won the lock was sent (`Date.now()`). */
    acquiredAt: number,
  ) {
    this.lastRenewal = acquiredAt;
    this.schedule();
  }

  /** Whether the lease is still held (as far as the last heartbeat knows). */
  get held(): boolean {
    if (
      this.lostReason === undefined &&
      Date.now() - this.lastRenewal > this.ctx.settings.ttlSeconds * 1000
    ) {
      this.lostReason = `no successful heartbeat for ${this.ctx.settings.ttlSeconds} s`;
    }
    return this.lostReason === undefined && !this.released;
  }

  /**
   * Throws when the lease was lost.
   *
   * @throws LockLostError saying why.
   */
  assertHeld(): void {
    if (!this.held) throw new LockLostError(this.lostReason ?? 'the lease was released');
  }

  /** Stops the heartbeat and deletes the lock row if this lease still owns it. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    await this.renewing;
    const table = qualified(this.ctx.table);
    if (this.lostReason !== undefined) return;
    const outcome = await conditionalWrite(
      this.ctx.session,
      `DELETE FROM ${table} WHERE name = ? IF owner = ?`,
      [this.ctx.name, this.owner],
      { prepare: true, consistency: this.ctx.consistency, serialConsistency: this.ctx.serialConsistency },
      async () => (await readHolder(this.ctx))?.owner !== this.owner,
    );
    if (outcome.applied) this.ctx.emit({ type: 'lock-released', lock: `${table}[${this.ctx.name}]` });
    else
      this.ctx.emit({
        type: 'warning',
        message: `the lock ${table}[${this.ctx.name}] was no longer ours to release`,
      });
  }

  private schedule(): void {
    const interval = Math.max(200, (this.ctx.settings.ttlSeconds * 1000) / 3);
    this.timer = setTimeout(() => {
      this.renewing = this.renew().finally(() => {
        this.renewing = undefined;
        if (!this.released && this.lostReason === undefined) this.schedule();
      });
    }, interval);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const now = new Date();
    try {
      const outcome = await conditionalWrite(
        this.ctx.session,
        `UPDATE ${qualified(this.ctx.table)} USING TTL ? SET owner = ?, owner_info = ?, acquired_at = ?, renewed_at = ? ` +
          'WHERE name = ? IF owner = ?',
        [this.ctx.settings.ttlSeconds, this.owner, this.ctx.ownerInfo, now, now, this.ctx.name, this.owner],
        { prepare: true, consistency: this.ctx.consistency, serialConsistency: this.ctx.serialConsistency },
        async () => (await readHolder(this.ctx))?.owner === this.owner,
      );
      if (outcome.applied) this.lastRenewal = now.getTime();
      else if (!this.released) {
        const holder = toHolder(outcome.current);
        this.lostReason = holder
          ? `taken over by ${holder.ownerInfo}`
          : 'the lease expired before it was renewed';
      }
    } catch {
      // A failed heartbeat is retried at the next tick; `held` turns false once the TTL has passed.
    }
  }
}

async function readHolder(ctx: LockContext): Promise<LockHolder | undefined> {
  const rs = await ctx.session.execute(
    `SELECT owner, owner_info, acquired_at FROM ${qualified(ctx.table)} WHERE name = ?`,
    [ctx.name],
    { prepare: true, consistency: ctx.serialConsistency },
  );
  return toHolder(rs.rows[0]);
}

function toHolder(row: Readonly<Record<string, unknown>> | undefined): LockHolder | undefined {
  if (row === undefined || typeof row.owner !== 'string') return undefined;
  return {
    owner: row.owner,
    ownerInfo: typeof row.owner_info === 'string' ? row.owner_info : row.owner,
    acquiredAt: row.acquired_at instanceof Date ? row.acquired_at : undefined,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
