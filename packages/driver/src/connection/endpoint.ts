/**
 * A node's address as text, `host:port` with IPv6 addresses in brackets (`[::1]:9042`): the
 * identity of a `Host` and the name of a connection in every message. Never holds the parsing of
 * contact points (`options-validation.ts`).
 *
 * @packageDocumentation
 */

/**
 * Formats `host:port`, bracketing IPv6 addresses.
 *
 * @example
 * ```ts
 * formatEndpoint('10.0.0.1', 9042); // '10.0.0.1:9042'
 * formatEndpoint('::1', 9042); // '[::1]:9042'
 * ```
 * @internal
 */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
