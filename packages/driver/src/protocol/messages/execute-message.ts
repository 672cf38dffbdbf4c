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

/** The id sent for a statement whose result metadata id is unknown (see `resultMetadataId`). */
const NO_METADATA_ID = new Uint8Array(0);

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
     * Metadata_changed). Required on v5; on v3/v4 with ScyllaDB's `SCYLLA_USE_METADATA_ID`, a
     * statement prepared where ids were not in use (a mixed cluster) sends an empty id, which the
     * node finds stale: it answers Metadata_changed with the current id and columns. Ignored on
     * connections without metadata ids.
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
   * @throws InvalidOptionsError when the result metadata id is missing on v5, or an option does not
   * fit `version`.
   */
  encodeBody(w: ByteWriter, version: ProtocolVersion, metadataIds = version >= 5): void {
    if (version >= 5 && this.resultMetadataId === undefined) {
      throw new InvalidOptionsError(
        'EXECUTE on protocol v5 requires the result metadata id returned by PREPARE (resultMetadataId)',
      );
    }
    writeCustomPayload(w, this.envelope, version);
    w.writeShortBytes(this.id);
    if (metadataIds) w.writeShortBytes(this.resultMetadataId ?? NO_METADATA_ID);
    writeQueryParameters(w, this.params, version);
  }
}
