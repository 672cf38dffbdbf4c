/**
 * Progress events: one per step, handed to the `onEvent` option. The CLI prints each as one line
 * (see `formatEvent`); an application can log them its own way.
 *
 * @packageDocumentation
 */
import type { LockHolder } from './errors';

/** Something that happened during a command. */
export type MigrationEvent =
  | { readonly type: 'keyspace-created'; readonly keyspace: string; readonly cql: string }
  | { readonly type: 'keyspace-planned'; readonly keyspace: string; readonly cql: string }
  | { readonly type: 'table-created'; readonly table: string }
  | { readonly type: 'up-to-date'; readonly currentVersion: string | undefined }
  | { readonly type: 'lock-waiting'; readonly holder: LockHolder | undefined; readonly waitedMs: number }
  | { readonly type: 'lock-acquired'; readonly lock: string }
  | { readonly type: 'lock-released'; readonly lock: string }
  | {
      readonly type: 'migration-started';
      readonly version: string;
      readonly script: string;
      /** A CQL file (its statements are counted) or a code migration (`up()`/`down()`). */
      readonly kind: 'cql' | 'code';
      readonly statements: number;
      /** 0-based index of the first statement to run (> 0 when resuming a failed run). */
      readonly resumeFrom: number;
      readonly direction: 'up' | 'down';
    }
  | {
      readonly type: 'statement-applied';
      readonly version: string;
      readonly script: string;
      /** 1-based statement number within the file. */
      readonly number: number;
      readonly total: number;
      readonly cql: string;
      readonly durationMs: number;
      /** Whether a schema-agreement wait followed the statement. */
      readonly awaitedAgreement: boolean;
    }
  | {
      readonly type: 'migration-planned';
      readonly version: string;
      readonly script: string;
      readonly kind: 'cql' | 'code';
      readonly statements: number;
      readonly resumeFrom: number;
      /** `down`: the migration a dry run would revert, `via` its undo script (or `down()`). */
      readonly direction: 'up' | 'down';
      readonly via?: string;
    }
  | {
      readonly type: 'statement-planned';
      readonly version: string;
      readonly script: string;
      readonly number: number;
      readonly total: number;
      readonly cql: string;
    }
  | {
      readonly type: 'code-planned';
      readonly version: string;
      readonly script: string;
      readonly direction: 'up' | 'down';
    }
  | {
      readonly type: 'migration-succeeded';
      readonly version: string;
      readonly script: string;
      readonly durationMs: number;
      readonly direction: 'up' | 'down';
    }
  | {
      readonly type: 'migration-failed';
      readonly version: string;
      readonly script: string;
      readonly error: string;
    }
  | { readonly type: 'checksum-accepted'; readonly version: string; readonly script: string }
  | { readonly type: 'failed-state-cleared'; readonly version: string; readonly script: string }
  | { readonly type: 'baseline-recorded'; readonly version: string }
  | { readonly type: 'warning'; readonly message: string };

/** Receives progress events. */
export type MigrationEventListener = (event: MigrationEvent) => void;

/**
 * One human-readable line for an event.
 *
 * @example
 * ```ts
 * migrate(session, { migrationsDir: 'migrations', onEvent: (e) => console.log(formatEvent(e)) });
 * ```
 */
export function formatEvent(event: MigrationEvent): string {
  switch (event.type) {
    case 'keyspace-created':
      return `created keyspace ${event.keyspace}`;
    case 'keyspace-planned':
      return `would create keyspace ${event.keyspace}:\n  ${event.cql};`;
    case 'table-created':
      return `created table ${event.table}`;
    case 'up-to-date':
      return `schema is up to date (version ${event.currentVersion ?? 'none'}); nothing to apply`;
    case 'lock-waiting': {
      const who = event.holder ? `${event.holder.ownerInfo}` : 'another runner';
      return `waiting for the migration lock held by ${who} (${Math.round(event.waitedMs / 1000)} s so far)`;
    }
    case 'lock-acquired':
      return `acquired lock ${event.lock}`;
    case 'lock-released':
      return `released lock ${event.lock}`;
    case 'migration-started': {
      const verb = event.direction === 'up' ? 'applying' : 'reverting';
      return `${verb} V${event.version} ${event.script}${describeSize(event)}`;
    }
    case 'statement-applied':
      return (
        `  [${event.number}/${event.total}] ${oneLine(event.cql)} (${event.durationMs} ms` +
        `${event.awaitedAgreement ? ', schema agreed' : ''})`
      );
    case 'migration-planned':
      return event.direction === 'down'
        ? `would revert V${event.version} ${event.script} with ${event.via ?? 'down()'}${describeSize(event)}`
        : `would apply V${event.version} ${event.script}${describeSize(event)}`;
    case 'statement-planned':
      return `  [${event.number}/${event.total}] ${event.cql};`;
    case 'code-planned':
      return `  would run ${event.direction}() of ${event.script} (code migration)`;
    case 'migration-succeeded':
      return `${event.direction === 'up' ? 'applied' : 'reverted'} V${event.version} ${event.script} in ${event.durationMs} ms`;
    case 'migration-failed':
      return `FAILED V${event.version} ${event.script}: ${event.error}`;
    case 'checksum-accepted':
      return `accepted the new checksum of V${event.version} ${event.script}`;
    case 'failed-state-cleared':
      return `cleared the failed state of V${event.version} ${event.script} (it will run again from its first statement)`;
    case 'baseline-recorded':
      return `recorded baseline at version ${event.version}`;
    case 'warning':
      return `warning: ${event.message}`;
  }
}

function oneLine(cql: string): string {
  const flat = cql.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

/** ` (3 statements)`, ` (no statements)` for an empty CQL file, ` (code)` for a code migration. */
function describeSize(event: {
  readonly kind: 'cql' | 'code';
  readonly statements: number;
  readonly resumeFrom: number;
}): string {
  if (event.kind === 'code') return ' (code)';
  if (event.statements === 0) return ' (no statements)';
  const resume = event.resumeFrom > 0 ? `, resuming at statement ${event.resumeFrom + 1}` : '';
  return ` (${event.statements} statement${event.statements === 1 ? '' : 's'}${resume})`;
}
