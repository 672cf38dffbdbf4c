/**
 * Preparing the CQL texts of a batch before it runs (`session.batch(…, { prepare })` and
 * `session.prepareBatch()`): every text, or only those whose values need the server's types.
 * Never holds the preparing itself (the session's one cache is `request/statement-preparer.ts`)
 * nor the BATCH request (`request/batch-request.ts`).
 *
 * @packageDocumentation
 */

import { batchStatementParts, type BatchStatement } from '../request/batch-request';
import { PreparedStatement } from '../request/prepared-statement';
import type { PrepareOptions } from '../request/statement-preparer';
import { needsServerTypes } from '../request/value-binder';

/** Prepares one CQL text (a session's `prepare`). @internal */
export type PrepareText = (query: string, options: PrepareOptions | undefined) => Promise<PreparedStatement>;

/**
 * The statements with their CQL texts prepared: all of them (`all`), or those whose values need
 * the server's types; prepared statements and the other texts are returned as they are. @internal
 */
export function prepareBatchTexts(
  statements: readonly BatchStatement[],
  prepareOptions: PrepareOptions | undefined,
  all: boolean,
  prepare: PrepareText,
): Promise<BatchStatement[]> {
  return Promise.all(
    statements.map(async (s) => {
      const { query, params, hints } = batchStatementParts(s);
      if (query instanceof PreparedStatement) return s;
      if (!all && !needsServerTypes(params, hints)) return s;
      const prepared = await prepare(query, prepareOptions);
      return params === undefined ? prepared : { query: prepared, params, ...(hints ? { hints } : {}) };
    }),
  );
}
