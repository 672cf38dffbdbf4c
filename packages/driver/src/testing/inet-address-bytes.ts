import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Textual IP address → network bytes, for `[inetaddr]` fields of forged error bodies.
 *
 * @packageDocumentation
 */

/**
 * The 4 (IPv4) or 16 (IPv6) bytes of an address; throws `RangeError` for anything else.
 *
 * @example
 * ```ts
 * inetAddressBytes('127.0.0.1'); // <Buffer 7f 00 00 01>
 * inetAddressBytes('::1').length; // 16
 * ```
 * @internal
 */
export function inetAddressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!isIPv6(address)) throw new RangeError(`'${address}' is not an IPv4 or IPv6 address`);
  const zone = address.indexOf('%');
  const text = zone >= 0 ? address.slice(0, zone) : address;
  const [head = '', tail] = text.split('::');
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  const all = [...headGroups, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...tailGroups];
  const out = Buffer.alloc(16);
  all.forEach((group, i) => out.writeUInt16BE(group, i * 2));
  return out;
}

/** 16-bit groups of one side of `::`; an embedded dotted IPv4 counts as two groups. */
function groups(part: string): number[] {
  if (part === '') return [];
  const out: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
      out.push((a << 8) | b, (c << 8) | d);
    } else {
      out.push(parseInt(piece, 16));
    }
  }
  return out;
}
