/**
 * Checks shared by the request encoders: protocol-version gates and numeric ranges of the options a
 * caller passes. Every failure is an {@link InvalidOptionsError} naming the option.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ProtocolVersion } from '../opcodes';

/**
 * Throws unless `version` is at least `minimum`, naming the option that needs it.
 *
 * @example
 * ```ts
 * requireProtocolVersion(4, 5, 'keyspace'); // throws: option 'keyspace' requires protocol v5 or later …
 * ```
 * @throws InvalidOptionsError when the connection's version is too old for the option.
 */
export function requireProtocolVersion(
  version: ProtocolVersion,
  minimum: ProtocolVersion,
  option: string,
): void {
  if (version < minimum) {
    throw new InvalidOptionsError(
      `option '${option}' requires protocol v${minimum} or later, but the connection uses v${version}`,
    );
  }
}

/**
 * Throws unless `value` is an integer in `[min, max]`.
 *
 * @throws InvalidOptionsError naming the option and the accepted range.
 */
export function requireIntegerInRange(value: number, min: number, max: number, option: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionsError(`option '${option}' must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/** Largest `[int]`. */
export const INT32_MAX = 0x7fffffff;

/** Largest `[short]` (also the most values, statements or names a `[short]` count can announce). */
export const SHORT_MAX = 0xffff;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Checks a `[consistency]` code (a `[short]`).
 *
 * @throws InvalidOptionsError for anything but an integer in `[0, 65535]`.
 */
export function requireConsistency(value: number, option: string): void {
  requireIntegerInRange(value, 0, SHORT_MAX, option);
}

/**
 * Checks a default timestamp in microseconds: a bigint `[long]` other than `Long.MIN_VALUE`
 * (which the server rejects), or a safe integer number.
 *
 * @throws InvalidOptionsError when out of range.
 */
export function requireTimestamp(value: bigint | number, option: string): void {
  const ok =
    typeof value === 'number'
      ? Number.isSafeInteger(value)
      : typeof value === 'bigint' && value > INT64_MIN && value <= INT64_MAX;
  if (!ok) {
    throw new InvalidOptionsError(
      `option '${option}' must be a bigint of microseconds in (-2^63, 2^63 - 1] or a safe integer, got ${String(value)}`,
    );
  }
}
