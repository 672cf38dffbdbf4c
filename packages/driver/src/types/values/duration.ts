import { inspect } from 'node:util';

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const NS_PER_US = 1000n;
const NS_PER_MS = 1000n * NS_PER_US;
const NS_PER_S = 1000n * NS_PER_MS;
const NS_PER_MIN = 60n * NS_PER_S;
const NS_PER_HOUR = 60n * NS_PER_MIN;

/** Unit → [field, multiplier] for the CQL duration syntax (`1y2mo3w4d5h6m7s8ms9us10ns`). */
const CQL_UNITS: Readonly<Record<string, readonly ['months' | 'days' | 'nanos', bigint]>> = {
  y: ['months', 12n],
  mo: ['months', 1n],
  w: ['days', 7n],
  d: ['days', 1n],
  h: ['nanos', NS_PER_HOUR],
  m: ['nanos', NS_PER_MIN],
  s: ['nanos', NS_PER_S],
  ms: ['nanos', NS_PER_MS],
  us: ['nanos', NS_PER_US],
  µs: ['nanos', NS_PER_US],
  ns: ['nanos', 1n],
};
const CQL_FORMAT = /^(?:\d+(?:y|mo|w|d|h|m|s|ms|us|µs|ns))+$/i;
const CQL_PART = /(\d+)(mo|ms|us|µs|ns|y|w|d|h|m|s)/gi;
const ISO_FORMAT = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const ISO_WEEKS = /^P(\d+)W$/i;
const ISO_ALTERNATIVE = /^P(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/i;

/**
 * An immutable CQL `duration`: months, days and nanoseconds kept apart (a month or a day has no
 * fixed length). All three components are ≥ 0 or all ≤ 0.
 *
 * @example
 * ```ts
 * const d = Duration.parse('1y2mo3w4d5h6m7s8ms9us10ns');
 * d.months; // 14
 * d.days; // 25
 * Duration.parse('-P1DT2H').toString(); // '-1d2h'
 * ```
 */
export class Duration {
  /** Months (int32). */
  readonly months: number;
  /** Days (int32). */
  readonly days: number;
  /** Nanoseconds (int64). */
  readonly nanoseconds: bigint;

  /** @throws RangeError for out-of-range components or mixed signs. */
  constructor(months: number, days: number, nanoseconds: bigint | number) {
    if (!Number.isInteger(months) || months < -2147483648 || months > 2147483647) {
      throw new RangeError(`duration months must be a 32-bit integer, got ${months}`);
    }
    if (!Number.isInteger(days) || days < -2147483648 || days > 2147483647) {
      throw new RangeError(`duration days must be a 32-bit integer, got ${days}`);
    }
    if (typeof nanoseconds === 'number' && !Number.isSafeInteger(nanoseconds)) {
      throw new RangeError(`duration nanoseconds must be an integer, got ${nanoseconds}`);
    }
    const nanos = BigInt(nanoseconds);
    if (nanos < INT64_MIN || nanos > INT64_MAX) {
      throw new RangeError(`duration nanoseconds must be a 64-bit integer, got ${nanos}`);
    }
    const anyNegative = months < 0 || days < 0 || nanos < 0n;
    const anyPositive = months > 0 || days > 0 || nanos > 0n;
    if (anyNegative && anyPositive) {
      throw new RangeError(
        `duration components must all have the same sign, got ${months}mo ${days}d ${nanos}ns`,
      );
    }
    this.months = months;
    this.days = days;
    this.nanoseconds = nanos;
  }

  /**
   * Parses the CQL syntax (`1y2mo3w4d5h6m7s8ms9us10ns`, units in any order, case-insensitive),
   * ISO 8601 (`P1Y2M3DT4H5M6S`, `P2W`, `P0001-02-03T04:05:06`), each with an optional leading `-`.
   *
   * @example
   * ```ts
   * Duration.parse('90m').nanoseconds; // 5400000000000n
   * Duration.parse('P2W').days; // 14
   * ```
   * @throws TypeError for malformed text, RangeError for a component overflow.
   */
  static parse(text: string): Duration {
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    const parts = parseCqlFormat(body) ?? parseIsoFormat(body);
    if (parts === undefined) throw new TypeError(`invalid duration string ${JSON.stringify(text)}`);
    const sign = negative ? -1n : 1n;
    const months = sign * parts.months;
    const days = sign * parts.days;
    if (months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX) {
      throw new RangeError(`duration ${JSON.stringify(text)} overflows its months or days`);
    }
    return new Duration(Number(months), Number(days), sign * parts.nanos);
  }

  /** Whether `other` is a Duration with the same value. */
  equals(other: unknown): boolean {
    return (
      other instanceof Duration &&
      other.months === this.months &&
      other.days === this.days &&
      other.nanoseconds === this.nanoseconds
    );
  }

  /** CQL syntax as Cassandra prints it (`1y2mo4d5h`), `0s` for zero. */
  toString(): string {
    const negative = this.months < 0 || this.days < 0 || this.nanoseconds < 0n;
    let out = negative ? '-' : '';
    const months = Math.abs(this.months);
    if (months >= 12) out += `${Math.floor(months / 12)}y`;
    if (months % 12 !== 0) out += `${months % 12}mo`;
    if (this.days !== 0) out += `${Math.abs(this.days)}d`;
    let nanos = this.nanoseconds < 0n ? -this.nanoseconds : this.nanoseconds;
    for (const [unit, size] of [
      ['h', NS_PER_HOUR],
      ['m', NS_PER_MIN],
      ['s', NS_PER_S],
      ['ms', NS_PER_MS],
      ['us', NS_PER_US],
      ['ns', 1n],
    ] as const) {
      if (nanos >= size) {
        out += `${nanos / size}${unit}`;
        nanos %= size;
      }
    }
    return out === '' || out === '-' ? '0s' : out;
  }

  /** The {@link Duration.toString} text, so JSON carries the canonical form. */
  toJSON(): string {
    return this.toString();
  }

  /** `Duration(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `Duration(${this.toString()})`;
  }
}

interface DurationParts {
  months: bigint;
  days: bigint;
  nanos: bigint;
}

function parseCqlFormat(body: string): DurationParts | undefined {
  if (!CQL_FORMAT.test(body)) return undefined;
  const parts: DurationParts = { months: 0n, days: 0n, nanos: 0n };
  for (const m of body.matchAll(CQL_PART)) {
    const [field, multiplier] = CQL_UNITS[(m[2] as string).toLowerCase()] as readonly [
      keyof DurationParts,
      bigint,
    ];
    parts[field] += BigInt(m[1] as string) * multiplier;
  }
  return parts;
}

function parseIsoFormat(body: string): DurationParts | undefined {
  const weeks = ISO_WEEKS.exec(body);
  if (weeks !== null) return { months: 0n, days: BigInt(weeks[1] as string) * 7n, nanos: 0n };
  const m = ISO_FORMAT.exec(body) ?? ISO_ALTERNATIVE.exec(body);
  if (m === null || body.length <= 1 || /T$/i.test(body)) return undefined;
  const n = (i: number): bigint => BigInt(m[i] ?? 0);
  return {
    months: n(1) * 12n + n(2),
    days: n(3),
    nanos: n(4) * NS_PER_HOUR + n(5) * NS_PER_MIN + n(6) * NS_PER_S,
  };
}
