import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';

/**
 * Big-endian signed 32-bit integer at `offset`, read byte by byte: the caller has checked that the
 * 4 bytes are there. Cheaper than `Buffer#readInt32BE` on the hot paths (no method lookup on
 * buffers of several shapes, no argument validation).
 *
 * @internal
 */
export function int32At(buf: Uint8Array, offset: number): number {
  return (
    ((buf[offset] as number) << 24) |
    ((buf[offset + 1] as number) << 16) |
    ((buf[offset + 2] as number) << 8) |
    (buf[offset + 3] as number)
  );
}

/**
 * Big-endian unsigned 16-bit integer at `offset`; the caller has checked that the 2 bytes are
 * there (see {@link int32At}).
 *
 * @internal
 */
export function uint16At(buf: Uint8Array, offset: number): number {
  return ((buf[offset] as number) << 8) | (buf[offset + 1] as number);
}

/**
 * A bounds-checked big-endian reader over one message body for the native protocol's notations.
 * Every read past the end, or any impossible length, throws {@link ProtocolDecodeError}; nothing
 * else escapes it, so malformed server data can only ever surface as that error.
 *
 * Readers never copy unless a method says so: `readBytes` returns a `subarray` view.
 */
export class ByteReader {
  /** Current read position in {@link ByteReader.buf}. */
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    /** Exclusive end of the readable region. */
    readonly end: number = buf.length,
    /**
     * Where the message starts in `buf`: error messages count offsets from there (a body read in
     * place inside a larger network buffer reports the same offsets as a body of its own).
     */
    readonly origin = 0,
  ) {
    this.offset = offset;
    if (end > buf.length || offset > end || offset < 0) {
      throw new ProtocolDecodeError(`invalid reader bounds [${offset}, ${end}) over ${buf.length} bytes`);
    }
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.end) {
      throw new ProtocolDecodeError(
        `truncated data: ${what} needs ${n} bytes at offset ${this.offset - this.origin}, ${this.end - this.offset} left`,
      );
    }
  }

  skip(n: number, what = 'skip'): void {
    this.need(n, what);
    this.offset += n;
  }

  readByte(): number {
    this.need(1, '[byte]');
    return this.buf[this.offset++] as number;
  }

  readShort(): number {
    this.need(2, '[short]');
    const v = uint16At(this.buf, this.offset);
    this.offset += 2;
    return v;
  }

  readInt(): number {
    this.need(4, '[int]');
    const v = int32At(this.buf, this.offset);
    this.offset += 4;
    return v;
  }

  readLong(): bigint {
    this.need(8, '[long]');
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }

  /** `[string]`. */
  readString(): string {
    const len = this.readShort();
    this.need(len, '[string]');
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  /** `[long string]`. */
  readLongString(): string {
    const len = this.readInt();
    if (len < 0) throw new ProtocolDecodeError(`negative [long string] length ${len}`);
    this.need(len, '[long string]');
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }

  /** `[bytes]` as a view (no copy); `null` for a negative length. */
  readBytes(): Buffer | null {
    const len = this.readInt();
    if (len < 0) return null;
    this.need(len, '[bytes]');
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }

  /** `[short bytes]` as a view. */
  readShortBytes(): Buffer {
    const len = this.readShort();
    this.need(len, '[short bytes]');
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }

  /** `[uuid]`: 16 raw bytes as a view. */
  readUuidBytes(): Buffer {
    this.need(16, '[uuid]');
    const b = this.buf.subarray(this.offset, this.offset + 16);
    this.offset += 16;
    return b;
  }

  /** `[string list]`. */
  readStringList(): string[] {
    const n = this.readShort();
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.readString();
    return out;
  }

  /** `[string map]`. */
  readStringMap(): Record<string, string> {
    const n = this.readShort();
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (let i = 0; i < n; i++) {
      const k = this.readString();
      out[k] = this.readString();
    }
    return out;
  }

  /** `[string multimap]`. */
  readStringMultimap(): Record<string, string[]> {
    const n = this.readShort();
    const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (let i = 0; i < n; i++) {
      const k = this.readString();
      out[k] = this.readStringList();
    }
    return out;
  }

  /** `[bytes map]` (values are views). */
  readBytesMap(): Map<string, Buffer | null> {
    const n = this.readShort();
    const out = new Map<string, Buffer | null>();
    for (let i = 0; i < n; i++) {
      const k = this.readString();
      out.set(k, this.readBytes());
    }
    return out;
  }

  /** `[inetaddr]`: address bytes only (4 or 16). Returns the textual address. */
  readInetAddr(): string {
    const size = this.readByte();
    if (size !== 4 && size !== 16) throw new ProtocolDecodeError(`invalid [inetaddr] size ${size}`);
    this.need(size, '[inetaddr]');
    const addr = formatInetAddress(this.buf, this.offset, size);
    this.offset += size;
    return addr;
  }

  /** `[inet]`: address + `[int]` port. */
  readInet(): { address: string; port: number } {
    const address = this.readInetAddr();
    const port = this.readInt();
    return { address, port };
  }

  /** `[unsigned vint]`. */
  readUnsignedVint(): bigint {
    const first = this.readByte();
    if (first < 0x80) return BigInt(first);
    let extra = 0;
    while (extra < 8 && (first & (0x80 >> extra)) !== 0) extra++;
    this.need(extra, '[unsigned vint]');
    let v = extra === 8 ? 0n : BigInt(first & (0xff >> (extra + 1)));
    for (let i = 0; i < extra; i++) v = (v << 8n) | BigInt(this.buf[this.offset + i] as number);
    this.offset += extra;
    return v;
  }

  /** `[vint]`: zig-zag decoded signed 64-bit integer. */
  readVint(): bigint {
    const u = this.readUnsignedVint();
    return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
  }
}

/** Formats 4 or 16 address bytes as dotted IPv4 or compressed IPv6 text. */
export function formatInetAddress(buf: Uint8Array, offset: number, size: number): string {
  if (size === 4) {
    return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((buf[offset + i] as number) << 8) | (buf[offset + i + 1] as number)).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}
