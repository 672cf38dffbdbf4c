import { ProtocolDecodeError } from '../errors';
import { ByteReader } from '../binary/byte-reader';
import type { ByteWriter } from '../binary/byte-writer';
import type { Envelope, RequestMessage } from './envelope';
import { Opcode } from './opcodes';
import { readResponsePrefix } from './response-prefix';

/**
 * Messages of the connection handshake: OPTIONS → SUPPORTED, STARTUP → READY | AUTHENTICATE,
 * AUTH_RESPONSE → AUTH_CHALLENGE | AUTH_SUCCESS.
 *
 * @packageDocumentation
 */

/** CQL version sent in STARTUP (any version ≥ 3.0.0 is accepted by Cassandra). @internal */
export const CQL_VERSION = '3.0.0';

/** `DRIVER_NAME` sent in STARTUP (visible in `system_views.clients`). @internal */
export const DRIVER_NAME = 'cqlkit';

/** `DRIVER_VERSION` sent in STARTUP; keep in step with packages/driver/package.json. @internal */
export const DRIVER_VERSION = '0.1.0';

/** OPTIONS: asks the server which STARTUP options it supports. Also used as heartbeat. @internal */
export class OptionsRequest implements RequestMessage {
  readonly opcode = Opcode.OPTIONS;

  encodeBody(): void {
    // empty body
  }
}

/** STARTUP with its `[string map]` of options. @internal */
export class StartupRequest implements RequestMessage {
  readonly opcode = Opcode.STARTUP;

  constructor(readonly options: Readonly<Record<string, string>>) {}

  encodeBody(w: ByteWriter): void {
    w.writeStringMap(this.options);
  }
}

/**
 * The STARTUP options map: `CQL_VERSION`, `DRIVER_NAME`, `DRIVER_VERSION`, `COMPRESSION` when
 * compression is wanted, then `extra` entries (e.g. `THROW_ON_OVERLOAD`, `APPLICATION_NAME`),
 * which override the defaults.
 *
 * @internal
 */
export function startupOptions(
  compression: string | null,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const options: Record<string, string> = {
    CQL_VERSION,
    DRIVER_NAME,
    DRIVER_VERSION,
  };
  if (compression) options['COMPRESSION'] = compression;
  return Object.assign(options, extra);
}

/** AUTH_RESPONSE carrying a SASL token. @internal */
export class AuthResponseRequest implements RequestMessage {
  readonly opcode = Opcode.AUTH_RESPONSE;

  constructor(readonly token: Buffer | null) {}

  encodeBody(w: ByteWriter): void {
    w.writeBytes(this.token);
  }
}

function bodyReader(envelope: Envelope, expected: number, what: string): ByteReader {
  if (envelope.opcode !== expected) {
    throw new ProtocolDecodeError(
      `expected ${what} (opcode 0x${expected.toString(16)}), got opcode 0x${envelope.opcode.toString(16)}`,
    );
  }
  const reader = new ByteReader(envelope.body);
  readResponsePrefix(reader, envelope.flags);
  return reader;
}

/** Checks a READY response (empty body). @internal */
export function decodeReady(envelope: Envelope): void {
  bodyReader(envelope, Opcode.READY, 'READY');
}

/** The authenticator class name of an AUTHENTICATE response. @internal */
export function decodeAuthenticate(envelope: Envelope): string {
  return bodyReader(envelope, Opcode.AUTHENTICATE, 'AUTHENTICATE').readString();
}

/** The `[string multimap]` of a SUPPORTED response (e.g. `COMPRESSION: ['snappy', 'lz4']`). @internal */
export function decodeSupported(envelope: Envelope): Record<string, string[]> {
  return bodyReader(envelope, Opcode.SUPPORTED, 'SUPPORTED').readStringMultimap();
}

/** The challenge token of an AUTH_CHALLENGE response (a copy, `null` if absent). @internal */
export function decodeAuthChallenge(envelope: Envelope): Buffer | null {
  const token = bodyReader(envelope, Opcode.AUTH_CHALLENGE, 'AUTH_CHALLENGE').readBytes();
  return token === null ? null : Buffer.from(token);
}

/** The final token of an AUTH_SUCCESS response (a copy, `null` if absent). @internal */
export function decodeAuthSuccess(envelope: Envelope): Buffer | null {
  const token = bodyReader(envelope, Opcode.AUTH_SUCCESS, 'AUTH_SUCCESS').readBytes();
  return token === null ? null : Buffer.from(token);
}
