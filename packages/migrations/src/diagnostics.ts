/**
 * The migrations' `diagnostics_channel` tracing channels: a command, each migration, each
 * statement of a file and each schema-agreement wait is published as a Node.js `TracingChannel`
 * trace (start, end, asyncStart, asyncEnd, error), for instrumentation libraries such as
 * `@cqlkit/opentelemetry`. Nothing is built or published while nobody subscribes. Never holds
 * subscribers.
 *
 * @packageDocumentation
 */
import diagnosticsChannel, { type TracingChannel } from 'node:diagnostics_channel';

/**
 * Names of the migrations' tracing channels (each is a `diagnostics_channel.tracingChannel(name)`:
 * subscribe to `tracing:{name}:start`, `…:asyncEnd`, `…:error` and the others, or with
 * `tracingChannel(name).subscribe({ … })`).
 *
 * | name | context object |
 * |---|---|
 * | `cqlkit:migrations:command` | {@link MigrationCommandTrace} |
 * | `cqlkit:migrations:migration` | {@link MigrationTrace} |
 * | `cqlkit:migrations:statement` | {@link MigrationStatementTrace} |
 * | `cqlkit:migrations:agreement` | {@link SchemaAgreementTrace} |
 *
 * A migration's trace runs inside its command's, and a statement's and an agreement wait's inside
 * their migration's, in the same async context: a subscriber that binds an `AsyncLocalStorage` to
 * the start channels (`bindStore`) finds the enclosing trace from the driver's request events.
 *
 * @example
 * ```ts
 * import diagnosticsChannel from 'node:diagnostics_channel';
 * diagnosticsChannel.tracingChannel<unknown, MigrationTrace>(MIGRATION_CHANNELS.migration).subscribe({
 *   start: (m) => console.log(`V${m.version} ${m.direction}…`),
 *   end: () => undefined,
 *   asyncStart: () => undefined,
 *   asyncEnd: (m) => console.log(`V${m.version} done`),
 *   error: (m) => console.log(`V${m.version} failed: ${String(m.error)}`),
 * });
 * ```
 */
export const MIGRATION_CHANNELS = {
  command: 'cqlkit:migrations:command',
  migration: 'cqlkit:migrations:migration',
  statement: 'cqlkit:migrations:statement',
  agreement: 'cqlkit:migrations:agreement',
} as const;

/** What every trace context gets from the tracing channel once the work is over. */
export interface TraceOutcome {
  /** The error the work failed with (set by the tracing channel before `error`). */
  error?: unknown;
  /** The value the work resolved to (set before `asyncEnd`). */
  result?: unknown;
}

/** A command (`up`, `down`) that changes the schema. */
export interface MigrationCommandTrace extends TraceOutcome {
  readonly command: 'up' | 'down';
  /** The keyspace the migrations run in, when known before the command starts. */
  readonly keyspace: string | undefined;
}

/** One migration applied (`up`) or reverted (`down`). */
export interface MigrationTrace extends TraceOutcome {
  readonly version: string;
  /** The file that runs: the `V…` script going up, the `U…` script (or the code file) going down. */
  readonly script: string;
  readonly kind: 'cql' | 'code';
  readonly direction: 'up' | 'down';
  readonly keyspace: string;
  /** Statements in the file (0 for code migrations). */
  readonly statements: number;
  /** 0-based index of the first statement run (> 0 when a failed run resumes). */
  readonly resumeFrom: number;
}

/** One statement of a migration file. */
export interface MigrationStatementTrace extends TraceOutcome {
  readonly version: string;
  readonly script: string;
  /** 1-based number of the statement in the file. */
  readonly number: number;
  readonly total: number;
  /** Line of the file the statement starts at. */
  readonly line: number;
  readonly cql: string;
  readonly direction: 'up' | 'down';
}

/** A wait for schema agreement (after a schema change, or before a migration). */
export interface SchemaAgreementTrace extends TraceOutcome {
  /** Why the wait happens, e.g. `after V3 statement 2 (line 7) of V3__alerts.cql`. */
  readonly context: string;
  readonly timeoutMs: number;
}

/** The context object of each channel. */
interface TraceContexts {
  command: MigrationCommandTrace;
  migration: MigrationTrace;
  statement: MigrationStatementTrace;
  agreement: SchemaAgreementTrace;
}

const channels: { readonly [K in keyof TraceContexts]: TracingChannel<unknown, TraceContexts[K]> } = {
  command: diagnosticsChannel.tracingChannel(MIGRATION_CHANNELS.command),
  migration: diagnosticsChannel.tracingChannel(MIGRATION_CHANNELS.migration),
  statement: diagnosticsChannel.tracingChannel(MIGRATION_CHANNELS.statement),
  agreement: diagnosticsChannel.tracingChannel(MIGRATION_CHANNELS.agreement),
};

/**
 * Runs `work` as a trace of the channel `kind`: as it is when nobody subscribes, otherwise with the
 * context `describe()` builds (built only then).
 *
 * @internal
 */
export function traced<K extends keyof TraceContexts, T>(
  kind: K,
  describe: () => TraceContexts[K],
  work: () => Promise<T>,
): Promise<T> {
  const channel = channels[kind] as TracingChannel<unknown, TraceContexts[K]>;
  if (!isObserved(channel)) return work();
  return channel.tracePromise(work, describe());
}

/**
 * Runs a command as a `command` trace, unless it is a dry run (which changes nothing).
 *
 * @internal
 */
export function tracedCommand<T>(
  command: MigrationCommandTrace['command'],
  session: { readonly keyspace: string | undefined } | undefined,
  options: { readonly keyspace?: string | undefined; readonly dryRun?: boolean | undefined } | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (options?.dryRun) return work();
  return traced('command', () => ({ command, keyspace: options?.keyspace ?? session?.keyspace }), work);
}

/** `TracingChannel.hasSubscribers` (Node.js ≥ 20.13), spelled out for earlier Node.js 20 releases. */
function isObserved(channel: TracingChannel<unknown, object>): boolean {
  return (
    channel.start.hasSubscribers ||
    channel.end.hasSubscribers ||
    channel.asyncStart.hasSubscribers ||
    channel.asyncEnd.hasSubscribers ||
    channel.error.hasSubscribers
  );
}
