/**
 * Hand-assembly of protocol bytes for the message tests, written with plain Buffer calls so the
 * expected bytes do not depend on the ByteWriter under test.
 */
import { ByteWriter } from '../../../src/binary/byte-writer';
import type { ProtocolVersion } from '../../../src/protocol/opcodes';
import type { RequestMessage } from '../../../src/protocol/messages/request-message';

/** Concatenates parts (numbers are single bytes). */
export function bytes(...parts: Array<Buffer | number | number[]>): Buffer {
  return Buffer.concat(
    parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(typeof p === 'number' ? [p] : p))),
  );
}

/** `[byte]`. */
export function u8(n: number): Buffer {
  return Buffer.from([n]);
}

/** `[short]`. */
export function short(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** `[int]`. */
export function int(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** `[long]`. */
export function long(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
}

/** `[string]`. */
export function str(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  return Buffer.concat([short(body.length), body]);
}

/** `[long string]`. */
export function longStr(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  return Buffer.concat([int(body.length), body]);
}

/** `[bytes]` / `[value]` (null → −1). */
export function value(b: Buffer | number[] | null): Buffer {
  if (b === null) return int(-1);
  const body = Buffer.from(b);
  return Buffer.concat([int(body.length), body]);
}

/** `[short bytes]`. */
export function shortBytes(b: Buffer | number[]): Buffer {
  const body = Buffer.from(b);
  return Buffer.concat([short(body.length), body]);
}

/** `[string list]`. */
export function strList(items: string[]): Buffer {
  return Buffer.concat([short(items.length), ...items.map(str)]);
}

/** `[inet]` for an IPv4 address. */
export function inet4(address: [number, number, number, number], port: number): Buffer {
  return Buffer.concat([u8(4), Buffer.from(address), int(port)]);
}

/** Native `[option]` ids used in the tests. */
export const T = { int: short(0x0009), text: short(0x000d), bigint: short(0x0002), uuid: short(0x000c) };

/** Encodes a request message body on `version` into a standalone copy. */
export function encode(message: RequestMessage, version: ProtocolVersion, metadataIds?: boolean): Buffer {
  const w = new ByteWriter(16);
  message.encodeBody(w, version, metadataIds);
  return Buffer.from(w.finish());
}
