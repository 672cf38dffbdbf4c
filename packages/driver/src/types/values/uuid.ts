import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Two lower-case hex digits for every byte value. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Signed 32-bit big-endian word at `offset` (no bounds check). */
function word(b: Uint8Array, offset: number): number {
  return (
    ((b[offset] as number) << 24) |
    ((b[offset + 1] as number) << 16) |
    ((b[offset + 2] as number) << 8) |
    (b[offset + 3] as number)
  );
}

/** Eight hex digits of a 32-bit word. */
function hex32(w: number): string {
  return HEX[w >>> 24]! + HEX[(w >>> 16) & 0xff]! + HEX[(w >>> 8) & 0xff]! + HEX[w & 0xff]!;
}

/**
 * An immutable 128-bit UUID (CQL `uuid`; see {@link TimeUuid} for `timeuuid`).
 *
 * The value is held as four 32-bit words, not as a Buffer: decoding a `uuid` cell costs one small
 * object and no copy.
 *
 * @example
 * ```ts
 * const id = Uuid.random();
 * const same = Uuid.parse(id.toString());
 * same.equals(id); // true
 * ```
 */
export class Uuid {
  // The 16 bytes as big-endian signed 32-bit words.
  private readonly w0: number;
  private readonly w1: number;
  private readonly w2: number;
  private readonly w3: number;
  private text: string | undefined;

  /**
   * Copies 16 bytes: the whole of `bytes` (which must then hold exactly 16), or the 16 at `offset`.
   * Throws `RangeError` when they are not there.
   */
  constructor(bytes: Uint8Array, offset?: number) {
    const at = offset ?? 0;
    if (offset === undefined ? bytes.length !== 16 : !(at >= 0 && at + 16 <= bytes.length)) {
      throw new RangeError(
        offset === undefined
          ? `a UUID has 16 bytes, got ${bytes.length}`
          : `a UUID has 16 bytes, only ${Math.max(0, bytes.length - at)} at offset ${at}`,
      );
    }
    this.w0 = word(bytes, at);
    this.w1 = word(bytes, at + 4);
    this.w2 = word(bytes, at + 8);
    this.w3 = word(bytes, at + 12);
    this.text = undefined;
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

  /** Copies 16 bytes at `offset` of `buf`; `RangeError` when fewer are left. */
  static fromBytes(buf: Uint8Array, offset = 0): Uuid {
    return new Uuid(buf, offset);
  }

  /** The 16 bytes (a new Buffer on every access). */
  protected get bytes(): Buffer {
    return this.toBuffer();
  }

  /** The version nibble (1 for time-based, 4 for random, …). */
  get version(): number {
    return (this.w1 >>> 12) & 0x0f;
  }

  /** A copy of the 16 bytes. */
  toBuffer(): Buffer {
    const b = Buffer.allocUnsafe(16);
    this.copyTo(b, 0);
    return b;
  }

  /** Writes the 16 bytes into `target` at `offset`. */
  copyTo(target: Uint8Array, offset: number): void {
    if (!(offset >= 0 && offset + 16 <= target.length)) {
      throw new RangeError(`a UUID needs 16 bytes at offset ${offset} of a ${target.length}-byte target`);
    }
    putWord(target, offset, this.w0);
    putWord(target, offset + 4, this.w1);
    putWord(target, offset + 8, this.w2);
    putWord(target, offset + 12, this.w3);
  }

  /**
   * Appends the 16 bytes to a protocol writer, as four `[int]`s.
   *
   * @internal
   */
  writeTo(writer: { writeInt(value: number): unknown }): void {
    writer.writeInt(this.w0);
    writer.writeInt(this.w1);
    writer.writeInt(this.w2);
    writer.writeInt(this.w3);
  }

  /**
   * One of the four big-endian 32-bit words (signed), `index` 0–3.
   *
   * @internal
   */
  protected wordAt(index: 0 | 1 | 2 | 3): number {
    return index === 0 ? this.w0 : index === 1 ? this.w1 : index === 2 ? this.w2 : this.w3;
  }

  /** Same 16 bytes (a {@link TimeUuid} equals the {@link Uuid} with the same bytes). */
  equals(other: unknown): boolean {
    return (
      other instanceof Uuid &&
      this.w0 === other.w0 &&
      this.w1 === other.w1 &&
      this.w2 === other.w2 &&
      this.w3 === other.w3
    );
  }

  /** Lower-case canonical text. */
  toString(): string {
    if (this.text === undefined) {
      const h1 = hex32(this.w1);
      const h2 = hex32(this.w2);
      this.text = `${hex32(this.w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex32(this.w3)}`;
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

function putWord(target: Uint8Array, offset: number, w: number): void {
  target[offset] = w >>> 24;
  target[offset + 1] = (w >>> 16) & 0xff;
  target[offset + 2] = (w >>> 8) & 0xff;
  target[offset + 3] = w & 0xff;
}

/** The 16 bytes of a canonical UUID string; `TypeError` if it is not one. */
export function parseUuidBytes(text: string): Buffer {
  if (!UUID_TEXT.test(text)) throw new TypeError(`invalid UUID string ${JSON.stringify(text)}`);
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}
