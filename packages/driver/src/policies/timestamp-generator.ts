/**
 * Client-side write timestamps: the microsecond timestamp sent with each request, which
 * Cassandra uses to order writes (last write wins).
 *
 * @packageDocumentation
 */

import { InvalidOptionsError } from '../errors';
import { consolePolicyLogger, type PolicyLogger } from './policy-logger';

/** Produces the timestamp of each request. */
export interface TimestampGenerator {
  /**
   * The timestamp of the next request, in microseconds since the Unix epoch (a `bigint`, or a
   * safe integer `number`, which is cheaper to write); or undefined to let the coordinator assign it.
   */
  next(): bigint | number | undefined;
}

/** Options of {@link MonotonicTimestampGenerator}. */
export interface MonotonicTimestampOptions {
  /** Warn when generated timestamps run this far ahead of the clock, in ms. Default 1000. */
  readonly warningThresholdMs?: number | undefined;
  /** Warn at most once per this interval of clock time, in ms. Default 1000. */
  readonly warningIntervalMs?: number | undefined;
  /** Where the clock-drift warnings go. Default: {@link consolePolicyLogger}. */
  readonly logger?: PolicyLogger | undefined;
  /** The clock, in microseconds since the epoch. Default `Date.now() * 1000`. */
  readonly clock?: (() => number) | undefined;
}

const MICROS_PER_MS = 1000;

/**
 * Timestamps from the clock, strictly increasing within one generator even when many are taken
 * within the same millisecond or when the clock goes backwards: when the clock has not moved past
 * the last timestamp, the last timestamp plus one microsecond is used. When that makes the
 * timestamps run ahead of the clock by `warningThresholdMs` or more, a warning about clock drift
 * is logged, at most once per `warningIntervalMs`.
 *
 * @example
 * ```ts
 * const generator = new MonotonicTimestampGenerator();
 * generator.next(); // 1767225600000000, then 1767225600000001 if called in the same millisecond
 * ```
 */
export class MonotonicTimestampGenerator implements TimestampGenerator {
  private readonly thresholdMicros: number;
  private readonly intervalMicros: number;
  private readonly logger: PolicyLogger;
  private readonly clock: () => number;
  private last = Number.NEGATIVE_INFINITY;
  private lastWarning = Number.NEGATIVE_INFINITY;

  /** @throws InvalidOptionsError when a threshold or interval is negative or not finite */
  constructor(options: MonotonicTimestampOptions = {}) {
    this.thresholdMicros = checkMs('warningThresholdMs', options.warningThresholdMs ?? 1000) * MICROS_PER_MS;
    this.intervalMicros = checkMs('warningIntervalMs', options.warningIntervalMs ?? 1000) * MICROS_PER_MS;
    this.logger = options.logger ?? consolePolicyLogger;
    this.clock = options.clock ?? (() => Date.now() * MICROS_PER_MS);
  }

  next(): number {
    const now = Math.floor(this.clock());
    if (now > this.last) {
      this.last = now;
    } else {
      this.last += 1;
      this.maybeWarn(now);
    }
    return this.last;
  }

  private maybeWarn(now: number): void {
    const drift = this.last - now;
    if (drift < this.thresholdMicros || now - this.lastWarning < this.intervalMicros) return;
    this.lastWarning = now;
    this.logger.warn(
      `MonotonicTimestampGenerator: clock drift detected: the clock (${now} µs) is ${drift} µs behind ` +
        'the last timestamp generated; timestamps are being incremented past the clock to stay strictly increasing',
    );
  }
}

function checkMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidOptionsError(
      `MonotonicTimestampGenerator: ${name} must be a finite number of milliseconds ≥ 0, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Leaves timestamps to the coordinator (client-side timestamps off). Writes from one client may
 * then be ordered by the clocks of different coordinators.
 *
 * @example
 * ```ts
 * const profile = { timestampGenerator: new ServerSideTimestamps() };
 * ```
 */
export class ServerSideTimestamps implements TimestampGenerator {
  next(): undefined {
    return undefined;
  }
}

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/**
 * A generator calling a user function for each timestamp (microseconds since the epoch, as a
 * `bigint` or a safe integer; undefined lets the coordinator assign it).
 *
 * @throws InvalidOptionsError (from `next()`) when the function returns something else
 *
 * @example
 * ```ts
 * const generator = timestampGeneratorFrom(() => BigInt(Date.now()) * 1000n);
 * ```
 */
export function timestampGeneratorFrom(fn: () => bigint | number | undefined): TimestampGenerator {
  return {
    next(): bigint | number | undefined {
      const value = fn();
      if (value === undefined) return undefined;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'bigint' && value >= MIN_INT64 && value <= MAX_INT64) return value;
      throw new InvalidOptionsError(
        `timestamp generator function returned ${typeof value === 'bigint' ? `${value}n` : String(value)}; ` +
          'expected microseconds since the epoch as a bigint or a safe integer, or undefined',
      );
    },
  };
}
