/**
 * Node discovery: the control connection's view of the ring, from `system.local` and
 * `system.peers_v2` (or `system.peers` on servers without it).
 *
 * @packageDocumentation
 */

import { InvalidRequestError } from '../errors';
import type { AddressTranslator } from '../policies/address-translator';
import type { PolicyLogger } from '../policies/policy-logger';
import type { Params } from '../request/value-binder';
import { Host } from './host';
import type { HostRegistry } from './host-registry';
import { hostInfoOf, parsePeerRow } from './peer-rows';
import type { SystemRow } from './system-query';

/** Runs a query on the control connection. @internal */
export type ControlQuery = (cql: string, params?: Params) => Promise<SystemRow[]>;

/** What a node refresh changed. @internal */
export interface NodeRefreshResult {
  /** Hosts added, removed, or whose tokens changed (the token map must be rebuilt). */
  readonly ringChanged: boolean;
  /** The partitioner of the cluster (`system.local.partitioner`). */
  readonly partitioner: string | undefined;
}

const LOCAL_QUERY = "SELECT * FROM system.local WHERE key = 'local'";
const PEERS_V2_QUERY = 'SELECT * FROM system.peers_v2';
const PEERS_QUERY = 'SELECT * FROM system.peers';

/**
 * Reads the nodes of the cluster and applies them to the host registry: new nodes are added, known
 * ones updated (data center, rack, version, tokens), vanished ones removed.
 *
 * @internal
 */
export class NodeDiscovery {
  /** Whether `system.peers_v2` exists; learned on the first refresh. */
  private peersV2: boolean | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly registry: HostRegistry,
    private readonly translator: AddressTranslator,
    private readonly logger: PolicyLogger,
  ) {}

  /** Forgets what was learned about the server (after the control connection moved). */
  reset(): void {
    this.peersV2 = undefined;
  }

  /**
   * Refreshes the node list through `query` (run on `controlHost`). Peers are matched to known
   * hosts by endpoint; `defaultPort` is used for `system.peers` rows, which carry no port.
   */
  async refresh(query: ControlQuery, controlHost: Host, defaultPort: number): Promise<NodeRefreshResult> {
    const [localRows, peerRows] = await Promise.all([query(LOCAL_QUERY), this.queryPeers(query)]);
    const local = localRows[0];
    let ringChanged = false;
    if (local !== undefined && this.registry.get(controlHost.endpoint) === controlHost) {
      ringChanged = this.registry.update(controlHost, hostInfoOf(local)) || ringChanged;
    }
    const found = new Set<string>([controlHost.endpoint]);
    for (const row of peerRows) {
      const parsed = parsePeerRow(row, this.translator, defaultPort);
      if (!parsed.ok) {
        this.warnOnce(`ignoring a row of the peers table: ${parsed.reason}`);
        continue;
      }
      const candidate = new Host(parsed.init);
      found.add(candidate.endpoint);
      const known = this.registry.get(candidate.endpoint);
      if (known === undefined) {
        this.registry.add(candidate);
        ringChanged = true;
      } else {
        ringChanged = this.registry.update(known, parsed.info) || ringChanged;
      }
    }
    for (const host of this.registry.all()) {
      if (found.has(host.endpoint)) continue;
      if (host.hostId === undefined) {
        this.logger.warn(
          `contact point ${host.endpoint} is not listed in ${controlHost.endpoint}'s system.peers; ` +
            'it is not used (it may advertise another address, see the addressTranslator option)',
        );
      }
      this.registry.remove(host);
      ringChanged = true;
    }
    const partitioner = local?.['partitioner'];
    return { ringChanged, partitioner: typeof partitioner === 'string' ? partitioner : undefined };
  }

  /**
   * Reads `system.peers_v2`, or `system.peers` when the server has no `peers_v2` (remembered).
   *
   * @param columns - the columns to select from each table (default all)
   */
  async queryPeers(query: ControlQuery, columns?: { v2: string; v1: string }): Promise<SystemRow[]> {
    if (this.peersV2 !== false) {
      try {
        const rows = await query(columns ? `SELECT ${columns.v2} FROM system.peers_v2` : PEERS_V2_QUERY);
        this.peersV2 = true;
        return rows;
      } catch (error) {
        // Cassandra < 4.0 and ScyllaDB: "unconfigured table peers_v2".
        if (!(error instanceof InvalidRequestError)) throw error;
        this.peersV2 = false;
      }
    }
    return query(columns ? `SELECT ${columns.v1} FROM system.peers` : PEERS_QUERY);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.logger.warn(message);
  }
}
