/**
 * A tiny seeded pseudo-random generator (mulberry32) so that probabilistic proxy rules replay
 * the same decisions on every run.
 *
 * @packageDocumentation
 */

/**
 * A reproducible stream of numbers in [0, 1): the same seed always yields the same sequence.
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.next(); // always the same first value for seed 42
 * ```
 */
export class SeededRandom {
  private state: number;

  /** @param seed any integer; only its low 32 bits are used */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number of the sequence, in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
