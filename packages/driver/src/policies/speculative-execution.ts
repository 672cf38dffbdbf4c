/**
 * Speculative execution: for idempotent requests, start another execution on the next host of
 * the plan when the previous ones have not answered after a delay; the first answer wins.
 *
 * @packageDocumentation
 */

import { InvalidOptionsError } from '../errors';

/** The speculative-execution schedule of one request. */
export interface SpeculativeExecutionPlan {
  /**
   * How long to wait, after the latest execution started, before starting another one; or
   * undefined to start no more.
   *
   * @param executionsSoFar - executions already started for the request (1 after the first)
   */
  nextDelayMs(executionsSoFar: number): number | undefined;
}

/**
 * Gives each request its speculative-execution plan. The pipeline asks only for idempotent
 * statements: a non-idempotent one must never run twice.
 */
export interface SpeculativeExecutionPolicy {
  /** The plan of a new request. */
  newPlan(): SpeculativeExecutionPlan;
}

const NEVER: SpeculativeExecutionPlan = Object.freeze({ nextDelayMs: () => undefined });

/**
 * Never starts a speculative execution (the default).
 *
 * @example
 * ```ts
 * const profile = { speculativeExecutionPolicy: new NoSpeculativeExecutionPolicy() };
 * ```
 */
export class NoSpeculativeExecutionPolicy implements SpeculativeExecutionPolicy {
  newPlan(): SpeculativeExecutionPlan {
    return NEVER;
  }
}

/**
 * Starts up to `maxSpeculativeExecutions` extra executions, one every `delayMs` while no
 * execution has answered.
 *
 * @example
 * ```ts
 * // After 50 ms without an answer try a second node, after 100 ms a third.
 * const profile = { speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(50, 2) };
 * ```
 */
export class ConstantSpeculativeExecutionPolicy implements SpeculativeExecutionPolicy {
  private readonly plan: SpeculativeExecutionPlan;

  /**
   * @param delayMs - delay between executions, in milliseconds (≥ 0)
   * @param maxSpeculativeExecutions - extra executions beyond the first (an integer ≥ 1)
   * @throws InvalidOptionsError when an argument is out of range
   */
  constructor(
    /** Delay between executions, in milliseconds. */
    readonly delayMs: number,
    /** Extra executions beyond the first. */
    readonly maxSpeculativeExecutions: number,
  ) {
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
      throw new InvalidOptionsError(
        `ConstantSpeculativeExecutionPolicy: delayMs must be a finite number of milliseconds ≥ 0, got ${String(delayMs)}`,
      );
    }
    if (!Number.isInteger(maxSpeculativeExecutions) || maxSpeculativeExecutions < 1) {
      throw new InvalidOptionsError(
        'ConstantSpeculativeExecutionPolicy: maxSpeculativeExecutions must be an integer ≥ 1 ' +
          `(extra executions beyond the first), got ${String(maxSpeculativeExecutions)}`,
      );
    }
    this.plan = Object.freeze({
      nextDelayMs: (executionsSoFar: number) =>
        executionsSoFar <= maxSpeculativeExecutions ? delayMs : undefined,
    });
  }

  newPlan(): SpeculativeExecutionPlan {
    return this.plan;
  }
}
