/**
 * Address translation: the address the driver connects to for a node, given the address the
 * cluster advertises (`rpc_address` / `broadcast_rpc_address`). Contact points are not translated.
 *
 * @packageDocumentation
 */

import { formatEndpoint } from '../connection/endpoint';
import { InvalidOptionsError } from '../errors';

/** An address and port to connect to. */
export interface TranslatedAddress {
  readonly address: string;
  readonly port: number;
}

/** Turns a node's advertised address into the one the driver connects to. */
export interface AddressTranslator {
  translate(address: string, port: number): TranslatedAddress;
}

/**
 * Connects to the advertised addresses (the default).
 *
 * @example
 * ```ts
 * new IdentityTranslator().translate('10.0.0.1', 9042); // { address: '10.0.0.1', port: 9042 }
 * ```
 */
export class IdentityTranslator implements AddressTranslator {
  translate(address: string, port: number): TranslatedAddress {
    return { address, port };
  }
}

/**
 * Translates through a fixed table, leaving unlisted addresses unchanged: handy behind NAT, or
 * in tests that reach nodes through a proxy. Keys and values are endpoints (`'10.0.0.1:9042'`,
 * `'[::1]:9042'`) or bare addresses: a bare-address key matches any port, and a bare-address
 * value keeps the advertised port. Endpoint keys are looked up before bare-address keys.
 *
 * @example
 * ```ts
 * const translator = new MapAddressTranslator({
 *   '10.0.0.1:9042': '127.0.0.1:19042',
 *   '10.0.0.2': '127.0.0.2',
 * });
 * translator.translate('10.0.0.2', 9042); // { address: '127.0.0.2', port: 9042 }
 * ```
 */
export class MapAddressTranslator implements AddressTranslator {
  private readonly table = new Map<string, { address: string; port: number | undefined }>();

  /** @throws InvalidOptionsError when an entry is not an address or an `address:port` endpoint */
  constructor(map: ReadonlyMap<string, string> | Readonly<Record<string, string>>) {
    const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
    for (const [from, to] of entries) {
      const source = parseAddress(from, 'key');
      const target = parseAddress(to, `value of '${from}'`);
      const key = source.port === undefined ? source.address : formatEndpoint(source.address, source.port);
      this.table.set(key, target);
    }
  }

  translate(address: string, port: number): TranslatedAddress {
    const target = this.table.get(formatEndpoint(address, port)) ?? this.table.get(address);
    if (target === undefined) return { address, port };
    return { address: target.address, port: target.port ?? port };
  }
}

const BRACKETED = /^\[([^\]]+)\](?::(\d+))?$/;
const HOST_PORT = /^([^:[\]]+):(\d+)$/;

/** Parses `addr`, `addr:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function parseAddress(text: string, what: string): { address: string; port: number | undefined } {
  const bracketed = BRACKETED.exec(text);
  const hostPort = bracketed ? null : HOST_PORT.exec(text);
  let address: string;
  let portText: string | undefined;
  if (bracketed) [, address = '', portText] = bracketed;
  else if (hostPort) [, address = '', portText] = hostPort;
  else address = text;
  const port = portText === undefined ? undefined : Number(portText);
  if (
    address.trim() === '' ||
    /\s|[[\]]/.test(address) ||
    (port !== undefined && (port < 1 || port > 65535))
  ) {
    throw new InvalidOptionsError(
      `MapAddressTranslator: ${what} '${text}' is not an address or an address:port endpoint ` +
        `(e.g. '10.0.0.1', '10.0.0.1:9042', '[::1]:9042')`,
    );
  }
  return { address, port };
}
