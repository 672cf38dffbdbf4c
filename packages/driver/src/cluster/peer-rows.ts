/**
 * Node descriptions from `system.local`, `system.peers_v2` and `system.peers` rows.
 *
 * @packageDocumentation
 */

import type { AddressTranslator } from '../policies/address-translator';
import type { HostInit } from './host';
import type { SystemRow } from './system-query';

/** The descriptive fields of a node (everything but its address and port). */
export type HostInfo = Omit<HostInit, 'address' | 'port'>;

/** A peer row turned into a host description, or why it was skipped. @internal */
export type PeerParse =
  | {
      readonly ok: true;
      /** Translated address and port, and the descriptive fields. */
      readonly init: HostInit;
      /** The descriptive fields alone. */
      readonly info: HostInfo;
      readonly schemaVersion: string | undefined;
    }
  | { readonly ok: false; readonly reason: string };

const UNSPECIFIED = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** Text of a decoded value (InetAddress, Uuid, string…); undefined for null/absent. */
function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? undefined : s;
}

function tokensOf(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const list = value instanceof Set ? [...(value as Set<unknown>)] : Array.isArray(value) ? value : undefined;
  return list?.map((t) => String(t));
}

/**
 * The descriptive fields of a node from its `system.local` or `system.peers(_v2)` row.
 *
 * @internal
 */
export function hostInfoOf(row: SystemRow): HostInfo {
  return {
    datacenter: text(row['data_center']),
    rack: text(row['rack']),
    hostId: text(row['host_id']),
    releaseVersion: text(row['release_version']),
    tokens: tokensOf(row['tokens']),
  };
}

/**
 * A host description from a `system.peers_v2` row (`native_address`/`native_port`) or a
 * `system.peers` row (`rpc_address`, the cluster's port), translated. Rows without an address or
 * a host id are skipped (a node being removed or bootstrapping), as are rows without data center
 * or rack, which the load-balancing policies cannot place.
 *
 * @param defaultPort - the native port to use when the row has none (`system.peers`)
 * @internal
 */
export function parsePeerRow(row: SystemRow, translator: AddressTranslator, defaultPort: number): PeerParse {
  const peer = text(row['peer']);
  let address = text(row['native_address']) ?? text(row['rpc_address']);
  if (address === undefined || UNSPECIFIED.has(address)) address = peer;
  const where = `peer ${peer ?? '?'}`;
  if (address === undefined) return { ok: false, reason: `${where} has no address` };
  const info = hostInfoOf(row);
  if (info.hostId === undefined) return { ok: false, reason: `${where} has no host_id` };
  if (info.datacenter === undefined || info.rack === undefined) {
    return { ok: false, reason: `${where} has no data_center or rack` };
  }
  const portValue = row['native_port'];
  const port = typeof portValue === 'number' && portValue > 0 ? portValue : defaultPort;
  const translated = translator.translate(address, port);
  return {
    ok: true,
    init: { ...info, address: translated.address, port: translated.port },
    info,
    schemaVersion: text(row['schema_version']),
  };
}

/**
 * The schema version a `system.local` / `system.peers` row reports.
 *
 * @internal
 */
export function schemaVersionOf(row: SystemRow): string | undefined {
  return text(row['schema_version']);
}
