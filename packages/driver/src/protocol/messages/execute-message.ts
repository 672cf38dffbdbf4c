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
 * An EXECUTE request: `[short bytes]` statement id, the `[short bytes]` result metadata id when
 * the connection uses metadata ids (v5, or v4 with `SCYLLA_USE_METADATA_ID`), then
 * `<query_parameters>`.
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
     * Metadata_changed). Required when the connection uses metadata ids, ignored otherwise.
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
   * @param metadataIds whether the connection uses result metadata ids (default: `version >= 5`)
   * @throws InvalidOptionsError when the result metadata id is missing on a connection that uses
   * metadata ids, or an option does not fit `version`.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion, metadataIds = version >= 5): void {
    if (metadataIds && this.resultMetadataId === undefined) {
      throw new InvalidOptionsError(
        `EXECUTE on a protocol v${version} connection with result metadata ids requires the result ` +
          'metadata id returned by PREPARE (resultMetadataId)',
      );
    }
    writeCustomPayload(w, this.envelope, version);
    w.writeShortBytes(this.id);
    if (metadataIds) w.writeShortBytes(this.resultMetadataId as Uint8Array);
    writeQueryParameters(w, this.params, version);
  }
}
