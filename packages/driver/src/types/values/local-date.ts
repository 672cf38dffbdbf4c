import { inspect } from 'node:util';
import { civilFromDays, daysFromCivil, daysInMonth } from './civil-calendar';

const MS_PER_DAY = 86_400_000;
/** Smallest CQL `date`: −2^31 days from the epoch. */
const MIN_DAYS = -2147483648;
/** Greatest CQL `date`: 2^31 − 1 days from the epoch. */
const MAX_DAYS = 2147483647;
const DATE_TEXT = /^([+-]?\d{4,})-(\d{2})-(\d{2})$/;

/**
 * An immutable calendar date without time zone, the value of a CQL `date`: a day count from
 * 1970-01-01 covering the whole CQL range (about ±5.8 million years, far beyond `Date`).
 *
 * @example
 * ```ts
 * const d = LocalDate.parse('2024-02-29');
 * d.daysSinceEpoch; // 19782
 * LocalDate.of(-5000, 1, 1).toString(); // '-5000-01-01'
 * ```
 */
export class LocalDate {
  /** Days since 1970-01-01 (negative before), −2^31 … 2^31 − 1. */
  readonly daysSinceEpoch: number;

  /** @throws RangeError outside the CQL `date` range or for a non-integer. */
  constructor(daysSinceEpoch: number) {
    if (!Number.isInteger(daysSinceEpoch) || daysSinceEpoch < MIN_DAYS || daysSinceEpoch > MAX_DAYS) {
      throw new RangeError(
        `days since epoch must be an integer in [${MIN_DAYS}, ${MAX_DAYS}], got ${daysSinceEpoch}`,
      );
    }
    this.daysSinceEpoch = daysSinceEpoch;
  }

  /**
   * The date of `year`-`month`-`day` (proleptic Gregorian; year 0 is 1 BC).
   *
   * @example
   * ```ts
   * LocalDate.of(1970, 1, 1).daysSinceEpoch; // 0
   * ```
   * @throws RangeError for an impossible date.
   */
  static of(year: number, month: number, day: number): LocalDate {
    if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
      throw new RangeError(`invalid date ${year}-${month}-${day}`);
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new RangeError(`invalid date ${year}-${month}-${day}`);
    }
    return new LocalDate(daysFromCivil(year, month, day));
  }

  /**
   * Parses `yyyy-mm-dd`; years beyond four digits or negative take a sign (`+10000-01-01`,
   * `-0001-12-31`).
   *
   * @example
   * ```ts
   * LocalDate.parse('1969-12-31').daysSinceEpoch; // -1
   * ```
   * @throws TypeError for malformed text, RangeError for an impossible date.
   */
  static parse(text: string): LocalDate {
    const m = DATE_TEXT.exec(text);
    if (m === null) throw new TypeError(`invalid date string ${JSON.stringify(text)}, expected yyyy-mm-dd`);
    return LocalDate.of(Number(m[1]), Number(m[2]), Number(m[3]));
  }

  /** The UTC calendar date of a `Date`. */
  static fromDate(date: Date): LocalDate {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('invalid Date');
    return new LocalDate(Math.floor(ms / MS_PER_DAY));
  }

  /** Today in UTC. */
  static today(): LocalDate {
    return LocalDate.fromDate(new Date());
  }

  /** Calendar year (0 = 1 BC, negative before). */
  get year(): number {
    return civilFromDays(this.daysSinceEpoch).year;
  }

  /** Month, 1–12. */
  get month(): number {
    return civilFromDays(this.daysSinceEpoch).month;
  }

  /** Day of the month, 1–31. */
  get day(): number {
    return civilFromDays(this.daysSinceEpoch).day;
  }

  /**
   * Midnight UTC of this date.
   *
   * @throws RangeError when the date lies outside what `Date` can represent (±100 million days).
   */
  toDate(): Date {
    const d = new Date(this.daysSinceEpoch * MS_PER_DAY);
    if (Number.isNaN(d.getTime())) throw new RangeError(`${this.toString()} is outside the range of Date`);
    return d;
  }

  /** Whether `other` is a LocalDate with the same value. */
  equals(other: unknown): boolean {
    return other instanceof LocalDate && other.daysSinceEpoch === this.daysSinceEpoch;
  }

  /** Negative, zero or positive as this date is before, equal to or after `other`. */
  compareTo(other: LocalDate): number {
    return this.daysSinceEpoch - other.daysSinceEpoch;
  }

  /** ISO 8601 `yyyy-mm-dd` (signed for years before 0 or after 9999). */
  toString(): string {
    const { year, month, day } = civilFromDays(this.daysSinceEpoch);
    const absYear = String(Math.abs(year)).padStart(4, '0');
    const sign = year < 0 ? '-' : year > 9999 ? '+' : '';
    return `${sign}${absYear}-${pad2(month)}-${pad2(day)}`;
  }

  /** The {@link LocalDate.toString} text, so JSON carries the canonical form. */
  toJSON(): string {
    return this.toString();
  }

  /** `LocalDate(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `LocalDate(${this.toString()})`;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
