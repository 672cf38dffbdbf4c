/**
 * The token map: which nodes hold the replicas of a partition, per keyspace.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';
import { murmur3Token } from './murmur3';
import { placeReplicas } from './replication-placement';
import {
  parseReplicationOptions,
  replicationStrategyKey,
  type ReplicationOptions,
  type ReplicationStrategy,
} from './replication-strategy';
import { TokenRing } from './token-map-ring';

/** What a token map is built from. */
export interface TokenMapInit {
  /** The nodes of the cluster, with their tokens (decimal strings), data center and rack. */
  readonly hosts: Iterable<Host>;
  /** Replication settings by keyspace name (`system_schema.keyspaces.replication`). */
  readonly keyspaces?:
    ReadonlyMap<string, ReplicationOptions> | Readonly<Record<string, ReplicationOptions>> | undefined;
  /**
   * The cluster's partitioner class (`system.local.partitioner`). Only the Murmur3 partitioner
   * is supported; with any other, the map knows no replicas (token-aware routing falls back).
   * Default: Murmur3.
   */
  readonly partitioner?: string | undefined;
}

/** A keyspace's strategy and the key of the replica table it shares with same-configured keyspaces. */
interface KeyspacePlacement {
  readonly strategy: ReplicationStrategy;
  readonly tableKey: string;
}

/** Replica lists per ring position, filled on first use, one table per distinct strategy. */
type ReplicaTables = Map<string, (readonly Host[] | undefined)[]>;

const NO_REPLICAS: readonly Host[] = Object.freeze([]);

/**
 * An immutable map from partitions to their replicas. Replica lists are computed on first use for
 * each (ring position, replication configuration) and cached; keyspaces with the same replication
 * settings share the cache, and so do the maps derived with {@link TokenMap.withKeyspace} and
 * {@link TokenMap.withoutKeyspace}.
 *
 * Strategies: `SimpleStrategy`, `NetworkTopologyStrategy` (rack-aware, as Cassandra places
 * replicas), `EverywhereStrategy` (every node) and `LocalStrategy` (no replica: any node serves
 * node-local data). Unknown strategies and unknown keyspaces have no replicas.
 *
 * @example
 * ```ts
 * const map = TokenMap.build({
 *   hosts: cluster.hosts(),
 *   keyspaces: { shop: { class: 'NetworkTopologyStrategy', dc1: '3', dc2: '2' } },
 * });
 * const replicas = map.getReplicas('shop', routingKey); // readonly Host[], primary replica first
 * ```
 */
export class TokenMap {
  /** A map with no tokens and no keyspaces: every lookup returns no replicas. */
  static readonly EMPTY = new TokenMap(TokenRing.EMPTY, new Map(), new Map());

  private constructor(
    private readonly ring: TokenRing,
    private readonly keyspaces: ReadonlyMap<string, KeyspacePlacement>,
    private readonly tables: ReplicaTables,
  ) {}

  /** Builds a token map from the nodes' tokens and the keyspaces' replication settings. */
  static build(init: TokenMapInit): TokenMap {
    const supported = init.partitioner === undefined || init.partitioner.endsWith('Murmur3Partitioner');
    const ring = supported ? TokenRing.fromHosts(init.hosts) : TokenRing.EMPTY;
    const keyspaces = new Map<string, KeyspacePlacement>();
    const entries =
      init.keyspaces instanceof Map ? init.keyspaces.entries() : Object.entries(init.keyspaces ?? {});
    for (const [name, options] of entries) keyspaces.set(name, placementOf(options));
    return new TokenMap(ring, keyspaces, new Map());
  }

  /** Number of tokens on the ring. */
  get tokenCount(): number {
    return this.ring.size;
  }

  /** The nodes that own tokens, in the order of their first token. */
  get hosts(): readonly Host[] {
    return this.ring.hosts;
  }

  /** Names of the keyspaces the map knows. */
  keyspaceNames(): IterableIterator<string> {
    return this.keyspaces.keys();
  }

  /** The parsed replication strategy of a keyspace, or undefined when the keyspace is unknown. */
  strategyOf(keyspace: string): ReplicationStrategy | undefined {
    return this.keyspaces.get(keyspace)?.strategy;
  }

  /** Whether {@link TokenMap.getReplicas} can place replicas of `keyspace` (strategy and ring known). */
  placesReplicas(keyspace: string): boolean {
    return this.ring.size > 0 && this.keyspaces.has(keyspace);
  }

  /**
   * The replicas of a partition of `keyspace`, primary replica first then in ring order
   * (interleaving data centers as Cassandra does). Empty when the keyspace is unknown, its
   * strategy is `LocalStrategy` or unsupported, or the ring has no tokens.
   *
   * The returned array is frozen and shared: copy it before reordering.
   *
   * @param routingKeyOrToken - the partition's routing key (hashed with Murmur3), or its token
   */
  getReplicas(keyspace: string, routingKeyOrToken: Uint8Array | bigint): readonly Host[] {
    const placement = this.keyspaces.get(keyspace);
    if (placement === undefined || this.ring.size === 0) return NO_REPLICAS;
    const token = typeof routingKeyOrToken === 'bigint' ? routingKeyOrToken : murmur3Token(routingKeyOrToken);
    const index = this.ring.indexOf(token);
    let table = this.tables.get(placement.tableKey);
    if (table === undefined) {
      table = new Array<readonly Host[] | undefined>(this.ring.size);
      this.tables.set(placement.tableKey, table);
    }
    let replicas = table[index];
    if (replicas === undefined) {
      const placed = placeReplicas(this.ring, index, placement.strategy);
      replicas = placed.length === 0 ? NO_REPLICAS : Object.freeze(placed);
      table[index] = replicas;
    }
    return replicas;
  }

  /**
   * A map with `keyspace` added or its replication settings replaced. The ring and every cached
   * replica list are shared with this map.
   */
  withKeyspace(keyspace: string, options: ReplicationOptions): TokenMap {
    const keyspaces = new Map(this.keyspaces);
    keyspaces.set(keyspace, placementOf(options));
    return new TokenMap(this.ring, keyspaces, this.tables);
  }

  /** A map without `keyspace`, sharing the ring and the cached replica lists with this map. */
  withoutKeyspace(keyspace: string): TokenMap {
    if (!this.keyspaces.has(keyspace)) return this;
    const keyspaces = new Map(this.keyspaces);
    keyspaces.delete(keyspace);
    return new TokenMap(this.ring, keyspaces, this.tables);
  }
}

function placementOf(options: ReplicationOptions): KeyspacePlacement {
  const strategy = parseReplicationOptions(options);
  return { strategy, tableKey: replicationStrategyKey(strategy) };
}
