/**
 * Waiting for schema agreement: after a schema change, every node must report the same schema
 * version before the next statement runs. A timeout is an error that names the hosts and their
 * versions (drivers only log it by default; a migration tool must not carry on).
 *
 * The runner talks to the small {@link SchemaAgreement} interface; {@link sessionSchemaAgreement}
 * implements it with the driver's `session.awaitSchemaAgreement()`, which reads `system.local` and
 * the peers table on the control connection (nodes the driver considers down are left out).
 *
 * @packageDocumentation
 */
import { SchemaAgreementError as DriverSchemaAgreementError } from '@cqlkit/driver';

import { traced } from './diagnostics';
import { SchemaAgreementError } from './errors';
import type { MigrationSession } from './migration-session';

/**
 * Waits until the cluster agrees on the schema.
 *
 * @example
 * ```ts
 * const noWait: SchemaAgreement = { awaitAgreement: async () => {} }; // e.g. for a unit test
 * ```
 */
export interface SchemaAgreement {
  /**
   * Resolves once every node reports the same schema version.
   *
   * @param context what just changed, for the error message (e.g. `after V3 statement 2`).
   * @throws SchemaAgreementError naming each host's schema version when time runs out.
   */
  awaitAgreement(context: string): Promise<void>;
}

/**
 * Schema agreement through the driver session, bounded by `timeoutMs`.
 *
 * @example
 * ```ts
 * const agreement = sessionSchemaAgreement(session, 30_000);
 * await session.execute('CREATE TABLE t (id int PRIMARY KEY)');
 * await agreement.awaitAgreement('after CREATE TABLE t');
 * ```
 */
export function sessionSchemaAgreement(session: MigrationSession, timeoutMs: number): SchemaAgreement {
  return {
    awaitAgreement: (context) =>
      traced(
        'agreement',
        () => ({ context, timeoutMs }),
        async () => {
          try {
            await session.awaitSchemaAgreement({ timeoutMs });
          } catch (e) {
            if (e instanceof DriverSchemaAgreementError) {
              throw new SchemaAgreementError(context, e.versions, timeoutMs, { cause: e });
            }
            throw e;
          }
        },
      ),
  };
}
