import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An immutable 128-bit UUID (CQL `uuid`; see {@link TimeUuid} for `timeuuid`).
 *
 * @example
 * ```ts
 * const id = Uuid.random();
 * const same = Uuid.parse(id.toString());
 * same.equals(id); // true
 * ```
 */
export class Uuid {
  /** The 16 bytes, owned by this instance. */
  protected readonly bytes: Buffer;
  private text: string | undefined;

  /** Copies 16 bytes; throws `RangeError` for any other length. */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 16) throw new RangeError(`a UUID has 16 bytes, got ${bytes.length}`);
    this.bytes = Buffer.from(bytes);
  }

  /**
   * Parses the canonical `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` form (any case).
   *
   * @example
   * ```ts
   * Uuid.parse('550e8400-e29b-41d4-a716-446655440000').version; // 4
   * ```
   * @throws TypeError when the text is not a UUID.
   */
  static parse(text: string): Uuid {
    return new Uuid(parseUuidBytes(text));
  }

  /** Whether `text` is a UUID in canonical form. */
  static isValid(text: string): boolean {
    return UUID_TEXT.test(text);
  }

  /**
   * A random (version 4) UUID.
   *
   * @example
   * ```ts
   * Uuid.random().version; // 4
   * ```
   */
  static random(): Uuid {
    const b = randomBytes(16);
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    return new Uuid(b);
  }

  /** Copies 16 bytes at `offset` of `buf`. */
  static fromBytes(buf: Uint8Array, offset = 0): Uuid {
    return new Uuid(buf.subarray(offset, offset + 16));
  }

  /** The version nibble (1 for time-based, 4 for random, …). */
  get version(): number {
    return (this.bytes[6] as number) >> 4;
  }

  /** A copy of the 16 bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** Writes the 16 bytes into `target` at `offset`. */
  copyTo(target: Uint8Array, offset: number): void {
    target.set(this.bytes, offset);
  }

  /** Same 16 bytes (a {@link TimeUuid} equals the {@link Uuid} with the same bytes). */
  equals(other: unknown): boolean {
    return other instanceof Uuid && this.bytes.equals(other.bytes);
  }

  /** Lower-case canonical text. */
  toString(): string {
    if (this.text === undefined) {
      const h = this.bytes.toString('hex');
      this.text = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    return this.text;
  }

  /** The canonical text. */
  toJSON(): string {
    return this.toString();
  }

  /** `Uuid(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `${this.constructor.name}(${this.toString()})`;
  }
}

/** The 16 bytes of a canonical UUID string; `TypeError` if it is not one. */
export function parseUuidBytes(text: string): Buffer {
  if (!UUID_TEXT.test(text)) throw new TypeError(`invalid UUID string ${JSON.stringify(text)}`);
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}
