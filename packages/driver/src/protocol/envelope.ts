import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../errors';
import { ByteReader, int32At } from '../binary/byte-reader';
import type { ByteWriter } from '../binary/byte-writer';
import type { ProtocolVersion } from './opcodes';

/**
 * The envelope (called "frame" in the v3/v4 specs): a 9-byte big-endian header — version byte
 * with the direction bit, flags, signed stream id, opcode, body length — followed by the body.
 *
 * @packageDocumentation
 */

/** Size of the v3+ envelope header. @internal */
export const ENVELOPE_HEADER_LENGTH = 9;

/** Hard upper bound of an envelope body (the spec's 256 MB frame limit). @internal */
export const MAX_ENVELOPE_BODY_LENGTH = 256 * 1024 * 1024;

/** Bit 7 of the version byte: set on responses, clear on requests. @internal */
export const RESPONSE_BIT = 0x80;

/** Lowest and highest protocol versions whose envelopes this codec reads. */
const MIN_VERSION = 3;
const MAX_VERSION = 5;

/** Which way an envelope travels: client → server (`request`) or server → client (`response`). @internal */
export type Direction = 'request' | 'response';

/** A decoded envelope header. @internal */
export interface EnvelopeHeader {
  /** Protocol version (low 7 bits of the version byte). */
  readonly version: number;
  /** Header flags (see `EnvelopeFlag`). */
  readonly flags: number;
  /** Signed stream id; −1 for server events. */
  readonly stream: number;
  /** Message opcode (see `Opcode`). */
  readonly opcode: number;
  /** Length of the body that follows the header. */
  readonly bodyLength: number;
}

/**
 * A whole envelope as received: header fields plus its (decompressed) body.
 * The body still starts with the response prefix (tracing id, warnings, custom payload) when the
 * flags announce one; read it with `readResponsePrefix`.
 */
export interface Envelope {
  /** Protocol version of the envelope (low 7 bits of the version byte). */
  readonly version: number;
  /** Header flags (`EnvelopeFlag`); the compression flag is left as received. */
  readonly flags: number;
  /** Stream id; −1 for server-initiated EVENTs. */
  readonly stream: number;
  /** Message opcode (`Opcode`). */
  readonly opcode: number;
  /** The body, decompressed. May be a view into a larger network buffer: copy what you keep. */
  readonly body: Buffer;
}

/**
 * A request message as the connection sends it: the connection writes the envelope header and
 * asks the message to write its body.
 *
 * @example
 * ```ts
 * const query: RequestMessage = {
 *   opcode: Opcode.QUERY,
 *   encodeBody(w, version) {
 *     w.writeLongString('SELECT release_version FROM system.local').writeShort(Consistency.ONE);
 *     if (version >= 5) w.writeInt(0); else w.writeByte(0);
 *   },
 * };
 * ```
 */
