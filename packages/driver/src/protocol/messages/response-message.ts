/**
 * One entry point for response envelopes: reads the prefix (tracing id, warnings, custom payload)
 * and decodes the body by opcode into a typed message.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError, type ServerError } from '../../errors';
import type { ByteReader } from '../../binary/byte-reader';
import { bodyIsInt, envelopeBodyReader, type Envelope } from '../envelope';
import { decodeErrorResponse } from '../error-response';
import { Opcode } from '../opcodes';
import { hasResponsePrefix, readResponsePrefix, type ResponsePrefix } from '../response-prefix';
import { decodeEventBody, type ProtocolEvent } from './event-message';
import { decodeResultBody, ResultKind, VOID_RESULT, type ResultMessage } from './result-message';

/** An ERROR response, as its {@link ServerError} subclass. */
export interface ErrorResponse {
  /** Discriminant. */
  readonly type: 'error';
  /** The server error, ready to be thrown or handed to a retry policy. */
  readonly error: ServerError;
}

/** READY: the connection is ready (after STARTUP or REGISTER). */
export interface ReadyResponse {
  /** Discriminant. */
  readonly type: 'ready';
}

/** AUTHENTICATE: the server requires authentication with the named authenticator. */
export interface AuthenticateResponse {
  /** Discriminant. */
  readonly type: 'authenticate';
  /** Java class of the server's authenticator. */
  readonly authenticator: string;
}

/** SUPPORTED: the STARTUP options the server accepts. */
export interface SupportedResponse {
  /** Discriminant. */
  readonly type: 'supported';
  /** Option name → accepted values (CQL_VERSION, COMPRESSION, PROTOCOL_VERSIONS…). */
  readonly options: Record<string, string[]>;
}

/** RESULT: the outcome of QUERY, PREPARE, EXECUTE or BATCH. */
export interface ResultResponse {
  /** Discriminant. */
  readonly type: 'result';
  /** The decoded result. */
  readonly result: ResultMessage;
}

/** EVENT: a pushed server event. */
export interface EventResponse {
  /** Discriminant. */
  readonly type: 'event';
  /** The decoded event. */
  readonly event: ProtocolEvent;
}

/** AUTH_CHALLENGE: a SASL challenge to answer with AUTH_RESPONSE. */
export interface AuthChallengeResponse {
  /** Discriminant. */
  readonly type: 'authChallenge';
  /** The challenge token (a copy), or null. */
  readonly token: Buffer | null;
}

/** AUTH_SUCCESS: authentication succeeded. */
export interface AuthSuccessResponse {
  /** Discriminant. */
  readonly type: 'authSuccess';
  /** The final token (a copy), or null. */
  readonly token: Buffer | null;
}

/** A decoded response message, discriminated by `type`. */
export type ResponseMessage =
  | ErrorResponse
  | ReadyResponse
  | AuthenticateResponse
  | SupportedResponse
  | ResultResponse
  | EventResponse
  | AuthChallengeResponse
  | AuthSuccessResponse;

/** A decoded response: its prefix and its message. */
export interface DecodedResponse extends ResponsePrefix {
  /** The message. */
  readonly message: ResponseMessage;
}

const READY: ReadyResponse = Object.freeze({ type: 'ready' });

/**
 * Decodes a response envelope's body: the prefix announced by the flags, then the message for the
 * opcode. ERROR bodies become {@link ServerError} instances (returned, not thrown) carrying the
 * response's warnings.
 *
 * @param coordinator `host:port` of the node, recorded on server errors
 * @param metadataIds whether the connection uses result metadata ids (`Connection.resultMetadataIds`;
 * default: protocol v5)
 * @example
 * ```ts
 * const { message, warnings } = decodeResponseBody(frame, '10.0.0.1:9042');
 * if (message.type === 'error') throw message.error;
 * ```
 * @throws ProtocolDecodeError when the body is malformed or the opcode is not a response.
 */
