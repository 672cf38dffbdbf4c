/**
 * Lightweight transactions (LWT) whose outcome can be unknown. A write timeout, an unknown CAS
 * outcome or a client-side deadline on an LWT may hide a write that was in fact applied; the
 * caller's re-check (a SERIAL read) decides, as cqlmigrate does for its lock.
 *
 * @packageDocumentation
 */
import {
  CasWriteUnknownError,
  OperationTimedOutError,
  WriteTimeoutError,
  type Params,
  type QueryOptions,
} from '@cqlkit/driver';

import type { MigrationSession } from './migration-session';

/** Outcome of a conditional write. */
export interface ConditionalOutcome {
  /** Whether the condition held and the write was applied. */
  readonly applied: boolean;
  /** When not applied: the current values of the columns in the condition (the server's reply). */
  readonly current: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Runs a conditional statement and tells whether it was applied. When the outcome is unknown,
 * `recheck()` reads the current state at SERIAL consistency and says whether the write landed.
 *
 * @throws the original error when the outcome is unknown and `recheck()` finds the write absent.
 *
 * @example
 * ```ts
 * const { applied } = await conditionalWrite(session, 'DELETE FROM ks.lock WHERE name = ? IF owner = ?', [n, me],
 *   { prepare: true }, async () => (await readOwner()) !== me);
 * ```
 */
export async function conditionalWrite(
  session: MigrationSession,
  cql: string,
  params: Params,
  options: QueryOptions,
  recheck: () => Promise<boolean>,
): Promise<ConditionalOutcome> {
  try {
    const rs = await session.execute(cql, params, options);
    return { applied: rs.wasApplied, current: rs.wasApplied ? undefined : rs.rows[0] };
  } catch (e) {
    if (!isUnknownOutcome(e)) throw e;
    if (await recheck()) return { applied: true, current: undefined };
    throw e;
  }
}

/** Whether an error leaves the outcome of an LWT unknown. */
export function isUnknownOutcome(e: unknown): boolean {
  return (
    e instanceof WriteTimeoutError || e instanceof CasWriteUnknownError || e instanceof OperationTimedOutError
  );
}
