/**
 * Reconnection: how long to wait between attempts to reconnect to a host that went down.
 *
 * @packageDocumentation
 */

import { InvalidOptionsError } from '../errors';

/** Gives each reconnection sequence its schedule of delays. */
export interface ReconnectionPolicy {
  /**
   * A fresh schedule: the delays in milliseconds before each successive attempt. The schedule
   * ends (the iterator is done) when no further attempt should be made.
   */
  newSchedule(): Iterator<number>;
}

/** Options of {@link ExponentialReconnectionPolicy}. */
export interface ExponentialReconnectionOptions {
  /** Delay before the first attempt, in milliseconds. Default 1000. */
  readonly baseDelayMs?: number | undefined;
  /** Longest delay, in milliseconds. Default 600000 (10 minutes). */
  readonly maxDelayMs?: number | undefined;
  /**
   * Vary each delay randomly by ±15% (never above `maxDelayMs`), so that clients that lost a
   * node together do not all reconnect at the same moment. Default true.
   */
  readonly jitter?: boolean | undefined;
  /** Attempts before giving up; default unlimited. */
  readonly maxAttempts?: number | undefined;
  /** Random source in [0, 1) for the jitter (inject one for tests). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

const JITTER = 0.15;

/**
 * Doubles the delay after each attempt, from `baseDelayMs` up to `maxDelayMs`, with ±15% jitter.
 *
 * @example
 * ```ts
 * const policy = new ExponentialReconnectionPolicy({ baseDelayMs: 500, maxDelayMs: 60_000 });
 * const schedule = policy.newSchedule();
 * schedule.next().value; // ≈ 500, then ≈ 1000, ≈ 2000, … ≤ 60000
 * ```
 */
export class ExponentialReconnectionPolicy implements ReconnectionPolicy {
  /** Delay before the first attempt, in milliseconds. */
  readonly baseDelayMs: number;
  /** Longest delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** Whether delays vary by ±15%. */
  readonly jitter: boolean;
  /** Attempts per schedule (`Infinity`: unlimited). */
  readonly maxAttempts: number;
  private readonly random: () => number;

  /** @throws InvalidOptionsError when a delay or `maxAttempts` is out of range */
  constructor(options: ExponentialReconnectionOptions = {}) {
    const base = options.baseDelayMs ?? 1000;
    const max = options.maxDelayMs ?? 600_000;
    if (!Number.isFinite(base) || base <= 0) {
      throw new InvalidOptionsError(
        `ExponentialReconnectionPolicy: baseDelayMs must be a finite number of milliseconds > 0, got ${String(base)}`,
      );
    }
    if (!Number.isFinite(max) || max < base) {
      throw new InvalidOptionsError(
        `ExponentialReconnectionPolicy: maxDelayMs must be a finite number of milliseconds ≥ baseDelayMs (${base}), got ${String(max)}`,
      );
    }
    this.baseDelayMs = base;
    this.maxDelayMs = max;
    this.jitter = options.jitter ?? true;
    this.maxAttempts = validateMaxAttempts('ExponentialReconnectionPolicy', options.maxAttempts);
    this.random = options.random ?? Math.random;
  }

  newSchedule(): Iterator<number> {
    return this.schedule();
  }

  private *schedule(): Generator<number, void, undefined> {
    let delay = this.baseDelayMs;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const varied = this.jitter ? delay * (1 - JITTER + 2 * JITTER * this.random()) : delay;
      yield Math.min(this.maxDelayMs, Math.max(0, Math.round(varied)));
      delay = Math.min(this.maxDelayMs, delay * 2);
    }
  }
}

/**
 * Waits the same delay before every attempt.
 *
 * @example
 * ```ts
 * const policy = new ConstantReconnectionPolicy(5_000); // every 5 s, forever
 * ```
 */
export class ConstantReconnectionPolicy implements ReconnectionPolicy {
  /** Attempts per schedule (`Infinity`: unlimited). */
  readonly maxAttempts: number;

  /**
   * @param delayMs - delay before each attempt, in milliseconds (≥ 0)
   * @param maxAttempts - attempts before giving up; default unlimited
   * @throws InvalidOptionsError when an argument is out of range
   */
  constructor(
    /** Delay before each attempt, in milliseconds. */
    readonly delayMs: number,
    maxAttempts?: number,
  ) {
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new InvalidOptionsError(
        `ConstantReconnectionPolicy: delayMs must be a finite number of milliseconds ≥ 0, got ${String(delayMs)}`,
      );
    }
    this.maxAttempts = validateMaxAttempts('ConstantReconnectionPolicy', maxAttempts);
  }

  newSchedule(): Iterator<number> {
    return this.schedule();
  }

  private *schedule(): Generator<number, void, undefined> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) yield this.delayMs;
  }
}

function validateMaxAttempts(policy: string, maxAttempts: number | undefined): number {
  if (maxAttempts === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidOptionsError(
      `${policy}: maxAttempts must be an integer ≥ 1 (omit it for unlimited attempts), got ${String(maxAttempts)}`,
    );
  }
  return maxAttempts;
}
