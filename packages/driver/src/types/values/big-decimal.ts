import { inspect } from 'node:util';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * An immutable arbitrary-precision decimal, the value of a CQL `decimal`:
 * `unscaledValue × 10^−scale` (like Java's `BigDecimal`, so `1.0` and `1.00` differ in scale).
 *
 * @example
 * ```ts
 * const d = BigDecimal.parse('-123.4500');
 * d.unscaledValue; // -1234500n
 * d.scale; // 4
 * new BigDecimal(5n, -3).toString(); // '5E+3'
 * ```
 */
export class BigDecimal {
  /** The digits as an integer. */
  readonly unscaledValue: bigint;
  /** Digits after the decimal point (negative: trailing zeros before it), int32. */
  readonly scale: number;

  /** @throws RangeError when `scale` is not a 32-bit integer. */
  constructor(unscaledValue: bigint, scale = 0) {
    if (!Number.isInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
      throw new RangeError(`decimal scale must be a 32-bit integer, got ${scale}`);
    }
    this.unscaledValue = unscaledValue;
    this.scale = scale;
  }

  /**
   * Parses decimal text with an optional exponent (`12.50`, `-1e-7`, `4.2E+3`). The scale is the
   * number of fraction digits minus the exponent, as in Java.
   *
   * @example
   * ```ts
   * BigDecimal.parse('1.50').scale; // 2
   * BigDecimal.parse('1E+3').scale; // -3
   * ```
   * @throws TypeError for malformed text, RangeError for a scale beyond int32.
   */
  static parse(text: string): BigDecimal {
    const m = DECIMAL_TEXT.exec(text);
    const intPart = m?.[2] ?? '';
    const fracPart = m?.[3] ?? '';
    if (m === null || intPart.length + fracPart.length === 0) {
      throw new TypeError(`invalid decimal string ${JSON.stringify(text)}`);
    }
    const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${intPart}${fracPart}`);
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    return new BigDecimal(unscaled, fracPart.length - exponent);
  }

  /**
   * The shortest decimal that round-trips to `value` (`0.1` → unscaled 1, scale 1).
   *
   * @throws RangeError for NaN or an infinity.
   */
  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new RangeError(`a decimal cannot hold ${value}`);
    return BigDecimal.parse(String(value));
  }

  /** Same unscaled value and scale (`1.0` does not equal `1.00`; see {@link BigDecimal.compareTo}). */
  equals(other: unknown): boolean {
    return (
      other instanceof BigDecimal && other.unscaledValue === this.unscaledValue && other.scale === this.scale
    );
  }

  /** Numeric comparison ignoring scale: negative, zero or positive. */
  compareTo(other: BigDecimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unscaledValue * 10n ** BigInt(scale - this.scale);
    const b = other.unscaledValue * 10n ** BigInt(scale - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The nearest `number` (may lose precision). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Java `BigDecimal.toString()`: plain text unless the exponent is large, then `d.dddE±n`. */
  toString(): string {
    const negative = this.unscaledValue < 0n;
    const digits = (negative ? -this.unscaledValue : this.unscaledValue).toString();
    const adjusted = digits.length - 1 - this.scale;
    let text: string;
    if (this.scale >= 0 && adjusted >= -6) {
      text = plain(digits, this.scale);
    } else {
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      text = `${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
    }
    return negative ? `-${text}` : text;
  }

  /** Text without exponent (`5E+3` → `5000`). */
  toPlainString(): string {
    const negative = this.unscaledValue < 0n;
    const digits = (negative ? -this.unscaledValue : this.unscaledValue).toString();
    const text =
      this.scale >= 0 ? plain(digits, this.scale) : digits === '0' ? '0' : digits + '0'.repeat(-this.scale);
    return negative ? `-${text}` : text;
  }

  /** The {@link BigDecimal.toString} text, so JSON carries the canonical form. */
  toJSON(): string {
    return this.toString();
  }

  /** `BigDecimal(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `BigDecimal(${this.toString()})`;
  }
}

function plain(digits: string, scale: number): string {
  if (scale === 0) return digits;
  if (digits.length > scale)
    return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `0.${'0'.repeat(scale - digits.length)}${digits}`;
}
