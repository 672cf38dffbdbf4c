/**
 * A session's `getQueryTrace()`: its arguments checked, and the trace queries run through the
 * session's own `execute` (unpaged, idempotent, at the trace consistency). Never holds the trace
 * model or the polling of `system_traces`: that is `observability/query-trace.ts`.
 *
 * @packageDocumentation
 */

import { InvalidOptionsError } from '../errors';
import { fetchQueryTrace, type QueryTrace, type TraceFetchOptions } from '../observability/query-trace';
import { checkOptionNames, OPTION_NAMES } from '../option-names';
import type { QueryOptions } from '../options';
import type { ResultSet } from '../request/result-set';
import type { Params } from '../request/value-binder';
import { Uuid } from '../types';

/** How the trace queries run: a session's `execute` of CQL text. @internal */
export type TraceExecute = (
  query: string,
  params: Params,
  options: QueryOptions,
) => Promise<ResultSet<Record<string, unknown>>>;

/**
 * Checks the options (synchronously: an unknown option throws) and the id (a bad one rejects),
 * then fetches the trace through `execute`. @internal
 */
export function fetchTraceThrough(
  execute: TraceExecute,
  tracingId: Uuid,
  options: TraceFetchOptions,
): Promise<QueryTrace> {
  checkOptionNames('getQueryTrace() option', options, OPTION_NAMES.trace);
  if (!(tracingId instanceof Uuid)) {
    return Promise.reject(
      new InvalidOptionsError('getQueryTrace(tracingId): pass ResultSet.tracingId (a Uuid)'),
    );
  }
  return fetchQueryTrace(
    async (cql, params, consistency, signal) =>
      (
        await execute(cql, params, {
          consistency,
          paging: false,
          idempotent: true,
          ...(signal ? { signal } : {}),
        })
      ).rows,
    tracingId,
    options,
  );
}
