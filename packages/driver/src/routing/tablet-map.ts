/**
 * The tablet map: for tables of ScyllaDB keyspaces that use tablets, which replicas (node and
 * shard) own a token range. Learned one tablet at a time from the `tablets-routing-v1` payloads
 * of results (see `protocol/tablets-payload.ts`) and consulted before the token ring.
 *
 * Never holds I/O or the payload decoding.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';
import type { TabletReplica, TabletRouting } from '../protocol/tablets-payload';
import { firstTokenAtLeast } from './token-map-ring';

/** A replica of a tablet, with its host once the host id is known. */
export interface TabletMapReplica extends TabletReplica {
  /** The node, `undefined` while no known host has the replica's host id. */
  readonly host: Host | undefined;
}

/** A tablet as the map holds it. */
export interface Tablet {
  /** Exclusive lower bound of the token range. */
  readonly firstToken: bigint;
  /** Inclusive upper bound of the token range. */
  readonly lastToken: bigint;
  /** The replicas, in the server's order. */
  readonly replicas: readonly TabletMapReplica[];
}

/** Looks a host up by its host id. */
export type HostIdResolver = (hostId: string) => Host | undefined;

/** What a refresh of the topology and schema tells the map to keep. */
export interface TabletMaintenance {
  /** Finds hosts by host id (hosts that left the cluster are not found). */
  readonly resolve: HostIdResolver;
  /** Keyspaces that use tablets; tablets of other keyspaces are dropped. */
  readonly tabletKeyspaces: ReadonlySet<string>;
  /** Whether a table still exists; tablets of dropped tables are dropped. */
  readonly tableExists: (keyspace: string, table: string) => boolean;
}

/** Tablets of one table, sorted by token. */
class TableTablets {
  /** `lastToken` of each tablet, ascending (the binary search runs on it). */
  lastTokens: bigint[] = [];
  tablets: Tablet[] = [];

  /** The tablet whose range holds `token`. */
  find(token: bigint): Tablet | undefined {
    const tablet = this.tablets[firstTokenAtLeast(this.lastTokens, token)];
    return tablet !== undefined && token > tablet.firstToken ? tablet : undefined;
  }

  /** Inserts `tablet`, first removing every tablet whose range overlaps it. */
  insert(tablet: Tablet): void {
    const kept: Tablet[] = [];
    let at = -1;
    for (const t of this.tablets) {
      if (t.firstToken < tablet.lastToken && tablet.firstToken < t.lastToken) continue; // overlaps
      if (at < 0 && t.firstToken >= tablet.lastToken) at = kept.length;
      kept.push(t);
    }
    kept.splice(at < 0 ? kept.length : at, 0, tablet);
    this.set(kept);
  }

  set(tablets: Tablet[]): void {
    this.tablets = tablets;
    this.lastTokens = tablets.map((t) => t.lastToken);
  }
}

/**
 * The tablets known per (keyspace, table). Lookups are a binary search over the table's tablets;
 * adding a tablet replaces every cached tablet it overlaps (the server moved or split them).
 *
 * @example
 * ```ts
 * const map = new TabletMap();
 * map.add('shop', 'orders', decodeTabletsRoutingV1(payload), (id) => hostsById.get(id));
 * map.find('shop', 'orders', token)?.replicas[0]; // { hostId, shard, host }
 * ```
 */
export class TabletMap {
  private readonly tables = new Map<string, Map<string, TableTablets>>();
  private count = 0;

  /** Number of tablets held. */
  get size(): number {
    return this.count;
  }

  /** Whether tablets of this table are known. */
  hasTablets(keyspace: string, table: string): boolean {
    return (this.tables.get(keyspace)?.get(table)?.tablets.length ?? 0) > 0;
  }

  /** The tablet holding `token` in the table, if known. */
  find(keyspace: string, table: string, token: bigint): Tablet | undefined {
    return this.tables.get(keyspace)?.get(table)?.find(token);
  }

  /** The tablets known for a table, in token order. */
  tabletsOf(keyspace: string, table: string): readonly Tablet[] {
    return this.tables.get(keyspace)?.get(table)?.tablets ?? [];
  }

  /** Caches a tablet learned for a table, replacing the cached tablets it overlaps. */
  add(keyspace: string, table: string, tablet: TabletRouting, resolve: HostIdResolver): void {
    let byTable = this.tables.get(keyspace);
    if (byTable === undefined) {
      byTable = new Map();
      this.tables.set(keyspace, byTable);
    }
    let tablets = byTable.get(table);
    if (tablets === undefined) {
      tablets = new TableTablets();
      byTable.set(table, tablets);
    }
    const before = tablets.tablets.length;
    tablets.insert({
      firstToken: tablet.firstToken,
      lastToken: tablet.lastToken,
      replicas: tablet.replicas.map((r) => ({ hostId: r.hostId, shard: r.shard, host: resolve(r.hostId) })),
    });
    this.count += tablets.tablets.length - before;
  }

  /** Forgets the tablets of one table. */
  dropTable(keyspace: string, table: string): void {
    const byTable = this.tables.get(keyspace);
    const tablets = byTable?.get(table);
    if (byTable === undefined || tablets === undefined) return;
    this.count -= tablets.tablets.length;
    byTable.delete(table);
    if (byTable.size === 0) this.tables.delete(keyspace);
  }

  /** Forgets the tablets of every table of a keyspace. */
  dropKeyspace(keyspace: string): void {
    for (const table of [...(this.tables.get(keyspace)?.keys() ?? [])]) this.dropTable(keyspace, table);
  }

  /** Forgets everything. */
  clear(): void {
    this.tables.clear();
    this.count = 0;
  }

  /**
   * After a topology or schema refresh: drops the tablets of keyspaces that do not use tablets
   * and of dropped tables, drops tablets with a replica on a host that left the cluster (a host
   * that was resolved before and is not found any more), and resolves replicas whose host was
   * unknown.
   */
  maintain(maintenance: TabletMaintenance): void {
    for (const [keyspace, byTable] of [...this.tables]) {
      if (!maintenance.tabletKeyspaces.has(keyspace)) {
        this.dropKeyspace(keyspace);
        continue;
      }
      for (const [table, tablets] of [...byTable]) {
        if (!maintenance.tableExists(keyspace, table)) {
          this.dropTable(keyspace, table);
          continue;
        }
        const kept: Tablet[] = [];
        for (const tablet of tablets.tablets) {
          const replicas = tablet.replicas.map((r) => ({ ...r, host: maintenance.resolve(r.hostId) }));
          const lostHost = replicas.some(
            (r, i) => r.host === undefined && tablet.replicas[i]!.host !== undefined,
          );
          if (!lostHost) kept.push({ ...tablet, replicas });
        }
        this.count -= tablets.tablets.length - kept.length;
        tablets.set(kept);
        if (kept.length === 0) this.dropTable(keyspace, table);
      }
    }
  }
}
