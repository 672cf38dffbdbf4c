/**
 * REGISTER: subscribe a connection to server events.
 *
 * @packageDocumentation
 */
import type { ByteWriter } from '../../binary/byte-writer';
import { Opcode, type ProtocolVersion } from '../opcodes';
import type { RequestMessage } from './request-message';

/** The event types a connection can register for. */
export type EventType = 'TOPOLOGY_CHANGE' | 'STATUS_CHANGE' | 'SCHEMA_CHANGE';

/**
 * A REGISTER request: a `[string list]` of event types. The server answers READY.
 *
 * @example
 * ```ts
 * const msg = new RegisterMessage(['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE']);
 * ```
 */
export class RegisterMessage implements RequestMessage {
  /** {@link Opcode.REGISTER}. */
  readonly opcode = Opcode.REGISTER;

  constructor(
    /** Event types to receive on this connection. */
    readonly eventTypes: readonly EventType[],
  ) {}

  /** Writes the event type list (the same on every version). */
  encodeBody(w: ByteWriter, _version: ProtocolVersion): void {
    w.writeStringList(this.eventTypes);
  }
}
