import { Buffer } from 'node:buffer';
import type { ProxiedFrame } from './proxied-frame';
import { SeededRandom } from './seeded-random';

/**
 * The condition algebra of proxy rules (after scylla-proxy's `Condition`).
 *
 * @packageDocumentation
 */

/** Options of {@link Condition.bodyContains}. */
export interface BodyContainsOptions {
  /** Compare ASCII letters without regard to case (default false). */
  readonly ignoreCase?: boolean;
}

/** Options of {@link Condition.probability}. */
export interface ProbabilityOptions {
  /** Seed of the random sequence (default 1): the same seed replays the same decisions. */
  readonly seed?: number;
}

/**
 * A test on a {@link ProxiedFrame}. Conditions compose with {@link Condition.and},
 * {@link Condition.or} and {@link Condition.not}; {@link Condition.firstMatches},
 * {@link Condition.nthMatch}, {@link Condition.times} and {@link Condition.probability} are
 * **stateful**: they count (or draw) each time they are evaluated.
 *
 * Evaluation is lazy, so state only moves when a condition is actually reached: rules are tried
 * in order and stop at the first match, and `a.and(b)` evaluates `b` only when `a` holds. Thus
 * `Condition.opcode(Opcode.QUERY).and(Condition.times(2))` fires on the first two QUERY frames
 * that reach this rule. Reusing a condition object in new rules keeps its counters.
 *
 * @example
 * ```ts
 * const secondInsert = Condition.opcode(Opcode.QUERY)
 *   .and(Condition.bodyContains('INSERT INTO ks.t', { ignoreCase: true }))
 *   .nthMatch(2);
 * ```
 */
export class Condition {
  private constructor(
    private readonly test: (frame: ProxiedFrame) => boolean,
    /** Human-readable form, for messages and debugging. */
    readonly description: string,
  ) {}

  /** Whether `frame` satisfies the condition (advances stateful conditions). */
  matches(frame: ProxiedFrame): boolean {
    return this.test(frame);
  }

  /** Both conditions (`other` is evaluated only when this one holds). */
  and(other: Condition): Condition {
    return new Condition(
      (f) => this.test(f) && other.test(f),
      `(${this.description} and ${other.description})`,
    );
  }

  /** Either condition (`other` is evaluated only when this one does not hold). */
  or(other: Condition): Condition {
    return new Condition(
      (f) => this.test(f) || other.test(f),
      `(${this.description} or ${other.description})`,
    );
  }

  /** The negation of this condition. */
  not(): Condition {
    return new Condition((f) => !this.test(f), `not ${this.description}`);
  }

  /** True for the first `count` frames satisfying this condition, false afterwards. */
  firstMatches(count: number): Condition {
    checkCount('firstMatches', count, 0);
    let seen = 0;
    return new Condition((f) => {
      if (!this.test(f)) return false;
      seen++;
      return seen <= count;
    }, `first ${count} of ${this.description}`);
  }

  /** True only for the `n`-th frame (1-based) satisfying this condition. */
  nthMatch(n: number): Condition {
    checkCount('nthMatch', n, 1);
    let seen = 0;
    return new Condition((f) => {
      if (!this.test(f)) return false;
      seen++;
      return seen === n;
    }, `match #${n} of ${this.description}`);
  }

  /** Always true: a catch-all rule. */
  static always(): Condition {
    return new Condition(() => true, 'always');
  }

  /** Never true (a rule switched off). */
  static never(): Condition {
    return new Condition(() => false, 'never');
  }

  /** The frame's opcode is one of `opcodes`. */
  static opcode(...opcodes: number[]): Condition {
    if (opcodes.length === 0) throw new RangeError('Condition.opcode needs at least one opcode');
    const set = new Set(opcodes);
    return new Condition(
      (f) => set.has(f.opcode),
      `opcode in [${opcodes.map((o) => `0x${o.toString(16)}`).join(', ')}]`,
    );
  }

  /**
   * The (decompressed) body contains `needle`: a string (UTF-8) or bytes. Handy to target a
   * query text, a table name or a magic bind value.
   */
  static bodyContains(needle: string | Uint8Array, options: BodyContainsOptions = {}): Condition {
    const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle);
    const label = typeof needle === 'string' ? JSON.stringify(needle) : `0x${bytes.toString('hex')}`;
    if (!options.ignoreCase) {
      return new Condition((f) => f.body.includes(bytes), `body contains ${label}`);
    }
    const lowered = asciiLowerCase(bytes);
    return new Condition(
      (f) => asciiLowerCase(f.body).includes(lowered),
      `body contains ${label} (ignoring case)`,
    );
  }

  /** The frame travels on one of the given connections of its node (0 = the first accepted). */
  static connection(...ordinals: number[]): Condition {
    if (ordinals.length === 0) throw new RangeError('Condition.connection needs at least one ordinal');
    const set = new Set(ordinals);
    return new Condition((f) => set.has(f.connection), `connection in [${ordinals.join(', ')}]`);
  }

  /** The frame travels on a connection that sent REGISTER (the driver's control connection). */
  static registered(): Condition {
    return new Condition((f) => f.registered, 'registered connection');
  }

  /** The frame has this stream id. */
  static stream(stream: number): Condition {
    return new Condition((f) => f.stream === stream, `stream ${stream}`);
  }

  /** A response whose request satisfies `condition` (false for requests and unmatched responses). */
  static inResponseTo(condition: Condition): Condition {
    return new Condition(
      (f) => f.request !== undefined && condition.test(f.request),
      `in response to ${condition.description}`,
    );
  }

  /** True for the first `count` frames evaluated, then false. */
  static times(count: number): Condition {
    return Condition.always().firstMatches(count);
  }

  /**
   * True with probability `p` (0–1), drawn from a seeded generator so runs are reproducible.
   */
  static probability(p: number, options: ProbabilityOptions = {}): Condition {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Condition.probability: p must be in [0, 1], got ${p}`);
    const random = new SeededRandom(options.seed ?? 1);
    return new Condition(() => random.next() < p, `probability ${p}`);
  }

  /** Every condition (true when empty), evaluated left to right with short-circuit. */
  static all(...conditions: Condition[]): Condition {
    return conditions.reduce((acc, c) => acc.and(c), Condition.always());
  }

  /** Any condition (false when empty), evaluated left to right with short-circuit. */
  static any(...conditions: Condition[]): Condition {
    return conditions.reduce((acc, c) => acc.or(c), Condition.never());
  }

  /** Negation of `condition`. */
  static not(condition: Condition): Condition {
    return condition.not();
  }

  /** A custom predicate over the frame. */
  static when(predicate: (frame: ProxiedFrame) => boolean, description = 'custom predicate'): Condition {
    return new Condition(predicate, description);
  }
}

function checkCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Condition.${what}: expected an integer ≥ ${min}, got ${value}`);
  }
}

function asciiLowerCase(bytes: Buffer): Buffer {
  let firstUpper = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x41 && b <= 0x5a) {
      firstUpper = i;
      break;
    }
  }
  if (firstUpper < 0) return bytes;
  const out = Buffer.from(bytes);
  for (let i = firstUpper; i < out.length; i++) {
    const b = out[i] as number;
    if (b >= 0x41 && b <= 0x5a) out[i] = b + 0x20;
  }
  return out;
}
