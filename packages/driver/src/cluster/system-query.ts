/**
 * Queries of system tables on one given connection (the control connection's), through the same
 * request pipeline and message classes as application queries.
 *
 * @packageDocumentation
 */

import type { Connection } from '../connection/connection';
import { Consistency } from '../consistency';
import { DEFAULT_EXECUTION_PROFILE } from '../options';
import type { RetryPolicy } from '../policies/retry';
import { ExecutionProfiles } from '../request/execution-profiles';
import type { ExecutionEnvironment } from '../request/request-executor';
import { resolveRequestOptions } from '../request/request-options';
import { runStatement, type SessionContext } from '../request/statement-request';
import type { TimerQueue } from '../structures/timer-queue';
import { bindUnprepared, type Params } from '../request/value-binder';
import type { Host } from './host';

/** A row of a system table, by column name. */
export type SystemRow = Record<string, unknown>;

/** Where and how system queries run. @internal */
export interface SystemQueryTarget {
  readonly host: Host;
  readonly connection: Connection;
  readonly timers: TimerQueue;
  readonly retryPolicy: RetryPolicy;
  /** Deadline of one query (all its pages), in ms. */
  readonly timeoutMs: number;
}

/**
 * Runs `cql` on the target's connection at consistency ONE and returns every row of every page.
 * Values are encoded like an unprepared application query's.
 *
 * @internal
 */
export async function querySystemRows(
  target: SystemQueryTarget,
  cql: string,
  params?: Params,
): Promise<SystemRow[]> {
  const { connection, host } = target;
  const env: ExecutionEnvironment = {
    queryPlan: () => [host],
    pool: () => ({
      borrow: () => (connection.closed ? undefined : connection),
      lastError: undefined,
    }),
    timers: target.timers,
  };
  const ctx: SessionContext = {
    env,
    profiles: new ExecutionProfiles(
      { ...DEFAULT_EXECUTION_PROFILE, retryPolicy: target.retryPolicy },
      () => undefined,
    ),
    timestamps: undefined,
    codecOptions: undefined,
    keyspace: () => undefined,
    onKeyspaceChanged: async () => undefined,
  };
  const opts = resolveRequestOptions(ctx.profiles, {
    consistency: Consistency.ONE,
    timeoutMs: target.timeoutMs,
    idempotent: true,
  });
  let page = await runStatement<SystemRow>(
    ctx,
    cql,
    bindUnprepared(params, undefined, undefined),
    opts,
    undefined,
  );
  const rows = [...page.rows];
  while (page.hasMorePages) {
    page = await page.fetchNextPage();
    for (const row of page.rows) rows.push(row);
  }
  return rows;
}
