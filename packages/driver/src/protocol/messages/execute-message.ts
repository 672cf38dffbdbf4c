/**
 * EXECUTE: run a prepared statement.
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import { Opcode, type ProtocolVersion } from '../opcodes';
import { type QueryParameters, writeQueryParameters } from './query-parameters';
import {
  type EnvelopeOptions,
  envelopeFlagsFor,
  type RequestMessage,
  writeCustomPayload,
} from './request-message';

/**
 * An EXECUTE request: `[short bytes]` statement id, on v5 the `[short bytes]` result metadata id,
 * then `<query_parameters>`.
 *
 * @example
 * ```ts
 * const msg = new ExecuteMessage(prepared.id, prepared.resultMetadataId, {
 *   consistency: Consistency.ONE,
 *   values: [idBytes],
 *   skipMetadata: true,
 * });
 * ```
 */
export class ExecuteMessage implements RequestMessage {
  /** {@link Opcode.EXECUTE}. */
  readonly opcode = Opcode.EXECUTE;
  /** Envelope flags derived from `envelope`. */
  readonly flags: number;

  constructor(
    /** The prepared statement id from the Prepared result. */
    readonly id: Uint8Array,
    /**
     * The result metadata id from the Prepared result (or from the last Rows result with
     * Metadata_changed). Required on v5, ignored on v3/v4.
     */
    readonly resultMetadataId: Uint8Array | undefined,
    /** Consistency, values and the other query options. */
    readonly params: QueryParameters,
    /** Tracing and custom payload. */
    readonly envelope: EnvelopeOptions = {},
  ) {
    this.flags = envelopeFlagsFor(envelope);
  }

  /**
   * Writes the custom payload (if any), the ids and the parameters.
   *
   * @throws InvalidOptionsError when the result metadata id is missing on v5, or an option does not
   * fit `version`.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion): void {
    if (version >= 5 && this.resultMetadataId === undefined) {
      throw new InvalidOptionsError(
        'EXECUTE on protocol v5 requires the result metadata id returned by PREPARE (resultMetadataId)',
      );
    }
    writeCustomPayload(w, this.envelope, version);
    w.writeShortBytes(this.id);
    if (version >= 5) w.writeShortBytes(this.resultMetadataId as Uint8Array);
    writeQueryParameters(w, this.params, version);
  }
}
