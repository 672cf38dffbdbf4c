/** Message opcodes of the native protocol (envelope header byte 4); public through `@cqlkit/driver/testing`. */
export const Opcode = {
  ERROR: 0x00,
  STARTUP: 0x01,
  READY: 0x02,
  AUTHENTICATE: 0x03,
  OPTIONS: 0x05,
  SUPPORTED: 0x06,
  QUERY: 0x07,
  RESULT: 0x08,
  PREPARE: 0x09,
  EXECUTE: 0x0a,
  REGISTER: 0x0b,
  EVENT: 0x0c,
  BATCH: 0x0d,
  AUTH_CHALLENGE: 0x0e,
  AUTH_RESPONSE: 0x0f,
  AUTH_SUCCESS: 0x10,
} as const;

/** An opcode value. */
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** Envelope header flags; public through `@cqlkit/driver/testing`. */
export const EnvelopeFlag = {
  COMPRESSED: 0x01,
  TRACING: 0x02,
  CUSTOM_PAYLOAD: 0x04,
  WARNING: 0x08,
  USE_BETA: 0x10,
} as const;

/** Protocol versions this driver speaks. */
export type ProtocolVersion = 3 | 4 | 5;

/** Highest protocol version first, as tried during negotiation. @internal */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [5, 4, 3];
