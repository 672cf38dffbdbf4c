import { inspect } from 'node:util';

const NANOS_PER_SECOND = 1_000_000_000n;
/** Nanoseconds in a day. */
const NANOS_PER_DAY = 86_400n * NANOS_PER_SECOND;
const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/**
 * An immutable time of day without time zone, the value of a CQL `time`: nanoseconds since
 * midnight, 0 … 86 399 999 999 999.
 *
 * @example
 * ```ts
 * const t = LocalTime.parse('13:45:30.250');
 * t.nanosecondOfDay; // 49530250000000n
 * LocalTime.of(23, 59, 59, 999_999_999).toString(); // '23:59:59.999999999'
 * ```
 */
export class LocalTime {
  /** Nanoseconds since midnight. */
  readonly nanosecondOfDay: bigint;

  /** @throws RangeError outside 0 … 86 399 999 999 999 or for a non-integer. */
  constructor(nanosecondOfDay: bigint | number) {
    if (typeof nanosecondOfDay === 'number' && !Number.isSafeInteger(nanosecondOfDay)) {
      throw new RangeError(`nanoseconds of day must be an integer, got ${nanosecondOfDay}`);
    }
    const nanos = BigInt(nanosecondOfDay);
    if (nanos < 0n || nanos >= NANOS_PER_DAY) {
      throw new RangeError(`nanoseconds of day must be in [0, ${NANOS_PER_DAY - 1n}], got ${nanos}`);
    }
    this.nanosecondOfDay = nanos;
  }

  /**
   * The time `hour`:`minute`:`second`.`nanosecond`.
   *
   * @example
   * ```ts
   * LocalTime.of(0, 0).nanosecondOfDay; // 0n
   * ```
   * @throws RangeError when a component is out of range.
   */
  static of(hour: number, minute: number, second = 0, nanosecond = 0): LocalTime {
    const ok =
      inRange(hour, 0, 23) &&
      inRange(minute, 0, 59) &&
      inRange(second, 0, 59) &&
      inRange(nanosecond, 0, 999_999_999);
    if (!ok) throw new RangeError(`invalid time ${hour}:${minute}:${second}.${nanosecond}`);
    const seconds = BigInt(hour * 3600 + minute * 60 + second);
    return new LocalTime(seconds * NANOS_PER_SECOND + BigInt(nanosecond));
  }

  /**
   * Parses `hh:mm[:ss[.fffffffff]]` (1–9 fraction digits).
   *
   * @example
   * ```ts
   * LocalTime.parse('08:00').hour; // 8
   * ```
   * @throws TypeError for malformed text, RangeError for an impossible time.
   */
  static parse(text: string): LocalTime {
    const m = TIME_TEXT.exec(text);
    if (m === null)
      throw new TypeError(`invalid time string ${JSON.stringify(text)}, expected hh:mm:ss[.fffffffff]`);
    const fraction = m[4] === undefined ? 0 : Number(m[4].padEnd(9, '0'));
    return LocalTime.of(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), fraction);
  }

  /** The UTC time of day of a `Date` (millisecond precision). */
  static fromDate(date: Date): LocalTime {
    if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
    return LocalTime.of(
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds() * 1e6,
    );
  }

  /** Hour, 0–23. */
  get hour(): number {
    return Number(this.nanosecondOfDay / (3600n * NANOS_PER_SECOND));
  }

  /** Minute, 0–59. */
  get minute(): number {
    return Number((this.nanosecondOfDay / (60n * NANOS_PER_SECOND)) % 60n);
  }

  /** Second, 0–59. */
  get second(): number {
    return Number((this.nanosecondOfDay / NANOS_PER_SECOND) % 60n);
  }

  /** Nanosecond within the second, 0–999 999 999. */
  get nanosecond(): number {
    return Number(this.nanosecondOfDay % NANOS_PER_SECOND);
  }

  /** Whether `other` is a LocalTime with the same value. */
  equals(other: unknown): boolean {
    return other instanceof LocalTime && other.nanosecondOfDay === this.nanosecondOfDay;
  }

  /** Negative, zero or positive as this time is before, equal to or after `other`. */
  compareTo(other: LocalTime): number {
    return this.nanosecondOfDay < other.nanosecondOfDay
      ? -1
      : this.nanosecondOfDay > other.nanosecondOfDay
        ? 1
        : 0;
  }

  /** `hh:mm:ss`, followed by `.fffffffff` (9 digits) when the fraction is not zero. */
  toString(): string {
    const base = `${pad2(this.hour)}:${pad2(this.minute)}:${pad2(this.second)}`;
    const ns = this.nanosecond;
    return ns === 0 ? base : `${base}.${String(ns).padStart(9, '0')}`;
  }

  /** The {@link LocalTime.toString} text, so JSON carries the canonical form. */
  toJSON(): string {
    return this.toString();
  }

  /** `LocalTime(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `LocalTime(${this.toString()})`;
  }
}

function inRange(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
