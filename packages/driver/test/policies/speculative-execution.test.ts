import { InvalidOptionsError } from '../../src/errors';
import {
  ConstantSpeculativeExecutionPolicy,
  NoSpeculativeExecutionPolicy,
} from '../../src/policies/speculative-execution';

describe('NoSpeculativeExecutionPolicy', () => {
  it('never schedules another execution', () => {
    const plan = new NoSpeculativeExecutionPolicy().newPlan();
    expect([1, 2, 10].map((n) => plan.nextDelayMs(n))).toEqual([undefined, undefined, undefined]);
  });
});

describe('ConstantSpeculativeExecutionPolicy', () => {
  it('schedules maxSpeculativeExecutions extra executions, delayMs apart', () => {
    const plan = new ConstantSpeculativeExecutionPolicy(50, 2).newPlan();
    expect([1, 2, 3, 4].map((n) => plan.nextDelayMs(n))).toEqual([50, 50, undefined, undefined]);
  });

  it('allows a zero delay (all executions at once)', () => {
    const plan = new ConstantSpeculativeExecutionPolicy(0, 1).newPlan();
    expect([plan.nextDelayMs(1), plan.nextDelayMs(2)]).toEqual([0, undefined]);
  });

  it('gives every request the same schedule', () => {
    const policy = new ConstantSpeculativeExecutionPolicy(20, 1);
    policy.newPlan().nextDelayMs(1);
    expect(policy.newPlan().nextDelayMs(1)).toBe(20);
  });

  it.each([
    [-1, 2, /delayMs must be a finite number of milliseconds ≥ 0, got -1/],
    [Number.NaN, 2, /delayMs must be .* got NaN/],
    [Number.POSITIVE_INFINITY, 2, /delayMs must be .* got Infinity/],
    [10, 0, /maxSpeculativeExecutions must be an integer ≥ 1 \(extra executions beyond the first\), got 0/],
    [10, 1.5, /maxSpeculativeExecutions must be an integer ≥ 1 .* got 1.5/],
  ])('rejects delayMs=%p, maxSpeculativeExecutions=%p', (delay, max, message) => {
    expect(() => new ConstantSpeculativeExecutionPolicy(delay, max)).toThrow(InvalidOptionsError);
    expect(() => new ConstantSpeculativeExecutionPolicy(delay, max)).toThrow(message);
  });
});
