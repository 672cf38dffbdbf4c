/**
 * The shape of a code migration (`V<version>__<description>.ts` or `.js`) and how a loaded module
 * is checked against it.
 *
 * @packageDocumentation
 */
import { MigrationFileError } from './errors';
import type { MigrationSession } from './migration-session';

/**
 * What a code migration module exports: an async `up(session)` and optionally `down(session)`.
 * Named exports or a default export object both work. The session is the one the migration runs
 * with (switched to the target keyspace); every schema change made through it is followed by a
 * schema-agreement wait. Code migrations are not resumable statement by statement: a failed one
 * re-runs from the start, so write them idempotently (`IF NOT EXISTS`, upserts).
 *
 * @example
 * ```ts
 * // migrations/V4__backfill_emails.ts
 * import type { Session } from '@cqlkit/driver';
 *
 * export async function up(session: Session): Promise<void> {
 *   for await (const u of session.iterate<{ id: string; email: string }>('SELECT id, email FROM users')) {
 *     await session.execute('UPDATE users SET email_lc = ? WHERE id = ?', [u.email.toLowerCase(), u.id], { prepare: true });
 *   }
 * }
 *
 * export async function down(session: Session): Promise<void> {
 *   await session.execute('UPDATE users SET email_lc = null WHERE id = ?', [someId]);
 * }
 * ```
 */
export interface CodeMigration<S = MigrationSession> {
  up(session: S): Promise<void> | void;
  down?(session: S): Promise<void> | void;
}

/**
 * Finds `up`/`down` in a loaded module namespace (named exports, or a default export object).
 *
 * @throws MigrationFileError when the module exports no `up` function.
 */
export function asCodeMigration(file: string, namespace: unknown): CodeMigration<unknown> {
  const candidates = [namespace, (namespace as { default?: unknown } | null)?.default];
  for (const c of candidates) {
    if (c !== null && typeof c === 'object' && typeof (c as { up?: unknown }).up === 'function') {
      const down = (c as { down?: unknown }).down;
      if (down !== undefined && typeof down !== 'function') {
        throw new MigrationFileError(file, `${file}: 'down' must be a function (session) => Promise<void>`);
      }
      return c as CodeMigration<unknown>;
    }
  }
  const names =
    namespace !== null && typeof namespace === 'object'
      ? Object.keys(namespace).join(', ') || 'nothing'
      : 'nothing';
  throw new MigrationFileError(
    file,
    `${file} must export an async function up(session) (and optionally down(session)); it exports ${names}`,
  );
}
