/**
 * What must exist before migrations run: the target keyspace (created from configuration when
 * asked), then the lock and history tables. Each creation is followed by a schema-agreement wait,
 * so the first LWT on the lock table never races a table that some nodes do not know yet.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { qualified, type TableRef } from './cql-names';
import { HistoryStateError } from './errors';
import { HISTORY_TABLE_COLUMNS } from './history';
import { createKeyspaceCql, keyspaceExists, tableExists } from './keyspace';
import { LOCK_TABLE_COLUMNS } from './lock';
import type { MigrationContext } from './options';
import {
  AlreadyExistsError,
  InvalidRequestError,
  RequestValidationError,
  ServerInternalError,
} from '@cqlkit/driver';

/**
 * Creates the target keyspace when it is missing and `createKeyspace` is configured.
 *
 * @throws HistoryStateError when the keyspace is missing and no `createKeyspace` is configured.
 */
export async function ensureKeyspace(ctx: MigrationContext): Promise<void> {
  for (const keyspace of new Set([ctx.keyspace, ctx.historyTable.keyspace])) {
    if (await keyspaceExists(ctx.session, keyspace)) continue;
    if (ctx.createKeyspace === undefined) {
      throw new HistoryStateError(
        `keyspace ${keyspace} does not exist; create it, or configure createKeyspace (replication) so that ` +
          'cqlkit-migrate creates it',
      );
    }
    const cql = createKeyspaceCql(keyspace, ctx.createKeyspace);
    await ctx.session.execute(cql, undefined, { timeoutMs: ctx.statementTimeoutMs });
    await ctx.agreement.awaitAgreement(`after creating keyspace ${keyspace}`);
    ctx.emit({ type: 'keyspace-created', keyspace, cql });
  }
}

/** Creates the lock table, then the history table, each followed by a schema-agreement wait. */
export async function ensureToolTables(ctx: MigrationContext): Promise<void> {
  await ensureTable(ctx, ctx.lockTable, LOCK_TABLE_COLUMNS);
  await ensureTable(ctx, ctx.historyTable, HISTORY_TABLE_COLUMNS);
}

async function ensureTable(ctx: MigrationContext, ref: TableRef, columns: string): Promise<void> {
  if (await tableExists(ctx.session, ref)) {
    await awaitTableUsable(ctx, ref);
    return;
  }
  const base = `CREATE TABLE IF NOT EXISTS ${qualified(ref)} (${columns}\n)`;
  const run = (cql: string) => ctx.session.execute(cql, undefined, { timeoutMs: ctx.statementTimeoutMs });
  try {
    if (ctx.deterministicTableIds) {
      try {
        await run(`${base} WITH ID = ${deterministicTableId(ref)}`);
      } catch (e) {
        // Servers without `WITH ID` (or refusing it) get an ordinary CREATE.
        if (!(e instanceof RequestValidationError) || e instanceof AlreadyExistsError) throw e;
        await run(base);
      }
    } else {
      await run(base);
    }
  } catch (e) {
    if (!(e instanceof AlreadyExistsError)) throw e;
  }
  await ctx.agreement.awaitAgreement(`after creating table ${qualified(ref)}`);
  await awaitTableUsable(ctx, ref);
  ctx.emit({ type: 'table-created', table: qualified(ref) });
}

/**
 * A name-based (v5-style) UUID for a tool table: every runner computes the same ID, so concurrent
 * `CREATE TABLE IF NOT EXISTS` on different coordinators create the same table.
 *
 * @internal
 */
export function deterministicTableId(ref: TableRef): string {
  const bytes = createHash('sha1')
    .update(`cqlkit-migrations:${qualified(ref)}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Waits until a table that `system_schema` lists can be queried. A runner that sees the table a
 * concurrent runner is creating can read its `system_schema` row a moment before the node has
 * applied it ("table … does not exist", "Unknown CF …"); this bridges that window.
 *
 * @throws the last error when the table stays unusable for `schemaAgreementTimeoutMs`.
 */
export async function awaitTableUsable(ctx: MigrationContext, ref: TableRef): Promise<void> {
  const deadline = Date.now() + ctx.schemaAgreementTimeoutMs;
  for (;;) {
    try {
      await ctx.session.execute(`SELECT * FROM ${qualified(ref)} LIMIT 1`, undefined, {
        consistency: ctx.consistency,
      });
      return;
    } catch (e) {
      const missing =
        (e instanceof InvalidRequestError || e instanceof ServerInternalError) &&
        /does not exist|unconfigured table|unknown cf|unknown table/i.test(e.message);
      if (!missing || Date.now() >= deadline) throw e;
      await ctx.agreement.awaitAgreement(`while ${qualified(ref)} is being created`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
