/**
 * PREPARE: ask a node to prepare a statement.
 *
 * @packageDocumentation
 */
import type { ByteWriter } from '../../binary/byte-writer';
import { Opcode, type ProtocolVersion } from '../opcodes';
import {
  type EnvelopeOptions,
  envelopeFlagsFor,
  type RequestMessage,
  writeCustomPayload,
} from './request-message';
import { requireProtocolVersion } from './request-option-checks';

/** Flag bits of PREPARE (protocol v5+). */
export const PrepareFlag = {
  WITH_KEYSPACE: 0x01,
} as const;

/** Options of PREPARE. */
export interface PrepareOptions {
  /** Keyspace to resolve unqualified table names in (protocol v5+). */
  readonly keyspace?: string;
}

/**
 * A PREPARE request: `[long string]` query; on v5 followed by `[int]` flags and the keyspace
 * `[string]` when flag 0x01 is set.
 *
 * @example
 * ```ts
 * const msg = new PrepareMessage('INSERT INTO users (id, name) VALUES (?, ?)', { keyspace: 'app' });
 * ```
 */
export class PrepareMessage implements RequestMessage {
  /** {@link Opcode.PREPARE}. */
  readonly opcode = Opcode.PREPARE;
  /** Envelope flags derived from `envelope`. */
  readonly flags: number;

  constructor(
    /** The CQL text to prepare. */
    readonly query: string,
    /** Keyspace (v5). */
    readonly options: PrepareOptions = {},
    /** Tracing and custom payload. */
    readonly envelope: EnvelopeOptions = {},
  ) {
    this.flags = envelopeFlagsFor(envelope);
  }

  /**
   * Writes the custom payload (if any), the query and, on v5, the flags and keyspace.
   *
   * @throws InvalidOptionsError for a keyspace on v3/v4.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion): void {
    const keyspace = this.options.keyspace;
    if (keyspace !== undefined) requireProtocolVersion(version, 5, 'keyspace');
    writeCustomPayload(w, this.envelope, version);
    w.writeLongString(this.query);
    if (version < 5) return;
    if (keyspace === undefined) {
      w.writeInt(0);
    } else {
      w.writeInt(PrepareFlag.WITH_KEYSPACE);
      w.writeString(keyspace);
    }
  }
}
