import { Consistency, ErrorCode, WriteTimeoutError } from '@cqlkit/driver';
import { LockLostError, LockTimeoutError, type MigrationEvent } from '@cqlkit/migrations';

import { MigrationLock, type LockContext } from '../src/lock';
import { FakeSession } from './fake-session';

function context(
  session: FakeSession,
  settings: Partial<LockContext['settings']> = {},
  events: MigrationEvent[] = [],
): LockContext {
  return {
    session,
    table: { keyspace: 'ks', table: 'cqlkit_migrations_lock' },
    name: 'cqlkit_migrations',
    settings: { ttlSeconds: 60, waitTimeoutMs: 0, pollIntervalMs: 10, ...settings },
    consistency: Consistency.QUORUM,
    serialConsistency: Consistency.SERIAL,
    ownerInfo: 'me@host (pid 1)',
    emit: (e) => events.push(e),
  };
}

const heldBy = (ownerInfo: string) => ({
  wasApplied: false,
  rows: [{ '[applied]': false, owner: 'other-id', owner_info: ownerInfo, acquired_at: new Date(0) }],
});

describe('MigrationLock', () => {
  it('takes the lease with INSERT … IF NOT EXISTS USING TTL at SERIAL and releases it only as its owner', async () => {
    const session = new FakeSession();
    const lease = await new MigrationLock(context(session)).acquire();
    const insert = session.executed[0];
    expect(insert?.cql).toBe(
      'INSERT INTO ks.cqlkit_migrations_lock (name, owner, owner_info, acquired_at, renewed_at) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?',
    );
    expect(insert?.params).toEqual([
      'cqlkit_migrations',
      lease.owner,
      'me@host (pid 1)',
      expect.any(Date),
      expect.any(Date),
      60,
    ]);
    expect(insert?.options).toMatchObject({
      prepare: true,
      consistency: Consistency.QUORUM,
      serialConsistency: Consistency.SERIAL,
    });
    expect(lease.held).toBe(true);
    await lease.release();
    expect(session.executed[1]?.cql).toBe(
      'DELETE FROM ks.cqlkit_migrations_lock WHERE name = ? IF owner = ?',
    );
    expect(session.executed[1]?.params).toEqual(['cqlkit_migrations', lease.owner]);
    expect(() => lease.assertHeld()).toThrow(LockLostError);
  });

  it('fails at once with the holder named when told not to wait', async () => {
    const session = new FakeSession().on(/^INSERT/, () => heldBy('ann@build-1 (pid 42)'));
    const error = await new MigrationLock(context(session)).acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).holder?.ownerInfo).toBe('ann@build-1 (pid 42)');
    expect((error as Error).message).toMatch(
      /^the migration lock ks\.cqlkit_migrations_lock\[cqlkit_migrations\] is held by ann@build-1 \(pid 42\) since 1970-01-01T00:00:00\.000Z; gave up after waiting 0 s\./,
    );
  });

  it('waits (bounded) while another runner holds the lock, then takes it', async () => {
    let attempts = 0;
    const session = new FakeSession().on(/^INSERT/, () =>
      ++attempts < 3 ? heldBy('bob') : { wasApplied: true },
    );
    const events: MigrationEvent[] = [];
    const lease = await new MigrationLock(context(session, { waitTimeoutMs: 5000 }, events)).acquire();
    expect(attempts).toBe(3);
    expect(events.map((e) => e.type)).toEqual(['lock-waiting', 'lock-acquired']);
    await lease.release();
  });

  it('starts the lease when the lock is won, not when the wait began (crash recovery)', async () => {
    // A crashed runner's lease (TTL 2 s) blocks the INSERT for a little longer than a TTL.
    const crashedUntil = Date.now() + 2300;
    const session = new FakeSession().on(/^INSERT/, () =>
      Date.now() < crashedUntil ? heldBy('crashed@ci (pid 9)') : { wasApplied: true },
    );
    const lease = await new MigrationLock(
      context(session, { ttlSeconds: 2, waitTimeoutMs: 5000, pollIntervalMs: 100 }),
    ).acquire();
    // Timed from the start of the wait, the lease was already older than its TTL: LOCK_LOST at
    // once, no release, and the next run blocked for another TTL.
    expect(lease.held).toBe(true);
    expect(() => lease.assertHeld()).not.toThrow();
    await lease.release();
    expect(session.matching(/^DELETE/)).toHaveLength(1);
  });

  it('settles a write timeout on the INSERT by re-reading the owner at SERIAL', async () => {
    let owner: unknown;
    const timeout = new WriteTimeoutError(
      { code: ErrorCode.WRITE_TIMEOUT, message: 'CAS operation timed out' },
      Consistency.QUORUM,
      1,
      2,
      'CAS',
      undefined,
    );
    const session = new FakeSession()
      .on(/^INSERT/, (params) => {
        owner = (params as unknown[])[1];
        return timeout;
      })
      .on(/^SELECT owner/, () => ({ rows: [{ owner, owner_info: 'me', acquired_at: new Date() }] }));
    const lease = await new MigrationLock(context(session)).acquire();
    expect(lease.owner).toBe(owner);
    const recheck = session.executed.find((e) => e.cql.startsWith('SELECT owner'));
    expect(recheck?.options?.consistency).toBe(Consistency.SERIAL);
    await lease.release();
  });

  it('renews the lease with UPDATE … IF owner = me, and marks it lost when someone else has it', async () => {
    let renewals = 0;
    const session = new FakeSession().on(/^UPDATE/, () =>
      ++renewals === 1 ? { wasApplied: true } : heldBy('eve'),
    );
    const lease = await new MigrationLock(context(session, { ttlSeconds: 2 })).acquire();
    await new Promise((r) => setTimeout(r, 1600));
    expect(renewals).toBe(2);
    const update = session.matching(/^UPDATE/)[0];
    expect(update).toBe(
      'UPDATE ks.cqlkit_migrations_lock USING TTL ? SET owner = ?, owner_info = ?, acquired_at = ?, renewed_at = ? WHERE name = ? IF owner = ?',
    );
    expect(lease.held).toBe(false);
    expect(() => lease.assertHeld()).toThrow('the migration lock was lost (taken over by eve)');
    await lease.release();
    expect(session.matching(/^DELETE/)).toEqual([]); // never deletes a lock it does not own
  });
});
