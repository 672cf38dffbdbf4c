/**
 * The load-balancing contract: for each request, a lazily computed query plan (the hosts to try,
 * in order), and for each host a distance that sizes its connection pool.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from '../cluster/host';
import type { Tablet } from '../routing/tablet-map';
import { isSerialConsistency } from '../consistency';
import { InvalidOptionsError } from '../errors';

/**
 * What a load-balancing policy knows about the request it plans for.
 *
 * For statements the driver passes an object whose `routingKey` and `token` are accessors,
 * computed on first read (a plan that never reads them costs no hashing): read fields by name;
 * a copy made with `{ ...info }` would not carry them.
 */
export interface RoutingInfo {
  /** Keyspace of the statement (or the session's keyspace). */
  readonly keyspace?: string | undefined;
  /** Routing key (serialized partition key) of the statement, when known. */
  readonly routingKey?: Uint8Array | undefined;
  /** Token of the partition; takes precedence over `routingKey` when both are given. */
  readonly token?: bigint | undefined;
  /** Table of the statement (of a prepared statement: from its metadata). */
  readonly table?: string | undefined;
  /**
   * ScyllaDB: the tablet holding the partition, when the table uses tablets and the driver has
   * learned it; its replicas (node and shard) come before the token ring's.
   */
  readonly tablet?: Tablet | undefined;
  /** The statement is a lightweight transaction (`IF ...`), e.g. from the prepared metadata. */
  readonly isLwt?: boolean | undefined;
  /** Consistency of the request (SERIAL / LOCAL_SERIAL make it route as an LWT). */
  readonly consistency?: number | undefined;
}

/** The part of the cluster a load-balancing policy sees: the hosts and the token map. */
export interface ClusterView {
  /** Every known host (up or down). */
  hosts(): readonly Host[];
  /**
   * Replicas of a partition, primary first (see `TokenMap.getReplicas`); empty when unknown.
   * The array may be shared: policies copy it before reordering.
   */
  getReplicas(keyspace: string, routingKeyOrToken: Uint8Array | bigint): readonly Host[];
  /**
   * Whether {@link ClusterView.getReplicas} can name replicas of `keyspace` now (its replication
   * and the ring are known). `false` lets a policy skip hashing the partition key; absent: unknown.
   */
  placesReplicas?(keyspace: string): boolean;
}

/**
 * Decides which hosts a request goes to, and in what order.
 *
 * Lifecycle: the cluster calls {@link LoadBalancingPolicy.useContactPoints} (when implemented)
 * with the contact points it connected to, then {@link LoadBalancingPolicy.init} once the hosts
 * are known, then the host events. The cluster updates `Host.isUp` *before* calling `onUp` /
 * `onDown`, and policies read `isUp` when a plan is iterated. A policy instance belongs to one
 * cluster: create one per cluster.
 *
 * @example
 * ```ts
 * const policy = new TokenAwarePolicy(new DCAwareRoundRobinPolicy({ localDc: 'dc1' }));
 * policy.init(cluster);
 * for (const host of policy.newQueryPlan({ keyspace: 'shop', routingKey })) {
 *   if (await tryOn(host)) break; // later hosts are computed only if needed
 * }
 * ```
 */
export interface LoadBalancingPolicy {
  /** Called once when the cluster has connected and knows its hosts. */
  init(cluster: ClusterView): void;
  /**
   * Optional: called before `init` with the contact points the cluster connected to, so a
   * policy can infer the local data center from them.
   */
  useContactPoints?(contactPoints: readonly Host[]): void;
  /** How far `host` is: `local` and `remote` hosts get connection pools, `ignored` ones do not. */
  distance(host: Host): HostDistance;
  /**
   * The hosts to try for one request, best first. Lazy: each host is computed when the iterator
   * is advanced to it, so a request that succeeds on the first host pays for one host only.
   */
  newQueryPlan(info: RoutingInfo): Iterable<Host>;
  /** A host joined the cluster. */
  onAdd(host: Host): void;
  /** A host left the cluster. */
  onRemove(host: Host): void;
  /** A host came back up (`host.isUp` is already true). */
  onUp(host: Host): void;
  /** A host went down (`host.isUp` is already false). */
  onDown(host: Host): void;
}

/**
 * Whether a request must be routed as a lightweight transaction: replicas in a deterministic
 * order so that every client reaches the same Paxos coordinator first. True for statements marked
 * as LWT and for requests at SERIAL / LOCAL_SERIAL consistency.
 *
 * @example
 * ```ts
 * routesAsLwt({ consistency: Consistency.SERIAL }); // true
 * ```
 */
export function routesAsLwt(info: RoutingInfo): boolean {
  return info.isLwt === true || (info.consistency !== undefined && isSerialConsistency(info.consistency));
}

/**
 * Records the cluster a policy is initialised with, refusing a second, different one (policies
 * hold per-cluster state, and sharing one instance between clusters corrupts it).
 *
 * @internal
 */
export function bindCluster(
  current: ClusterView | undefined,
  next: ClusterView,
  policy: string,
): ClusterView {
  if (current !== undefined && current !== next) {
    throw new InvalidOptionsError(
      `${policy} is already initialised for another cluster; create one load-balancing policy per cluster`,
    );
  }
  return next;
}
