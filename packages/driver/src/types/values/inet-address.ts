import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';
import { inspect } from 'node:util';
import { formatInetAddress } from '../../binary/byte-reader';

/**
 * An immutable IPv4 or IPv6 address, the value of a CQL `inet`.
 *
 * @example
 * ```ts
 * InetAddress.parse('192.168.0.1').version; // 4
 * InetAddress.parse('2001:DB8:0:0:0:0:0:1').toString(); // '2001:db8::1'
 * ```
 */
export class InetAddress {
  private readonly bytes: Buffer;

  /** Copies 4 (IPv4) or 16 (IPv6) bytes; `RangeError` for any other length. */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 4 && bytes.length !== 16) {
      throw new RangeError(`an IP address has 4 or 16 bytes, got ${bytes.length}`);
    }
    this.bytes = Buffer.from(bytes);
  }

  /**
   * Parses dotted IPv4 or IPv6 text (with `::` compression and an embedded IPv4 tail such as
   * `::ffff:10.0.0.1`; zone ids are not accepted).
   *
   * @example
   * ```ts
   * InetAddress.parse('::1').version; // 6
   * ```
   * @throws TypeError when the text is not an IP address.
   */
  static parse(text: string): InetAddress {
    if (isIPv4(text)) return new InetAddress(Uint8Array.from(text.split('.').map(Number)));
    if (isIPv6(text) && !text.includes('%')) return new InetAddress(parseIPv6(text));
    throw new TypeError(`invalid IP address ${JSON.stringify(text)}`);
  }

  /** 4 or 6. */
  get version(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }

  /** A copy of the 4 or 16 bytes. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }

  /** Same version and bytes (an IPv4 address never equals its IPv4-mapped IPv6 form). */
  equals(other: unknown): boolean {
    return other instanceof InetAddress && this.bytes.equals(other.bytes);
  }

  /** Dotted IPv4, or RFC 5952 compressed lower-case IPv6 (`::ffff:a.b.c.d` for IPv4-mapped addresses). */
  toString(): string {
    const b = this.bytes;
    if (b.length === 16 && b.readUInt16BE(10) === 0xffff && b.subarray(0, 10).every((x) => x === 0)) {
      return `::ffff:${formatInetAddress(b, 12, 4)}`;
    }
    return formatInetAddress(b, 0, b.length);
  }

  /** The {@link InetAddress.toString} text, so JSON carries the canonical form. */
  toJSON(): string {
    return this.toString();
  }

  /** `InetAddress(…)` in `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `InetAddress(${this.toString()})`;
  }
}

/** Bytes of IPv6 text already validated by `net.isIPv6`. */
function parseIPv6(text: string): Buffer {
  const lastColon = text.lastIndexOf(':');
  let hexText = text;
  if (text.includes('.', lastColon)) {
    // Rewrite an embedded IPv4 tail ("::ffff:10.0.0.1") as two hex groups.
    const [a, b, c, d] = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number) as [number, number, number, number];
    hexText = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [headText, tailText] = hexText.split('::') as [string, string | undefined];
  const toGroups = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((g) => parseInt(g, 16));
  const head = toGroups(headText);
  const tail = toGroups(tailText);
  const zeros = tailText === undefined ? [] : new Array<number>(8 - head.length - tail.length).fill(0);
  const out = Buffer.alloc(16);
  [...head, ...zeros, ...tail].forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}
