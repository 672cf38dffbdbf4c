import { inspect, type InspectOptions } from 'node:util';

/**
 * An immutable fixed-length list of values of possibly different types, the value of a CQL
 * `tuple<…>`. Encoders also accept plain arrays for tuples.
 *
 * @example
 * ```ts
 * const t = new Tuple(1, 'one', null);
 * t.length; // 3
 * t.get(1); // 'one'
 * const [n, s] = t; // iterable
 * ```
 */
export class Tuple {
  /** The components, in order. */
  readonly values: readonly unknown[];

  constructor(...values: unknown[]) {
    this.values = Object.freeze(values);
  }

  /** A tuple of the elements of `values`. */
  static fromArray(values: readonly unknown[]): Tuple {
    return new Tuple(...values);
  }

  /** Number of components. */
  get length(): number {
    return this.values.length;
  }

  /** Component `index` (`undefined` past the end). */
  get(index: number): unknown {
    return this.values[index];
  }

  /** A mutable copy of the components. */
  toArray(): unknown[] {
    return [...this.values];
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.values[Symbol.iterator]();
  }

  /** `(a, b, …)` using each component's own `toString` (`null` for null). */
  toString(): string {
    return `(${this.values.map((v) => (v === null || v === undefined ? 'null' : String(v))).join(', ')})`;
  }

  /** The components as a JSON array. */
  toJSON(): readonly unknown[] {
    return this.values;
  }

  /** `Tuple[ … ]` in `console.log` and `util.inspect`. */
  [inspect.custom](_depth: number, options: InspectOptions, inspectFn: typeof inspect = inspect): string {
    return `Tuple${inspectFn([...this.values], options)}`;
  }
}
