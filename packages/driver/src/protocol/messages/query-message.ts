/**
 * QUERY: run a CQL string with its parameters.
 *
 * @packageDocumentation
 */
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
 * A QUERY request: `[long string]` query + `<query_parameters>`.
 *
 * @example
 * ```ts
 * const msg = new QueryMessage('SELECT * FROM ks.users WHERE id = ?', {
 *   consistency: Consistency.LOCAL_QUORUM,
 *   values: [idBytes],
 *   pageSize: 5000,
 * });
 * ```
 */
export class QueryMessage implements RequestMessage {
  /** {@link Opcode.QUERY}. */
  readonly opcode = Opcode.QUERY;
  /** Envelope flags derived from `envelope`. */
  readonly flags: number;

  constructor(
    /** The CQL text. */
    readonly query: string,
    /** Consistency, values and the other query options. */
    readonly params: QueryParameters,
    /** Tracing and custom payload. */
    readonly envelope: EnvelopeOptions = {},
  ) {
    this.flags = envelopeFlagsFor(envelope);
  }

  /** Writes the custom payload (if any), the query and its parameters. */
  encodeBody(w: ByteWriter, version: ProtocolVersion): void {
    writeCustomPayload(w, this.envelope, version);
    w.writeLongString(this.query);
    writeQueryParameters(w, this.params, version);
  }
}
