/**
 * The part of a driver `Session` the migrations use. A `Session` from `@cqlkit/driver` fits it as
 * it is; tests can pass a fake.
 *
 * @packageDocumentation
 */
import type { Params, QueryOptions, SchemaChange } from '@cqlkit/driver';

/** What the migrations read from a result. `ResultSet` of `@cqlkit/driver` has all of it. */
export interface MigrationQueryResult {
  /** Rows of the (first) page. */
  readonly rows: readonly Record<string, unknown>[];
  /** For a conditional (LWT) statement: whether it was applied. */
  readonly wasApplied: boolean;
  /** The schema change a DDL statement made, if any. */
  readonly schemaChange?: SchemaChange | undefined;
}

/**
 * A session the migrations can run on: `Session` of `@cqlkit/driver`, or anything shaped like it.
 *
 * @example
 * ```ts
 * const session: MigrationSession = await cluster.connect();
 * await migrate(session, { keyspace: 'shop', migrationsDir: 'migrations' });
 * ```
 */
export interface MigrationSession {
  /** The session's current keyspace. */
  readonly keyspace: string | undefined;
  execute(query: string, params?: Params, options?: QueryOptions): Promise<MigrationQueryResult>;
  useKeyspace(keyspace: string, caseSensitive?: boolean): Promise<void>;
  /**
   * Waits until every up node reports the same schema version.
   *
   * @throws SchemaAgreementError of `@cqlkit/driver` (with each node's version) on timeout.
   */
  awaitSchemaAgreement(options?: { timeoutMs?: number }): Promise<unknown>;
}
