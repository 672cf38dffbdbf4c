import { Buffer } from 'node:buffer';
import { ByteReader } from '../binary/byte-reader';
import { EnvelopeFlag } from './opcodes';

/** What a response envelope carries before its message body, per its header flags. */
export interface ResponsePrefix {
  /** Tracing session id (16 bytes) when the request asked for tracing. */
  tracingId: Buffer | undefined;
  /** Server warnings (v4+). */
  warnings: string[] | undefined;
  /** Custom payload (v4+). */
  customPayload: Map<string, Buffer | null> | undefined;
}

const PREFIX_FLAGS = EnvelopeFlag.TRACING | EnvelopeFlag.WARNING | EnvelopeFlag.CUSTOM_PAYLOAD;

/** The prefix of the (usual) responses that have none: shared, frozen. */
const NO_PREFIX: ResponsePrefix = Object.freeze({
  tracingId: undefined,
  warnings: undefined,
  customPayload: undefined,
});

/** Whether an envelope with these header flags carries a prefix before its message. @internal */
export function hasResponsePrefix(flags: number): boolean {
  return (flags & PREFIX_FLAGS) !== 0;
}

/**
 * Reads the optional tracing id, warnings and custom payload that precede a response body,
 * in that order, as flagged in the envelope header. Leaves the reader at the message body.
 *
 * @internal
 */
export function readResponsePrefix(reader: ByteReader, flags: number): ResponsePrefix {
  if (!hasResponsePrefix(flags)) return NO_PREFIX;
  const tracingId = flags & EnvelopeFlag.TRACING ? Buffer.from(reader.readUuidBytes()) : undefined;
  const warnings = flags & EnvelopeFlag.WARNING ? reader.readStringList() : undefined;
  const customPayload = flags & EnvelopeFlag.CUSTOM_PAYLOAD ? reader.readBytesMap() : undefined;
  return { tracingId, warnings, customPayload };
}
