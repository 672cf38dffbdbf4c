/**
 * The session a code migration receives: the real session, except that `execute` first checks
 * the lock is still held and, after a statement that changed the schema, awaits schema agreement
 * before returning. Everything else (prepare, batch, iterate…) is the session's own.
 *
 * @packageDocumentation
 */
import type { Params, QueryOptions } from '@cqlkit/driver';

import type { LockLease } from './lock';
import type { MigrationQueryResult, MigrationSession } from './migration-session';
import type { SchemaAgreement } from './schema-agreement';

/** A wrapped session and how many statements went through its `execute`. */
export interface AgreementAwareSession<S> {
  /** The session to hand to the migration (same prototype, so `instanceof Session` still holds). */
  readonly proxy: S;
  statementCount(): number;
}

/**
 * Wraps a session for a code migration.
 *
 * @example
 * ```ts
 * const { proxy } = agreementAwareSession(session, { agreement, lease, context: 'in V4' });
 * await proxy.execute('CREATE TABLE t (id int PRIMARY KEY)'); // returns once the cluster agrees
 * ```
 */
export function agreementAwareSession<S extends MigrationSession>(
  session: S,
  deps: { agreement: SchemaAgreement; lease: Pick<LockLease, 'assertHeld'>; context: string },
): AgreementAwareSession<S> {
  let count = 0;
  const execute = async (
    query: string,
    params?: Params,
    options?: QueryOptions,
  ): Promise<MigrationQueryResult> => {
    deps.lease.assertHeld();
    const rs = await session.execute(query, params, options);
    count++;
    if (rs.schemaChange !== undefined) {
      const c = rs.schemaChange;
      const name = 'name' in c ? `${c.keyspace}.${c.name}` : c.keyspace;
      await deps.agreement.awaitAgreement(`${deps.context} after ${c.change} ${c.target} ${name}`);
    }
    return rs;
  };
  const proxy = new Proxy(session, {
    get(target, property) {
      if (property === 'execute') return execute;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { proxy, statementCount: () => count };
}
