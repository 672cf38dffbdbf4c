import { InvalidOptionsError, UnpreparedError } from '../errors';
import type { Connection } from '../connection/connection';
import { DEFAULTS, type QueryOptions, type ExecutionProfile } from '../options';
import { BatchMessage, BatchType, type BatchChild } from '../protocol/messages';
import type { TypeHint } from '../types';
import { PreparedStatement } from './prepared-statement';
import { Statement } from './statement';
import { executeRequest } from './request-executor';
import type { ResultSet } from './result-set';
import { preparedKeyspace, preparedRoutingKey } from '../routing/routing-key';
import { reprepareAfterUnprepared } from './statement-preparer';
import { murmur3Token } from '../routing/murmur3';
import type { RoutingInfo } from '../policies/load-balancing';
import { resolveRequestOptions } from './request-options';
import { profileQueryPlan, toResultSet, type SessionContext } from './statement-request';
import { bindPrepared, bindUnprepared, type Params } from './value-binder';

/**
 * One statement of a batch: CQL text or a prepared statement, alone or with its parameters, or a
 * {@link Statement} (its text, values and hints count; the batch's options decide the rest).
 *
 * @example
 * ```ts
 * const stmts: BatchStatement[] = [
 *   { query: insertUser, params: [id, 'Ann'] },
 *   { query: 'UPDATE counters_by_day SET n = n + 1 WHERE day = ?', params: [today] },
 * ];
 * ```
 */
export type BatchStatement =
  | string
  | PreparedStatement
  | Statement
  | {
      readonly query: string | PreparedStatement;
      readonly params?: Params;
      /** CQL types of the parameters of an unprepared statement. */
      readonly hints?: readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>>;
    };

/** Options of a batch. */
export interface BatchOptions extends Omit<
  QueryOptions,
  'pageSize' | 'pagingState' | 'paging' | 'hints' | 'executionProfile'
> {
  /** `'logged'` (default; atomic through the batch log), `'unlogged'` or `'counter'`. */
  readonly type?: 'logged' | 'unlogged' | 'counter';
  /** An execution profile for this batch. */
  readonly executionProfile?: string | ExecutionProfile;
}

const TYPES = { logged: BatchType.LOGGED, unlogged: BatchType.UNLOGGED, counter: BatchType.COUNTER } as const;

/** Splits a batch statement into its parts. @internal */
export function batchStatementParts(s: BatchStatement): {
  query: string | PreparedStatement;
  params: Params | undefined;
  hints: readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>> | undefined;
} {
  if (typeof s === 'string' || s instanceof PreparedStatement)
    return { query: s, params: undefined, hints: undefined };
  if (s instanceof Statement) return { query: s.query, params: s.params, hints: s.settings.hints };
  if (
    s === null ||
    typeof s !== 'object' ||
    (typeof s.query !== 'string' && !(s.query instanceof PreparedStatement))
  ) {
    throw new InvalidOptionsError(
      'each batch statement must be CQL text, a PreparedStatement, a Statement or { query, params? }, got ' +
        typeof s,
    );
  }
  return { query: s.query, params: s.params, hints: s.hints };
}

/**
 * Runs a BATCH of statements already prepared where the caller wanted them prepared. Values are
 * encoded (and validated) before anything is sent.
 *
 * @internal
 */
export async function runBatch<Row>(
  ctx: SessionContext,
  statements: readonly BatchStatement[],
  options: BatchOptions | undefined,
): Promise<ResultSet<Row>> {
  if (!Array.isArray(statements) || statements.length === 0) {
    throw new InvalidOptionsError('batch(statements): statements must be a non-empty array');
  }
  const type = options?.type ?? DEFAULTS.batchType;
  if (!(type in TYPES)) {
    throw new InvalidOptionsError(
      `batch option 'type' must be 'logged', 'unlogged' or 'counter', got ${String(type)}`,
    );
  }
  const opts = resolveRequestOptions(ctx.profiles, options);
  // Generated once per batch: retries and speculative executions reuse it (idempotence).
  const timestamp = opts.timestamp ?? ctx.timestamps?.next();
  const prepared: PreparedStatement[] = [];
  // Routed like its first statement that has a routing key (as the Python driver does).
  let routing: { keyspace: string | undefined; routingKey: Uint8Array } | undefined;
  const children: BatchChild[] = statements.map((s, i) => {
    const { query, params, hints } = batchStatementParts(s);
    try {
      if (query instanceof PreparedStatement) {
        prepared.push(query);
        const values = bindPrepared(query.variables, params, ctx.codecOptions).values;
        const routingKey = routing ? undefined : preparedRoutingKey(query, values);
        if (routingKey) routing = { keyspace: preparedKeyspace(query), routingKey };
        return { id: query.id, values };
      }
      const bound = bindUnprepared(params, hints, ctx.codecOptions);
      if (bound.names) {
        throw new InvalidOptionsError(
          'named parameters are not supported for unprepared statements in a batch; pass an array or prepare the statement',
        );
      }
      return { query, values: bound.values };
    } catch (e) {
      if (e instanceof Error) e.message = `batch statement #${i}: ${e.message}`;
      throw e;
    }
  });
  const build = (consistency: number): BatchMessage =>
    new BatchMessage(
      // Prepared ids may change after a re-prepare: read them at each attempt.
      children.map((c, i) => {
        const s = statements[i] as BatchStatement;
        const q = batchStatementParts(s).query;
        return q instanceof PreparedStatement ? { id: q.id, values: c.values ?? [] } : c;
      }),
      {
        type: TYPES[type],
        consistency,
        serialConsistency: opts.serialConsistency,
        timestamp,
        keyspace: opts.keyspace,
        nowInSeconds: opts.nowInSeconds,
      },
      opts.envelope,
    );
  const outcome = await executeRequest(ctx.env, {
    build,
    idempotent: opts.idempotent,
    consistency: opts.consistency,
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    routing: batchRouting(
      opts.keyspace ?? routing?.keyspace ?? ctx.keyspace(),
      opts.routingKey ?? routing?.routingKey,
      opts.consistency,
    ),
    retryPolicy: opts.profile.retryPolicy,
    speculativeExecution: opts.profile.speculativeExecutionPolicy,
    queryPlan: profileQueryPlan(opts.profile),
    describe: () => {
      const texts = statements.map((st) => {
        const q = batchStatementParts(st).query;
        return typeof q === 'string' ? q : q.query;
      });
      return {
        kind: 'batch',
        query: texts.join('; '),
        statements: texts,
        params: statements,
        keyspace: opts.keyspace ?? ctx.keyspace(),
        summary: opts.summary,
      };
    },
    reprepare: async (connection: Connection, error: UnpreparedError) => {
      const stale = prepared.filter((p) => p.id.equals(error.statementId));
      for (const p of stale.length ? stale : prepared) {
        await reprepareAfterUnprepared(connection, p, ctx.keyspace(), opts.timeoutMs, ctx.env.timers);
      }
    },
  });
  return toResultSet<Row>(
    ctx,
    outcome.frame,
    outcome.host,
    opts.rowShape,
    undefined,
    undefined,
    outcome.connection,
  );
}

/** A batch's routing: its keyspace, routing key and token (hashed once, for the policy and the shard). */
function batchRouting(
  keyspace: string | undefined,
  routingKey: Uint8Array | undefined,
  consistency: number,
): RoutingInfo {
  return {
    keyspace,
    routingKey,
    token: routingKey === undefined ? undefined : murmur3Token(routingKey),
    consistency,
  };
}
