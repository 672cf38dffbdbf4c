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
    if (cluster === undefined || keyspace === undefined) return this.child.newQueryPlan(info);
    const tablet = info.tablet;
    // Without a tablet or a token map for the keyspace there is nothing to route by: the
    // partition key is not even hashed (a statement's token is computed on first read).
    if (tablet === undefined && cluster.placesReplicas?.(keyspace) === false) {
      return this.child.newQueryPlan(info);
    }
    const key = info.token ?? info.routingKey;
    if (key === undefined) return this.child.newQueryPlan(info);
    const preferred: Host[] = [];
    if (tablet !== undefined) {
      // ScyllaDB tablets: the tablet's replicas, in the server's order
      for (const { host } of tablet.replicas) {
        if (host !== undefined && host.isUp && this.child.distance(host) === 'local') preferred.push(host);
      }
    } else {
      const replicas = cluster.getReplicas(keyspace, key);
      for (let i = 0; i < replicas.length; i++) {
        const replica = replicas[i] as Host;
        if (replica.isUp && this.child.distance(replica) === 'local') preferred.push(replica);
      }
    }
    // No local replica known (no token map yet, or all down): the child's plan as it is.
    if (preferred.length === 0) return this.child.newQueryPlan(info);
    if (this.shuffleReplicas && preferred.length > 1 && !routesAsLwt(info)) shuffle(preferred, this.random);
    return new TokenAwarePlan(preferred, this.child, info);
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
}

/**
 * One request's token-aware plan: the local replicas first, then the child's plan without them
 * (created only if every replica was tried). A class rather than a generator (~0.4 KB per request).
 */
class TokenAwarePlan implements IterableIterator<Host> {
  private index = 0;
  private rest: Iterator<Host> | undefined = undefined;

  constructor(
    private readonly preferred: readonly Host[],
    private readonly child: LoadBalancingPolicy,
    private readonly info: RoutingInfo,
  ) {}

  [Symbol.iterator](): IterableIterator<Host> {
    return this;
  }

  next(): IteratorResult<Host, undefined> {
    const preferred = this.preferred;
    if (this.index < preferred.length) return { value: preferred[this.index++]!, done: false };
    this.rest ??= this.child.newQueryPlan(this.info)[Symbol.iterator]();
    for (;;) {
      const next = this.rest.next();
      if (next.done) return { value: undefined, done: true };
      const host = next.value;
      if (!preferred.some((replica) => replica.endpoint === host.endpoint)) return next;
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
