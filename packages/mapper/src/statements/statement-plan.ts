/**
 * A statement ready to prepare (once per shape) and execute: the cache key of its shape, its CQL
 * (built only on a cache miss) and its bind values; the checks of write attributes, and the name
 * a call's errors give (`User.insert()`).
 *
 * @packageDocumentation
 */
import { MapperArgumentError } from '../errors';

/** One entity statement before preparation. @internal */
export interface StatementPlan {
  /** Identifies the CQL text: equal shapes have equal CQL. */
  readonly shape: string;
  /** Builds the CQL text (called once per shape). */
  readonly cql: () => string;
  /** Bind values, `undefined` meaning unset. */
  readonly values: unknown[];
  /** Safe to apply twice (no append, counter or LWT). */
  readonly idempotent: boolean;
  /** Has an IF clause (a lightweight transaction). */
  readonly conditional: boolean;
  /** Changes counters (needs a counter batch). */
  readonly counter: boolean;
}

/**
 * Options shared by statements that write.
 *
 * @example
 * ```ts
 * await users.insert(user, { ttl: 86_400, timestamp: Date.now() * 1000 });
 * ```
 */
export interface WriteAttributes {
  /** Time to live of the written values, in seconds (`USING TTL`). */
  readonly ttl?: number;
  /** Write timestamp in microseconds since the epoch (`USING TIMESTAMP`); not with conditions. */
  readonly timestamp?: number | bigint;
}

/**
 * The name errors give a call (`User.insert()`): built only when there is an error to report or
 * options to check, never on the hot path of a valid call.
 *
 * @internal
 */
export function callName(model: { readonly className: string }, call: string): string {
  return `${model.className}.${call}`;
}

const MAX_TTL = 630_720_000;

/**
 * Checks `ttl`/`timestamp` and returns the USING clause with its values.
 *
 * @internal
 */
export function usingClause(
  where: string,
  attributes: WriteAttributes,
  allowTtl: boolean,
  conditional: boolean,
): { cql: string; values: unknown[]; shape: string } {
  const { ttl, timestamp } = attributes;
  const parts: string[] = [];
  const values: unknown[] = [];
  if (ttl !== undefined) {
    if (!allowTtl)
      throw argumentError(`${where}: option 'ttl' is not allowed here (counters and deletes have no TTL)`);
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
      throw argumentError(
        `${where}: option 'ttl' must be an integer number of seconds from 0 to ${MAX_TTL}, got ${String(ttl)}`,
      );
    }
    parts.push('TTL ?');
    values.push(ttl);
  }
  if (timestamp !== undefined) {
    if (conditional) {
      throw argumentError(
        `${where}: option 'timestamp' cannot be combined with conditions (ifNotExists, ifExists, if): lightweight transactions choose their own timestamp`,
      );
    }
    if (typeof timestamp !== 'bigint' && !Number.isSafeInteger(timestamp)) {
      throw argumentError(
        `${where}: option 'timestamp' must be microseconds since the epoch as a bigint or safe integer, got ${String(timestamp)}`,
      );
    }
    parts.push('TIMESTAMP ?');
    values.push(timestamp);
  }
  return {
    cql: parts.length ? ` USING ${parts.join(' AND ')}` : '',
    values,
    shape: `${ttl !== undefined ? 't' : ''}${timestamp !== undefined ? 's' : ''}`,
  };
}

function argumentError(message: string): MapperArgumentError {
  return new MapperArgumentError(message);
}
