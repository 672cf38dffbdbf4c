import { Buffer } from 'node:buffer';
import { ByteReader } from '../binary/byte-reader';
import { EnvelopeFlag, Opcode } from '../protocol/opcodes';

/**
 * What proxy rules look at: one envelope travelling through the proxy, with where it comes from.
 *
 * @packageDocumentation
 */

/** Which way a frame travels: driver → node (`request`) or node → driver (`response`). */
export type FrameDirection = 'request' | 'response';

/**
 * One envelope passing through a {@link ProxyNode}, as conditions, reactions and feedback see it.
 *
 * @example
 * ```ts
 * const isPrepareOfT = Condition.when(
 *   (frame: ProxiedFrame) => frame.opcode === Opcode.PREPARE && frame.body.includes('ks.t'),
 * );
 * ```
 */
export interface ProxiedFrame {
  /** `request` (driver → node) or `response` (node → driver). */
  readonly direction: FrameDirection;
  /** Protocol version of the envelope (3, 4 or 5). */
  readonly version: number;
  /** Envelope header flags (`EnvelopeFlag`); the compression flag as received. */
  readonly flags: number;
  /** Stream id; −1 for server EVENTs. */
  readonly stream: number;
  /** Message opcode (`Opcode.QUERY`, `Opcode.RESULT`, …). */
  readonly opcode: number;
  /**
   * The body, decompressed. For responses it still starts with the tracing id / warnings /
   * custom payload the flags announce; for requests with a custom payload, with that payload.
   * Valid while the frame is processed: copy what you keep (feedback already holds a copy).
   */
  readonly body: Buffer;
  /** Whether the envelope travelled inside protocol v5 segments (false during the handshake and on v3/v4). */
  readonly framed: boolean;
  /** Index of the proxy node in `CqlProxy.nodes`. */
  readonly node: number;
  /** Ordinal of the driver connection on that node: 0 for the first one accepted, then 1, 2, … */
  readonly connection: number;
  /** Whether the connection has sent a REGISTER (i.e. it is the driver's control connection). */
  readonly registered: boolean;
  /** For a response: the request it answers, when the proxy forwarded that request. */
  readonly request: ProxiedFrame | undefined;
}

/**
 * The prepared statement id a request refers to: the id of an EXECUTE, or the first prepared
 * statement of a BATCH; `undefined` for other requests or an unreadable body.
 *
 * @example
 * ```ts
 * const id = requestStatementId(frame); // Buffer with the id of the EXECUTE
 * ```
 */
export function requestStatementId(frame: ProxiedFrame): Buffer | undefined {
  if (frame.direction !== 'request') return undefined;
  try {
    const reader = new ByteReader(frame.body);
    if (frame.flags & EnvelopeFlag.CUSTOM_PAYLOAD) reader.readBytesMap();
    if (frame.opcode === Opcode.EXECUTE) return Buffer.from(reader.readShortBytes());
    if (frame.opcode === Opcode.BATCH) return firstBatchStatementId(reader);
  } catch {
    return undefined;
  }
  return undefined;
}

/** BATCH: [byte] type, [short] n, n × (kind, query or id, [short] count, values). */
function firstBatchStatementId(reader: ByteReader): Buffer | undefined {
  reader.readByte();
  const count = reader.readShort();
  for (let i = 0; i < count; i++) {
    const kind = reader.readByte();
    if (kind === 1) return Buffer.from(reader.readShortBytes());
    reader.readLongString();
    const values = reader.readShort();
    for (let v = 0; v < values; v++) reader.readBytes();
  }
  return undefined;
}

/** A copy of `frame` whose body (and its request's body) no longer shares network buffers. */
export function detachFrame(frame: ProxiedFrame): ProxiedFrame {
  return {
    ...frame,
    body: Buffer.from(frame.body),
    request: frame.request ? detachFrame(frame.request) : undefined,
  };
}
