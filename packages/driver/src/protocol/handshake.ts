import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteWriter } from '../binary/byte-writer';
import type { RequestMessage } from './envelope';
import { Opcode } from './opcodes';

/**
 * The requests of the connection handshake: OPTIONS (→ SUPPORTED), STARTUP (→ READY |
 * AUTHENTICATE), AUTH_RESPONSE (→ AUTH_CHALLENGE | AUTH_SUCCESS), and the STARTUP options map.
 * Their answers are decoded where every response is (`messages/response-message.ts`).
 *
 * @packageDocumentation
 */

/** CQL version sent in STARTUP (any version ≥ 3.0.0 is accepted by Cassandra). @internal */
export const CQL_VERSION = '3.0.0';

/** `DRIVER_NAME` sent in STARTUP (visible in `system_views.clients`). @internal */
export const DRIVER_NAME = 'cqlkit';

/**
 * `DRIVER_VERSION` sent in STARTUP: the version of the driver's package.json, read once when the
 * module loads (`'unknown'` when the driver was bundled without it). @internal
 */
export const DRIVER_VERSION: string = readDriverVersion();

/**
 * The driver's package.json sits two levels above this module both in the sources
 * (`src/protocol/`, run by ts-jest and tsx) and in the build (`dist/protocol/`).
 */
function readDriverVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      readonly name?: unknown;
      readonly version?: unknown;
    };
    if (manifest.name === '@cqlkit/driver' && typeof manifest.version === 'string') return manifest.version;
  } catch {
    // no package.json next to the module (a bundle): the version is unknown
  }
  return 'unknown';
}

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
