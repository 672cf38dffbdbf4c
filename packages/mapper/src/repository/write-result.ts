/**
 * Results of writes, including lightweight transactions that were not applied.
 *
 * @packageDocumentation
 */
import {
  Statement,
  type Params,
  type PreparedStatement,
  type ResultSet,
  type StatementOptions,
} from '@cqlkit/driver';
import type { EntityConverter } from '../conversion/entity-converter';

/**
 * The outcome of `insert()`, `update()` or `delete()`. Plain writes are always `applied`. A
 * conditional write (ifNotExists, ifExists, if) that was not applied carries in `current` what
 * the server returned about the row: the whole existing row for `ifNotExists`, the tested columns
 * for `if` conditions, nothing (`undefined`) when the row does not exist.
 *
 * @example
 * ```ts
 * const result = await users.insert(user, { ifNotExists: true });
 * if (!result.applied) console.log('taken by', result.current?.name);
 * ```
 */
export interface WriteResult<T> {
  readonly applied: boolean;
  readonly current: Partial<T> | undefined;
}

/**
 * A bound entity statement: a driver {@link Statement} of the entity's prepared statement with its
 * values and settings (idempotence, and the consistency, timeout… of the options it was made
 * with), ready for `session.batch()`, `mapper.batch()` or `mapper.session.execute()`.
 *
 * @example
 * ```ts
 * const s = await users.insertStatement(user, { consistency: Consistency.QUORUM });
 * await mapper.session.batch([s, await audit.insertStatement(entry)]);
 * await mapper.session.execute(await users.deleteStatement({ id }));
 * ```
 */
export class EntityStatement extends Statement {
  declare readonly query: PreparedStatement;
  declare readonly params: unknown[];

  /** @internal */
  constructor(
    query: PreparedStatement,
    params: unknown[],
    options: StatementOptions,
    /** A lightweight transaction. */
    readonly conditional: boolean,
    /** Changes counters (counter batches only). */
    readonly counter: boolean,
  ) {
    super(query, params as Params, options);
  }

  /** Safe to apply twice. */
  get idempotent(): boolean {
    return this.options.idempotent === true;
  }
}

const APPLIED: WriteResult<never> = Object.freeze({ applied: true, current: undefined });

/** The write result of a statement's result set. @internal */
export function writeResultOf<T extends object>(
  rs: ResultSet<Record<string, unknown>>,
  conditional: boolean,
  converter: EntityConverter<T>,
): WriteResult<T> {
  if (!conditional || rs.wasApplied) return APPLIED;
  const row = rs.first();
  const hasColumns = row !== undefined && Object.keys(row).some((k) => k !== '[applied]');
  return { applied: false, current: hasColumns ? converter.fromColumns(row) : undefined };
}
