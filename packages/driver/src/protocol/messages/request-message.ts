/**
 * The contract between request messages and the framing layer, and the envelope options
 * (tracing, custom payload) every statement request can carry.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import { EnvelopeFlag, type ProtocolVersion } from '../opcodes';
import { requireProtocolVersion, SHORT_MAX } from './request-option-checks';

/**
 * The contract between request messages and the framing layer (opcode, envelope flags, body
 * writer). Declared once, next to the envelope codec, and re-exported here for the messages.
 */
export type { RequestMessage } from '../envelope';

/** A custom payload: `[bytes map]` entries passed to server-side query handlers (v4+). */
export type CustomPayload =
  ReadonlyMap<string, Uint8Array | null> | Readonly<Record<string, Uint8Array | null>>;

/** Envelope-level options of QUERY, PREPARE, EXECUTE and BATCH. */
export interface EnvelopeOptions {
  /** Ask the server to trace the request; the response then carries a tracing session id. */
  readonly tracing?: boolean;
  /** Custom payload (protocol v4+), written before the message body. */
  readonly customPayload?: CustomPayload;
}

/**
 * The envelope flags for `options`: TRACING when tracing is asked for, CUSTOM_PAYLOAD when a custom
 * payload is given (even an empty one).
 *
 * @example
 * ```ts
 * envelopeFlagsFor({ tracing: true }); // EnvelopeFlag.TRACING (0x02)
 * ```
 */
export function envelopeFlagsFor(options: EnvelopeOptions): number {
  let flags = 0;
  if (options.tracing === true) flags |= EnvelopeFlag.TRACING;
  if (options.customPayload !== undefined) flags |= EnvelopeFlag.CUSTOM_PAYLOAD;
  return flags;
}

/**
 * Writes the custom payload `[bytes map]` that precedes a request body, when there is one.
 *
 * @throws InvalidOptionsError on protocol v3, which has no custom payloads.
 */
export function writeCustomPayload(w: ByteWriter, options: EnvelopeOptions, version: ProtocolVersion): void {
  const payload = options.customPayload;
  if (payload === undefined) return;
  requireProtocolVersion(version, 4, 'customPayload');
  const size = payload instanceof Map ? payload.size : Object.keys(payload).length;
  if (size > SHORT_MAX) {
    throw new InvalidOptionsError(
      `option 'customPayload' has ${size} entries; the protocol allows ${SHORT_MAX}`,
    );
  }
  w.writeBytesMap(payload);
}
