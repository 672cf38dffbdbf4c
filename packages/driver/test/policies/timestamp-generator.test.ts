import { InvalidOptionsError } from '../../src/errors';
import {
  MonotonicTimestampGenerator,
  ServerSideTimestamps,
  timestampGeneratorFrom,
} from '../../src/policies/timestamp-generator';
import { RecordingLogger } from './fake-cluster';

/** A clock the test moves by hand, in microseconds. */
function manualClock(startMicros: number) {
  let now = startMicros;
  return {
    read: () => now,
    set: (micros: number) => {
      now = micros;
    },
  };
}

const T0 = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z in µs

describe('MonotonicTimestampGenerator', () => {
  it('returns the clock in microseconds when it moves forward', () => {
    const clock = manualClock(T0);
    const generator = new MonotonicTimestampGenerator({ clock: clock.read });
    expect(generator.next()).toBe(T0);
    clock.set(T0 + 250);
    expect(generator.next()).toBe(T0 + 250);
  });

  it('defaults to the wall clock', () => {
    const before = Date.now() * 1000;
    const value = new MonotonicTimestampGenerator().next();
    expect(Number.isSafeInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(Date.now() * 1000 + 1000);
  });

  it('stays strictly increasing under a frozen clock, without warning below the threshold', () => {
    const logger = new RecordingLogger();
    const generator = new MonotonicTimestampGenerator({ clock: () => T0, logger });
    const values = Array.from({ length: 5000 }, () => generator.next());
    values.forEach((value, i) => expect(value).toBe(T0 + i));
    expect(logger.warnings).toEqual([]);
  });

  it('stays strictly increasing when the clock goes backwards, and warns about the drift', () => {
    const logger = new RecordingLogger();
    const clock = manualClock(T0);
    const generator = new MonotonicTimestampGenerator({ clock: clock.read, logger });
    const first = generator.next();
    clock.set(T0 - 5_000_000); // 5 s back
    const second = generator.next();
    const third = generator.next();
    expect([second, third]).toEqual([first + 1, first + 2]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/clock drift detected: the clock \(\d+ µs\) is 5000001 µs behind/);
  });

  it('rate-limits the drift warning to one per warningIntervalMs of clock time', () => {
    const logger = new RecordingLogger();
    const clock = manualClock(T0);
    const generator = new MonotonicTimestampGenerator({
      clock: clock.read,
      logger,
      warningThresholdMs: 1000,
      warningIntervalMs: 1000,
    });
    generator.next();
    clock.set(T0 - 10_000_000); // 10 s back
    for (let i = 0; i < 100; i++) generator.next();
    expect(logger.warnings).toHaveLength(1);
    clock.set(T0 - 9_500_000); // 0.5 s later: still within the interval
    generator.next();
    expect(logger.warnings).toHaveLength(1);
    clock.set(T0 - 8_900_000); // 1.1 s after the first warning
    generator.next();
    expect(logger.warnings).toHaveLength(2);
  });

  it('warns once the timestamps run warningThresholdMs ahead of a frozen clock', () => {
    const logger = new RecordingLogger();
    const generator = new MonotonicTimestampGenerator({ clock: () => T0, logger, warningThresholdMs: 1 });
    for (let i = 0; i < 1000; i++) generator.next(); // drift reaches 999 µs
    expect(logger.warnings).toEqual([]);
    generator.next(); // drift 1000 µs = 1 ms
    expect(logger.warnings).toHaveLength(1);
  });

  it.each([
    [{ warningThresholdMs: -1 }, /warningThresholdMs must be a finite number of milliseconds ≥ 0, got -1/],
    [{ warningIntervalMs: Number.NaN }, /warningIntervalMs must be .* got NaN/],
  ])('rejects %p', (options, message) => {
    expect(() => new MonotonicTimestampGenerator(options)).toThrow(InvalidOptionsError);
    expect(() => new MonotonicTimestampGenerator(options)).toThrow(message);
  });
});

describe('ServerSideTimestamps', () => {
  it('leaves the timestamp to the server', () => {
    expect(new ServerSideTimestamps().next()).toBeUndefined();
  });
});

describe('timestampGeneratorFrom', () => {
  it('passes bigint values and safe integers through', () => {
    expect(timestampGeneratorFrom(() => 42n).next()).toBe(42n);
    expect(timestampGeneratorFrom(() => T0).next()).toBe(T0);
    expect(timestampGeneratorFrom(() => undefined).next()).toBeUndefined();
  });

  it('calls the function for every timestamp', () => {
    let n = 0;
    const generator = timestampGeneratorFrom(() => ++n);
    expect([generator.next(), generator.next()]).toEqual([1, 2]);
  });

  it.each([
    [1.5, /returned 1.5; expected microseconds since the epoch/],
    [Number.MAX_SAFE_INTEGER + 2, /returned 9007199254740992/],
    [2n ** 63n, /returned 9223372036854775808n/],
  ])('rejects %p', (value, message) => {
    const generator = timestampGeneratorFrom(() => value);
    expect(() => generator.next()).toThrow(InvalidOptionsError);
    expect(() => generator.next()).toThrow(message);
  });
});
