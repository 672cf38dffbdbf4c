/**
 * The cluster's tablets (ScyllaDB): the tablet map learned from results' `tablets-routing-v1`
 * payloads, kept in step with the cluster: tablets of dropped tables and keyspaces go, those on
 * hosts that left go, unknown host ids are resolved when the hosts appear, and tablets of
 * keyspaces that no longer use tablets (`system_schema.scylla_keyspaces`) go.
 *
 * Holds no connection: queries run through the control connection given to `maintain`.
 *
 * @packageDocumentation
 */

import { Buffer } from 'node:buffer';
import type { PolicyLogger } from '../policies/policy-logger';
import type { SchemaChange } from '../protocol/messages';
import { decodeTabletsRoutingV1 } from '../protocol/tablets-payload';
import { TabletMap } from '../routing/tablet-map';
import type { Host } from './host';
import type { ControlQuery } from './node-discovery';

/** Keyspaces that use tablets: those with a non-null `initial_tablets`. */
const TABLET_KEYSPACES_QUERY = 'SELECT keyspace_name, initial_tablets FROM system_schema.scylla_keyspaces';

/**
 * The tablet map of one cluster, and its upkeep.
 *
 * @example
 * ```ts
 * tablets.learn('shop', 'orders', payload.get('tablets-routing-v1')!);
 * tablets.map.find('shop', 'orders', token)?.replicas;
 * ```
 * @internal
 */
export class ClusterTablets {
  /** The tablets known (consulted on every request to a table that has some). */
  readonly map = new TabletMap();
  private warned = false;

  constructor(
    private readonly hosts: () => readonly Host[],
    private readonly logger: PolicyLogger,
  ) {}

  /**
   * Files the tablet of a `tablets-routing-v1` payload value under the table of the statement
   * that received it. A malformed value is ignored (with one warning): routing falls back to the
   * token ring.
   */
  learn(keyspace: string, table: string, value: Buffer): void {
    let tablet;
    try {
      tablet = decodeTabletsRoutingV1(value);
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(`ignoring a tablets-routing-v1 payload for ${keyspace}.${table}: ${String(error)}`);
      }
      return;
    }
    this.map.add(keyspace, table, tablet, (id) => this.hostById(id));
  }

  /** A schema change: tablets of a dropped table or keyspace are forgotten. */
  schemaChanged(change: SchemaChange): void {
    if (change.change !== 'DROPPED' || this.map.size === 0) return;
    if (change.target === 'KEYSPACE') this.map.dropKeyspace(change.keyspace);
    else if (change.target === 'TABLE') this.map.dropTable(change.keyspace, change.name);
  }

  /**
   * After a topology refresh: resolves replicas by host id again (tablets on hosts that left are
   * dropped) and drops the tablets of keyspaces that no longer use tablets. Nothing to do (and no
   * query) while no tablet is known.
   */
  async maintain(query: ControlQuery): Promise<void> {
    if (this.map.size === 0) return;
    const rows = await query(TABLET_KEYSPACES_QUERY);
    const tabletKeyspaces = new Set(
      rows.filter((row) => row['initial_tablets'] != null).map((row) => String(row['keyspace_name'])),
    );
    this.map.maintain({
      resolve: (id) => this.hostById(id),
      tabletKeyspaces,
      tableExists: () => true,
    });
  }

  private hostById(hostId: string): Host | undefined {
    return this.hosts().find((host) => host.hostId === hostId);
  }
}