export function decodeResponseBody(
  frame: Envelope,
  coordinator?: string,
  metadataIds?: boolean,
): DecodedResponse {
  // The most common answer of all — a write's VOID result without prefix — is one shared object.
  if (isPlainVoidResult(frame)) return VOID_RESPONSE;
  const reader = envelopeBodyReader(frame);
  const version = frame.version & 0x7f;
  const prefix = readResponsePrefix(reader, frame.flags);
  const message = decodeMessage(reader, frame.opcode, version, coordinator, metadataIds ?? version >= 5);
  if (message.type === 'error') message.error.warnings = prefix.warnings;
  return {
    tracingId: prefix.tracingId,
    warnings: prefix.warnings,
    customPayload: prefix.customPayload,
    message,
  };
}

/**
 * Whether `frame` is a VOID RESULT without prefix (a write's usual answer): it decodes to
 * {@link VOID_RESULT} and no prefix, so it needs no reader.
 *
 * @internal
 */
export function isPlainVoidResult(frame: Envelope): boolean {
  return (
    frame.opcode === Opcode.RESULT && !hasResponsePrefix(frame.flags) && bodyIsInt(frame, ResultKind.VOID)
  );
}

const VOID_RESPONSE: DecodedResponse = Object.freeze({
  tracingId: undefined,
  warnings: undefined,
  customPayload: undefined,
  message: Object.freeze({ type: 'result', result: VOID_RESULT }),
});

/** Protocol names of the response messages, by `type`. */
const MESSAGE_NAMES: Readonly<Record<ResponseMessage['type'], string>> = {
  error: 'ERROR',
  ready: 'READY',
  authenticate: 'AUTHENTICATE',
  supported: 'SUPPORTED',
  result: 'RESULT',
  event: 'EVENT',
  authChallenge: 'AUTH_CHALLENGE',
  authSuccess: 'AUTH_SUCCESS',
};

/**
 * Decodes a response that must be of one message type: the handshake's answers, READY to
 * REGISTER, RESULT to the driver's own requests. An ERROR is thrown as its {@link ServerError}.
 *
 * @param endpoint `host:port` of the node, for messages and server errors
 * @param request what was asked (`'STARTUP'`, `'REGISTER'`…), for the error message
 * @param metadataIds whether the connection uses result metadata ids (default: protocol v5)
 * @example
 * ```ts
 * const { options } = expectResponse(frame, 'supported', '10.0.0.1:9042', 'OPTIONS');
 * ```
 * @throws ProtocolDecodeError when the body is malformed or the message is of another type.
 */
export function expectResponse<K extends ResponseMessage['type']>(
  frame: Envelope,
  expected: K,
  endpoint: string,
  request: string,
  metadataIds?: boolean,
): Extract<ResponseMessage, { type: K }> {
  const message = decodeResponseBody(frame, endpoint, metadataIds).message;
  if (message.type === expected) return message as Extract<ResponseMessage, { type: K }>;
  if (message.type === 'error') throw message.error;
  throw new ProtocolDecodeError(
    `${endpoint} answered ${request} with ${describeResponse(message)} instead of ${MESSAGE_NAMES[expected]}`,
  );
}

/** `a READY message`, `a rows result`…: a response, for error messages. */
export function describeResponse(message: ResponseMessage): string {
  return message.type === 'result'
    ? `a ${message.result.kind} result`
    : `a ${MESSAGE_NAMES[message.type]} message`;
}

function decodeMessage(
  reader: ByteReader,
  opcode: number,
  version: number,
  coordinator: string | undefined,
  metadataIds: boolean,
): ResponseMessage {
  switch (opcode) {
    case Opcode.ERROR:
      return { type: 'error', error: decodeErrorResponse(reader, version, coordinator) };
    case Opcode.READY:
      return READY;
    case Opcode.AUTHENTICATE:
      return { type: 'authenticate', authenticator: reader.readString() };
    case Opcode.SUPPORTED:
      return { type: 'supported', options: reader.readStringMultimap() };
    case Opcode.RESULT:
      return { type: 'result', result: decodeResultBody(reader, version, metadataIds) };
    case Opcode.EVENT:
      return { type: 'event', event: decodeEventBody(reader) };
    case Opcode.AUTH_CHALLENGE:
      return { type: 'authChallenge', token: copyOrNull(reader.readBytes()) };
    case Opcode.AUTH_SUCCESS:
      return { type: 'authSuccess', token: copyOrNull(reader.readBytes()) };
    default:
      throw new ProtocolDecodeError(`opcode 0x${opcode.toString(16)} is not a response`);
  }
}

function copyOrNull(bytes: Buffer | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes);
}
