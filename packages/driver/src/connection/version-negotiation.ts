import { ServerProtocolError } from '../errors';
import { ProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from '../protocol/opcodes';

/**
 * Protocol version negotiation. A server that does not speak the version of the first message
 * answers ERROR 0x000A, e.g. `Invalid or unsupported protocol version (5); supported versions
 * are (3/v3, 4/v4)`, and closes the connection; the client reconnects with a lower version.
 *
 * @packageDocumentation
 */

/**
 * Messages of a version refusal: Cassandra's `Invalid or unsupported protocol version (5); …` and
 * `Beta version of the protocol used (6/v6-beta), but USE_BETA flag is unset`, ScyllaDB's and
 * older Cassandras' `Invalid or unsupported protocol version: 5`.
 */
const VERSION_REFUSAL = /protocol version|version of the protocol/i;

/**
 * When `error` is the server refusing `tried`, the next version to try (the highest lower one,
 * using the supported list of the message when there is one); `null` when none is left;
 * `undefined` when `error` is not a version refusal.
 *
 * @internal
 */
export function nextVersionAfterRejection(
  error: unknown,
  tried: ProtocolVersion,
): ProtocolVersion | null | undefined {
  if (!(error instanceof ServerProtocolError) || !VERSION_REFUSAL.test(error.serverMessage)) return undefined;
  const list = /supported versions are (.*)$/i.exec(error.serverMessage)?.[1] ?? '';
  const listed = [...list.matchAll(/(\d+)\/v\d+/g)].map((m) => Number(m[1]));
  const candidates = SUPPORTED_PROTOCOL_VERSIONS.filter(
    (v) => v < tried && (listed.length === 0 || listed.includes(v)),
  );
  return candidates[0] ?? null;
}
