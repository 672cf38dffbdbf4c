import { InvalidOptionsError } from '../../src/errors';
import { ConstantReconnectionPolicy, ExponentialReconnectionPolicy } from '../../src/policies/reconnection';

function first(schedule: Iterator<number>, count: number): number[] {
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    const step = schedule.next();
    if (step.done) break;
    delays.push(step.value);
  }
  return delays;
}

describe('ExponentialReconnectionPolicy', () => {
  it('doubles the delay from the base up to the maximum (no jitter)', () => {
    const policy = new ExponentialReconnectionPolicy({ baseDelayMs: 100, maxDelayMs: 1000, jitter: false });
    expect(first(policy.newSchedule(), 7)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('defaults to 1 s doubling up to 10 minutes, forever', () => {
    const policy = new ExponentialReconnectionPolicy({ jitter: false });
    const delays = first(policy.newSchedule(), 1000);
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(delays).toHaveLength(1000);
    expect(delays[999]).toBe(600_000);
  });

  it('keeps jittered delays within ±15% of the nominal delay and never above the maximum', () => {
    const policy = new ExponentialReconnectionPolicy({ baseDelayMs: 1000, maxDelayMs: 5000 });
    const nominal = [1000, 2000, 4000, 5000, 5000];
    for (let run = 0; run < 200; run++) {
      first(policy.newSchedule(), 5).forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal[i]! * 0.85));
        expect(delay).toBeLessThanOrEqual(Math.min(5000, Math.ceil(nominal[i]! * 1.15)));
      });
    }
  });

  it('spreads delays over the whole jitter range', () => {
    const low = new ExponentialReconnectionPolicy({ baseDelayMs: 1000, random: () => 0 });
    const high = new ExponentialReconnectionPolicy({
      baseDelayMs: 1000,
      maxDelayMs: 2000,
      random: () => 0.9999999,
    });
    expect(first(low.newSchedule(), 2)).toEqual([850, 1700]);
    expect(first(high.newSchedule(), 3)).toEqual([1150, 2000, 2000]); // capped at the maximum
  });

  it('starts every schedule from the base delay', () => {
    const policy = new ExponentialReconnectionPolicy({ baseDelayMs: 10, jitter: false });
    first(policy.newSchedule(), 5);
    expect(first(policy.newSchedule(), 2)).toEqual([10, 20]);
  });

  it('stops after maxAttempts', () => {
    const policy = new ExponentialReconnectionPolicy({ baseDelayMs: 10, jitter: false, maxAttempts: 3 });
    expect(first(policy.newSchedule(), 10)).toEqual([10, 20, 40]);
  });

  it.each([
    [{ baseDelayMs: 0 }, /baseDelayMs must be a finite number of milliseconds > 0, got 0/],
    [{ baseDelayMs: -5 }, /baseDelayMs .* got -5/],
    [{ baseDelayMs: 1000, maxDelayMs: 500 }, /maxDelayMs must be .* ≥ baseDelayMs \(1000\), got 500/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs .* got Infinity/],
    [{ maxAttempts: 0 }, /maxAttempts must be an integer ≥ 1 \(omit it for unlimited attempts\), got 0/],
  ])('rejects %p', (options, message) => {
    expect(() => new ExponentialReconnectionPolicy(options)).toThrow(InvalidOptionsError);
    expect(() => new ExponentialReconnectionPolicy(options)).toThrow(message);
  });
});

describe('ConstantReconnectionPolicy', () => {
  it('waits the same delay before every attempt, forever by default', () => {
    expect(first(new ConstantReconnectionPolicy(250).newSchedule(), 100)).toEqual(new Array(100).fill(250));
  });

  it('stops after maxAttempts', () => {
    expect(first(new ConstantReconnectionPolicy(5, 2).newSchedule(), 10)).toEqual([5, 5]);
  });

  it.each([
    [-1, undefined, /delayMs must be a finite number of milliseconds ≥ 0, got -1/],
    [100, 2.5, /maxAttempts must be an integer ≥ 1 .* got 2.5/],
  ])('rejects delayMs=%p, maxAttempts=%p', (delay, attempts, message) => {
    expect(() => new ConstantReconnectionPolicy(delay, attempts)).toThrow(InvalidOptionsError);
    expect(() => new ConstantReconnectionPolicy(delay, attempts)).toThrow(message);
  });
});
