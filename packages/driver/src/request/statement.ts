/**
 * `Statement`: a statement object carrying its settings (consistency, page size, idempotence,
 * tracing, timestamp, timeout, execution profile, keyspace, routing key…), as the ScyllaDB Rust
 * driver's `Statement`/`PreparedStatement` configuration and the Python driver's
 * `SimpleStatement`/`BoundStatement`; and how its settings merge with a prepared statement's
 * defaults and with the options of one call. Never holds the execution (`session.ts`,
 * `statement-request.ts`).
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../errors';
import type { QueryOptions, StatementOptions } from '../options';
import { validateStatementOptions } from '../options-validation';
import { PreparedStatement } from './prepared-statement';
import type { Params } from './value-binder';

/**
 * A CQL text or a prepared statement, with or without bound values, and the settings it runs
 * with. Pass it to `session.execute(statement, options?)`, `session.iterate`, `session.batch`,
 * a `CachingSession` or `mapper.session`; it can be run any number of times and shared freely.
 *
 * Settings apply in this order, the first set wins: the options of the call, the statement's own
 * settings, the prepared statement's defaults ({@link PreparedStatement.withDefaults}), the
 * execution profile, the cluster's defaults. Statements are immutable: {@link Statement.bind}
 * and {@link Statement.with} return new ones. Settings are validated once, when the statement is
 * made (an unknown or invalid setting raises `InvalidOptionsError` then, not at each run).
 *
 * In a batch, a statement contributes its text (or prepared statement), its values and its
 * hints; the batch's own options decide everything else, as in both seed drivers.
 *
 * @example
 * ```ts
 * const byDay = new Statement('SELECT * FROM readings WHERE sensor = ? AND day = ?', undefined, {
 *   consistency: Consistency.LOCAL_QUORUM,
 *   pageSize: 500,
 *   idempotent: true,
 * });
 * const rs = await session.execute(byDay.bind(['s1', LocalDate.of(2025, 3, 14)]));
 * for await (const row of session.iterate(byDay.bind(['s2', today]), { signal })) console.log(row);
 *
 * const insert = (await session.prepare('INSERT INTO users (id, name) VALUES (?, ?)')).withDefaults({
 *   idempotent: true,
 * });
 * await session.execute(insert.bind([id, 'Ann'], { timeoutMs: 2000 }));
 * ```
 */
export class Statement {
  /** The CQL text or prepared statement. */
  readonly query: string | PreparedStatement;
  /** The bound values (`undefined`: none bound). */
  readonly params: Params | undefined;
  /** The statement's own settings (frozen). */
  readonly options: Readonly<StatementOptions>;
  /**
   * What the statement runs with before the call's options: a prepared statement's defaults under
   * the statement's own settings. @internal
   */
  readonly settings: Readonly<StatementOptions>;

  /**
   * @param query - CQL text, or a prepared statement (`session.prepare()`)
   * @param params - values for the bind markers: an array (`?`) or an object (`:name`)
   * @param options - the statement's settings
   * @throws InvalidOptionsError for an invalid query or setting
   */
  constructor(query: string | PreparedStatement, params?: Params, options: StatementOptions = {}) {
    const prepared = query instanceof PreparedStatement;
    if (!prepared && (typeof query !== 'string' || query.trim() === '')) {
      throw new InvalidOptionsError(
        'new Statement(query): query must be non-empty CQL text or a PreparedStatement',
      );
    }
    if (params !== undefined && (params === null || typeof params !== 'object')) {
      throw new InvalidOptionsError(
        `new Statement(query, params): params must be an array or an object, got ${params === null ? 'null' : typeof params}`,
      );
    }
    validateStatementOptions(options);
    if (prepared) checkPreparedSettings(options, 'new Statement(prepared)');
    this.query = query;
    this.params = params;
    this.options = Object.freeze({ ...options });
    this.settings = prepared ? mergeOptions(query.defaults, this.options) : this.options;
  }

  /**
   * The same statement and settings with these values.
   *
   * @example
   * ```ts
   * const byId = new Statement('SELECT * FROM users WHERE id = ?', undefined, { consistency: Consistency.ONE });
   * await session.execute(byId.bind([id]));
   * ```
   */
  bind(params: Params): Statement {
    return new Statement(this.query, params, this.options);
  }

  /**
   * The same statement and values with `options` over its settings.
   *
   * @example
   * ```ts
   * const traced = statement.with({ tracing: true });
   * ```
   */
  with(options: StatementOptions): Statement {
    return new Statement(this.query, this.params, mergeOptions(this.options, options));
  }
}

/** Settings that make no sense for a prepared statement (its types come from the server). @internal */
export function checkPreparedSettings(options: StatementOptions, where: string): void {
  if (options.hints !== undefined) {
    throw new InvalidOptionsError(
      `${where}: 'hints' do not apply to a prepared statement (the server gives the types)`,
    );
  }
  if (options.prepare === false) {
    throw new InvalidOptionsError(`${where}: 'prepare: false' contradicts a prepared statement`);
  }
}

/**
 * `over`'s defined settings over `base`'s (an option given as `undefined` does not erase one
 * set below it). Returns `base` itself when `over` sets nothing. @internal
 */
export function mergeOptions<O extends StatementOptions>(base: O, over: O | undefined): O;
export function mergeOptions(base: QueryOptions, over: QueryOptions | undefined): QueryOptions;
export function mergeOptions(base: QueryOptions, over: QueryOptions | undefined): QueryOptions {
  if (over === undefined) return base;
  let merged: Record<string, unknown> | undefined;
  for (const key in over) {
    const value = (over as Record<string, unknown>)[key];
    if (value === undefined) continue;
    merged ??= { ...base };
    merged[key] = value;
  }
  return merged === undefined ? base : (merged as QueryOptions);
}
