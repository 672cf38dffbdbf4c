import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { parseUuidBytes, Uuid } from './uuid';

/** 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const TICKS_PER_MS = 10000n;

/** Process-wide random node id (multicast bit set, as RFC 4122 asks for random nodes) and clock sequence. */
const defaultNode = randomBytes(6);
defaultNode[0] = (defaultNode[0] as number) | 0x01;
const defaultClockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;

let lastMs = -1;
let lastTicks = 0;

/**
 * An immutable version-1 (time-based) UUID, the value of a CQL `timeuuid`.
 *
 * @example
 * ```ts
 * const id = TimeUuid.now();
 * id.getDate(); // about new Date()
 * // every timeuuid of a given millisecond sorts between these two:
 * const from = TimeUuid.min(new Date('2024-01-01T00:00:00Z'));
 * const to = TimeUuid.max(new Date('2024-01-01T00:00:00Z'));
 * ```
 */
export class TimeUuid extends Uuid {
  /**
   * Copies 16 bytes (the whole of `bytes`, or the 16 at `offset`); throws `TypeError` unless they
   * are a version-1 UUID, `RangeError` when they are not there.
   */
  constructor(bytes: Uint8Array, offset?: number) {
    super(bytes, offset);
    if (this.version !== 1) throw new TypeError(`not a time-based (version 1) UUID: ${this.toString()}`);
  }

  /**
   * Parses the canonical text of a version-1 UUID.
   *
   * @example
   * ```ts
   * TimeUuid.parse('e6a6e160-86a9-11ee-b9d1-0242ac120002').getDate();
   * ```
   * @throws TypeError when the text is not a UUID or not version 1.
   */
  static override parse(text: string): TimeUuid {
    return new TimeUuid(parseUuidBytes(text));
  }

  /** Copies 16 bytes at `offset` of `buf`; `TypeError` unless version 1. */
  static override fromBytes(buf: Uint8Array, offset = 0): TimeUuid {
    return new TimeUuid(buf, offset);
  }

  /**
   * A new timeuuid for the current time, unique within this process: several in the same
   * millisecond get increasing sub-millisecond ticks.
   */
  static now(): TimeUuid {
    const ms = Date.now();
    if (ms === lastMs) {
      lastTicks = (lastTicks + 1) % 10000;
    } else {
      lastMs = ms;
      lastTicks = 0;
    }
    return TimeUuid.fromDate(ms, lastTicks);
  }

  /**
   * A timeuuid for `date`.
   *
   * @param date a Date or milliseconds since the Unix epoch
   * @param ticks 100-ns intervals within the millisecond, 0–9999
   * @param clockSeq 14-bit clock sequence (random per process by default)
   * @param node 6-byte node id (random per process by default)
   * @example
   * ```ts
   * TimeUuid.fromDate(new Date('2024-05-01T12:00:00Z'), 0, 0x1234, Buffer.from('0242ac120002', 'hex'));
   * ```
   */
  static fromDate(
    date: Date | number,
    ticks = 0,
    clockSeq: number = defaultClockSeq,
    node: Uint8Array = defaultNode,
  ): TimeUuid {
    const ms = typeof date === 'number' ? date : date.getTime();
    if (!Number.isSafeInteger(ms)) throw new RangeError(`invalid timestamp ${String(ms)}`);
    if (!Number.isInteger(ticks) || ticks < 0 || ticks > 9999)
      throw new RangeError(`ticks must be 0–9999, got ${ticks}`);
    if (!Number.isInteger(clockSeq) || clockSeq < 0 || clockSeq > 0x3fff) {
      throw new RangeError(`clock sequence must be 0–16383, got ${clockSeq}`);
    }
    if (node.length !== 6) throw new RangeError(`node id must have 6 bytes, got ${node.length}`);
    const t = BigInt(ms) * TICKS_PER_MS + BigInt(ticks) + GREGORIAN_OFFSET;
    if (t < 0n || t >= 1n << 60n) throw new RangeError(`date outside the timeuuid range: ${String(ms)}`);
    const b = Buffer.allocUnsafe(16);
    b.writeUInt32BE(Number(t & 0xffffffffn), 0); // time_low
    b.writeUInt16BE(Number((t >> 32n) & 0xffffn), 4); // time_mid
    b.writeUInt16BE(Number((t >> 48n) & 0x0fffn) | 0x1000, 6); // version 1 + time_hi
    b.writeUInt16BE(clockSeq | 0x8000, 8); // RFC 4122 variant
    b.set(node, 10);
    return new TimeUuid(b);
  }

  /**
   * The smallest timeuuid of the millisecond `date`, as Cassandra's `minTimeuuid()` computes it
   * (clock sequence and node bytes 0x80, the minimum in Cassandra's signed-byte order).
   */
  static min(date: Date | number): TimeUuid {
    return withClockSeqAndNode(TimeUuid.fromDate(date, 0), 0x80);
  }

  /** The greatest timeuuid of the millisecond `date`, as Cassandra's `maxTimeuuid()` computes it. */
  static max(date: Date | number): TimeUuid {
    return withClockSeqAndNode(TimeUuid.fromDate(date, 9999), 0x7f);
  }

  /** 100-ns intervals since 1582-10-15T00:00:00Z. */
  getTicks(): bigint {
    const w1 = this.wordAt(1);
    const low = BigInt(this.wordAt(0) >>> 0);
    const mid = BigInt(w1 >>> 16);
    const high = BigInt(w1 & 0x0fff);
    return (high << 48n) | (mid << 32n) | low;
  }

  /** The time this UUID was generated for, truncated to the millisecond. */
  getDate(): Date {
    const sinceEpoch = this.getTicks() - GREGORIAN_OFFSET;
    const ms = sinceEpoch >= 0n ? sinceEpoch / TICKS_PER_MS : (sinceEpoch - TICKS_PER_MS + 1n) / TICKS_PER_MS;
    return new Date(Number(ms));
  }

  /** The 14-bit clock sequence. */
  get clockSequence(): number {
    return (this.wordAt(2) >>> 16) & 0x3fff;
  }

  /** A copy of the 6-byte node id. */
  get node(): Buffer {
    return this.toBuffer().subarray(10, 16);
  }
}

function withClockSeqAndNode(uuid: TimeUuid, fill: number): TimeUuid {
  const b = uuid.toBuffer();
  b.fill(fill, 8);
  return new TimeUuid(b);
}
