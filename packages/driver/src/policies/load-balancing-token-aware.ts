/**
 * Token-aware load balancing: replicas of the partition first.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from '../cluster/host';
import {
  bindCluster,
  routesAsLwt,
  type ClusterView,
  type LoadBalancingPolicy,
  type RoutingInfo,
} from './load-balancing';

/** Options of {@link TokenAwarePolicy}. */
export interface TokenAwareOptions {
  /**
   * Try the replicas in random order, spreading the load of hot partitions over all replicas.
   * Requests routed as LWT (see `routesAsLwt`) always keep the ring order. Default true.
   */
  readonly shuffleReplicas?: boolean | undefined;
  /** Random source in [0, 1) for the shuffle; inject a seeded one for reproducible tests. */
  readonly random?: (() => number) | undefined;
}

/**
 * Wraps another policy and puts the replicas of the request's partition first: the replicas that
 * are up and that the child policy considers `local` (so with a DC-aware child, the local-DC
 * replicas), then the child's plan without those hosts.
 *
 * Replicas are shuffled unless `shuffleReplicas` is false; lightweight transactions keep the ring
 * order (primary replica first) so that every client contends on the same Paxos coordinator.
 * With ScyllaDB tablets, the replicas of the partition's tablet (when the driver has learned it)
 * take the place of the token ring's.
 * Without a keyspace and a routing key or token, or when no local replica is up, the child's plan
 * is used as is. The replicas are looked up when the plan is created; the child's plan only once
 * they have all been tried.
 *
 * @example
 * ```ts
 * const policy = new TokenAwarePolicy(new DCAwareRoundRobinPolicy({ localDc: 'dc1' }));
 * ```
 */
export class TokenAwarePolicy implements LoadBalancingPolicy {
  private cluster: ClusterView | undefined;
  private readonly shuffleReplicas: boolean;
  private readonly random: () => number;

  constructor(
    /** The policy giving the order of the non-replica hosts, and the distances. */
    readonly child: LoadBalancingPolicy,
    options: TokenAwareOptions = {},
  ) {
    this.shuffleReplicas = options.shuffleReplicas ?? true;
    this.random = options.random ?? Math.random;
  }

  useContactPoints(contactPoints: readonly Host[]): void {
    this.child.useContactPoints?.(contactPoints);
  }

  init(cluster: ClusterView): void {
    this.cluster = bindCluster(this.cluster, cluster, 'TokenAwarePolicy');
    this.child.init(cluster);
  }

  distance(host: Host): HostDistance {
    return this.child.distance(host);
  }

  newQueryPlan(info: RoutingInfo): Iterable<Host> {
    const cluster = this.cluster;
    const keyspace = info.keyspace;
    const key = info.token ?? info.routingKey;
    if (cluster === undefined || keyspace === undefined || key === undefined) {
      return this.child.newQueryPlan(info);
    }
    const preferred: Host[] = [];
    const tablet = info.tablet;
    if (tablet !== undefined) {
      // ScyllaDB tablets: the tablet's replicas, in the server's order
      for (const { host } of tablet.replicas) {
        if (host !== undefined && host.isUp && this.child.distance(host) === 'local') preferred.push(host);
      }
    } else {
      for (const replica of cluster.getReplicas(keyspace, key)) {
        if (replica.isUp && this.child.distance(replica) === 'local') preferred.push(replica);
      }
    }
    // No local replica known (no token map yet, or all down): the child's plan as it is.
    if (preferred.length === 0) return this.child.newQueryPlan(info);
    if (this.shuffleReplicas && preferred.length > 1 && !routesAsLwt(info)) shuffle(preferred, this.random);
    return this.plan(preferred, info);
  }

  onAdd(host: Host): void {
    this.child.onAdd(host);
  }

  onRemove(host: Host): void {
    this.child.onRemove(host);
  }

  onUp(host: Host): void {
    this.child.onUp(host);
  }

  onDown(host: Host): void {
    this.child.onDown(host);
  }

  /** The local replicas first, then the child's plan without them. */
  private *plan(preferred: readonly Host[], info: RoutingInfo): Generator<Host, void, undefined> {
    yield* preferred;
    // The child's plan is created only if every preferred replica was tried.
    for (const host of this.child.newQueryPlan(info)) {
      if (!preferred.some((replica) => replica.endpoint === host.endpoint)) yield host;
    }
  }
}

/** Fisher–Yates shuffle in place. */
function shuffle(hosts: Host[], random: () => number): void {
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = hosts[i]!;
    hosts[i] = hosts[j]!;
    hosts[j] = swap;
  }
}
