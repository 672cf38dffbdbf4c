/**
 * A point-in-time view of the whole cluster, as the ScyllaDB Rust driver's `get_cluster_state()`.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from './host';
import type { TokenMap } from '../routing/token-map';

/**
 * One host as it was when the {@link ClusterState} was taken.
 *
 * @example
 * ```ts
 * const down = cluster.getClusterState().hosts.filter((h: HostState) => !h.isUp).map((h) => h.endpoint);
 * ```
 */
export interface HostState {
  /** The live host object (its fields keep changing after the snapshot). */
  readonly host: Host;
  /** `address:port`. */
  readonly endpoint: string;
  readonly datacenter: string | undefined;
  readonly rack: string | undefined;
  readonly hostId: string | undefined;
  readonly releaseVersion: string | undefined;
  /** Tokens owned by the node (decimal strings). */
  readonly tokens: readonly string[];
  /** Whether the driver considered the node up. */
  readonly isUp: boolean;
  /** The node's distance according to the load-balancing policy. */
  readonly distance: HostDistance;
  /** Open connections to the node over every session of the cluster (control connection excluded). */
  readonly openConnections: number;
  /** ScyllaDB: the node's shards, once a shard-aware pool connected to it (`undefined` otherwise). */
  readonly shards: number | undefined;
  /** ScyllaDB: open connections to each shard, over every session (`undefined` without shards). */
  readonly connectionsPerShard: readonly number[] | undefined;
}

/**
 * An immutable snapshot of the cluster: hosts with their state, the schema and the token map, all
 * taken at the same moment. Later changes produce new snapshots; this one never changes.
 *
 * @example
 * ```ts
 * const state = cluster.getClusterState();
 * for (const h of state.hosts) console.log(h.endpoint, h.datacenter, h.isUp ? 'UP' : 'DOWN');
 * state.getReplicas('shop', routingKey).map((h) => h.endpoint);
 * state.schema.keyspace('shop')?.exportAsString();
 * ```
 */
export interface ClusterState<S> {
  /** Every known host, in discovery order. */
  readonly hosts: readonly HostState[];
  /** The host the control connection is on, if connected. */
  readonly controlHost: Host | undefined;
  /** The negotiated protocol version, once connected. */
  readonly protocolVersion: number | undefined;
  /** The schema model. */
  readonly schema: S;
  /** The token map (empty when token metadata is off). */
  readonly tokenMap: TokenMap;
  /** The cluster's partitioner class, once known. */
  readonly partitioner: string | undefined;
  /** Replicas of a partition of `keyspace`, primary first, by routing key or token. */
  getReplicas(keyspace: string, routingKeyOrToken: Uint8Array | bigint): readonly Host[];
}

/** What a snapshot is taken from. @internal */
export interface ClusterStateSource<S> {
  readonly hosts: readonly Host[];
  readonly controlHost: Host | undefined;
  readonly protocolVersion: number | undefined;
  readonly schema: S;
  readonly tokenMap: TokenMap;
  readonly partitioner: string | undefined;
  distance(host: Host): HostDistance;
  openConnections(host: Host): number;
  connectionsPerShard(host: Host): readonly number[] | undefined;
}

/** Takes a frozen snapshot. @internal */
export function captureClusterState<S>(source: ClusterStateSource<S>): ClusterState<S> {
  const hosts = source.hosts.map((host): HostState => {
    const perShard = source.connectionsPerShard(host);
    return Object.freeze({
      host,
      endpoint: host.endpoint,
      datacenter: host.datacenter,
      rack: host.rack,
      hostId: host.hostId,
      releaseVersion: host.releaseVersion,
      tokens: host.tokens,
      isUp: host.isUp,
      distance: source.distance(host),
      openConnections: source.openConnections(host),
      shards: perShard?.length,
      connectionsPerShard: perShard === undefined ? undefined : Object.freeze([...perShard]),
    });
  });
  const tokenMap = source.tokenMap;
  return Object.freeze({
    hosts: Object.freeze(hosts),
    controlHost: source.controlHost,
    protocolVersion: source.protocolVersion,
    schema: source.schema,
    tokenMap,
    partitioner: source.partitioner,
    getReplicas: (keyspace: string, key: Uint8Array | bigint) => tokenMap.getReplicas(keyspace, key),
  });
}