export interface RequestMessage {
  /** Opcode of the message (`Opcode.QUERY`, `Opcode.EXECUTE`, …). */
  readonly opcode: number;
  /** Envelope flags to set: `EnvelopeFlag.TRACING` and/or `EnvelopeFlag.CUSTOM_PAYLOAD`. */
  readonly flags?: number;
  /**
   * Writes the body for the given protocol version (the custom payload first, when flagged).
   * `metadataIds` says whether the connection uses result metadata ids (protocol v5, or v4 with
   * ScyllaDB's `SCYLLA_USE_METADATA_ID`); it defaults to `version >= 5`.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion, metadataIds?: boolean): void;
}

/**
 * Starts an envelope at the end of `w`: writes its 9-byte header, the body length left for
 * {@link endEnvelope}, and returns where the envelope starts. The one way the driver (and its
 * test kit) writes an envelope header; the body is then written straight after it.
 *
 * @example
 * ```ts
 * const start = beginEnvelope(w, 'request', 4, 0, stream, Opcode.QUERY);
 * message.encodeBody(w, 4);
 * endEnvelope(w, start);
 * ```
 * @internal
 */
export function beginEnvelope(
  w: ByteWriter,
  direction: Direction,
  version: number,
  flags: number,
  stream: number,
  opcode: number,
): number {
  const start = w.length;
  w.writeByte((version & 0x7f) | (direction === 'response' ? RESPONSE_BIT : 0))
    .writeByte(flags)
    .writeShort(stream & 0xffff)
    .writeByte(opcode);
  w.reserve(4);
  return start;
}

/**
 * Ends the envelope begun at `start` by {@link beginEnvelope}: patches its body length — by
 * default everything written after the header; `bodyLength` when the body is sent separately.
 *
 * @internal
 */
export function endEnvelope(
  w: ByteWriter,
  start: number,
  bodyLength: number = w.length - start - ENVELOPE_HEADER_LENGTH,
): void {
  w.patchInt(start + 5, bodyLength);
}

/**
 * Reads and validates a 9-byte envelope header at `offset`. Throws {@link ProtocolDecodeError}
 * when the direction bit is wrong, the version is not 3–5, or the body length is negative or
 * above `maxBodyLength`.
 *
 * @internal
 */
export function readEnvelopeHeader(
  buf: Buffer,
  offset: number,
  direction: Direction,
  maxBodyLength: number = MAX_ENVELOPE_BODY_LENGTH,
): EnvelopeHeader {
  if (offset < 0 || offset + ENVELOPE_HEADER_LENGTH > buf.length) {
    throw new ProtocolDecodeError(`truncated envelope header at offset ${offset} of ${buf.length} bytes`);
  }
  const bodyLength = checkEnvelopeHeader(buf, offset, direction, maxBodyLength);
  return {
    version: (buf[offset] as number) & 0x7f,
    flags: buf[offset + 1] as number,
    stream: buf.readInt16BE(offset + 2),
    opcode: buf[offset + 4] as number,
    bodyLength,
  };
}

/**
 * Validates the 9-byte envelope header at `offset` (which must be in bounds) as
 * {@link readEnvelopeHeader} does and returns its body length, without building an object: the
 * decoders read the other fields in place.
 *
 * @internal
 */
export function checkEnvelopeHeader(
  buf: Uint8Array,
  offset: number,
  direction: Direction,
  maxBodyLength: number,
): number {
  const versionByte = buf[offset] as number;
  const isResponse = (versionByte & RESPONSE_BIT) !== 0;
  if (isResponse !== (direction === 'response')) {
    throw new ProtocolDecodeError(
      `envelope version byte 0x${versionByte.toString(16)} has the ${isResponse ? 'response' : 'request'} ` +
        `direction bit where a ${direction} was expected`,
    );
  }
  const version = versionByte & 0x7f;
  if (version < MIN_VERSION || version > MAX_VERSION) {
    throw new ProtocolDecodeError(`unsupported protocol version ${version} in envelope header`);
  }
  const bodyLength = int32At(buf, offset + 5);
  if (bodyLength < 0 || bodyLength > maxBodyLength) {
    throw new ProtocolDecodeError(`envelope body length ${bodyLength} is outside [0, ${maxBodyLength}]`);
  }
  return bodyLength;
}

/**
 * An envelope as the decoders deliver it: its body is the range `[bodyStart, bodyEnd)` of a
 * received buffer (`source`: a socket chunk, a segment payload, a decompressed body), read in
 * place by {@link envelopeBodyReader}; `body` makes a view of it on first use only.
 *
 * @internal
 */
export class ReceivedEnvelope implements Envelope {
  private view: Buffer | undefined = undefined;

  constructor(
    readonly version: number,
    readonly flags: number,
    readonly stream: number,
    readonly opcode: number,
    /** The buffer holding the body. */
    readonly source: Buffer,
    /** Offset of the body's first byte in `source`. */
    readonly bodyStart: number,
    /** Offset after the body's last byte in `source`. */
    readonly bodyEnd: number,
  ) {}

  get body(): Buffer {
    let view = this.view;
    if (view === undefined) {
      view = this.source.subarray(this.bodyStart, this.bodyEnd);
      this.view = view;
    }
    return view;
  }
}

/**
 * The envelope whose 9-byte header is at `offset` of `buf` (already checked with
 * {@link checkEnvelopeHeader}) and whose body is `source[bodyStart, bodyEnd)`.
 *
 * @internal
 */
export function envelopeAt(
  buf: Uint8Array,
  offset: number,
  source: Buffer,
  bodyStart: number,
  bodyEnd: number,
): ReceivedEnvelope {
  return new ReceivedEnvelope(
    (buf[offset] as number) & 0x7f,
    buf[offset + 1] as number,
    (((buf[offset + 2] as number) << 24) | ((buf[offset + 3] as number) << 16)) >> 16,
    buf[offset + 4] as number,
    source,
    bodyStart,
    bodyEnd,
  );
}

/** Whether the envelope's body is exactly one big-endian `[int]` equal to `value` (read in place). @internal */
export function bodyIsInt(envelope: Envelope, value: number): boolean {
  if (envelope instanceof ReceivedEnvelope) {
    const start = envelope.bodyStart;
    return envelope.bodyEnd - start === 4 && int32At(envelope.source, start) === value;
  }
  const body = envelope.body;
  return body.length === 4 && body.readInt32BE(0) === value;
}

/**
 * A reader over an envelope's body: in place for a {@link ReceivedEnvelope} (no view; offsets in
 * error messages still count from the body's start), over `body` for any other.
 *
 * @internal
 */
export function envelopeBodyReader(envelope: Envelope): ByteReader {
  return envelope instanceof ReceivedEnvelope
    ? new ByteReader(envelope.source, envelope.bodyStart, envelope.bodyEnd, envelope.bodyStart)
    : new ByteReader(envelope.body);
}

/**
 * Appends a whole envelope to `w`: header, then the body written by `encodeBody`, then the body
 * length. Returns the offset of the header in `w`.
 *
 * @internal
 */
export function writeEnvelope(
  w: ByteWriter,
  version: number,
  flags: number,
  stream: number,
  opcode: number,
  direction: Direction,
  encodeBody: (w: ByteWriter) => void,
): number {
  const start = beginEnvelope(w, direction, version, flags, stream, opcode);
  encodeBody(w);
  endEnvelope(w, start);
  return start;
}
