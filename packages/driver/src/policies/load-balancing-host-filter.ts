/**
 * Load-balancing wrappers that keep some hosts out of every plan.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from '../cluster/host';
import { InvalidOptionsError } from '../errors';
import { bindCluster, type ClusterView, type LoadBalancingPolicy, type RoutingInfo } from './load-balancing';

/**
 * Wraps another policy and drops the hosts `accept` rejects: they are `ignored` (no connection
 * pool), never appear in a plan, and the child policy never hears of them (its view of the
 * cluster is filtered too, so it can combine with {@link TokenAwarePolicy} either way round).
 *
 * @example
 * ```ts
 * // Keep analytics nodes out of the application's traffic.
 * const policy = new HostFilterPolicy(defaultLoadBalancingPolicy('dc1'), (host) => host.rack !== 'analytics');
 * ```
 */
export class HostFilterPolicy implements LoadBalancingPolicy {
  private cluster: ClusterView | undefined;
  private filteredView: ClusterView | undefined;

  constructor(
    /** The policy that orders the accepted hosts. */
    readonly child: LoadBalancingPolicy,
    /** True for the hosts that may be used. */
    readonly accept: (host: Host) => boolean,
  ) {}

  useContactPoints(contactPoints: readonly Host[]): void {
    this.child.useContactPoints?.(contactPoints.filter(this.accept));
  }

  init(cluster: ClusterView): void {
    this.cluster = bindCluster(this.cluster, cluster, this.constructor.name);
    this.filteredView ??= this.filter(cluster);
    this.child.init(this.filteredView);
  }

  distance(host: Host): HostDistance {
    return this.accept(host) ? this.child.distance(host) : 'ignored';
  }

  newQueryPlan(info: RoutingInfo): Iterable<Host> {
    return this.plan(info);
  }

  onAdd(host: Host): void {
    if (this.accept(host)) this.child.onAdd(host);
  }

  onRemove(host: Host): void {
    if (this.accept(host)) this.child.onRemove(host);
  }

  onUp(host: Host): void {
    if (this.accept(host)) this.child.onUp(host);
  }

  onDown(host: Host): void {
    if (this.accept(host)) this.child.onDown(host);
  }

  private *plan(info: RoutingInfo): Generator<Host, void, undefined> {
    for (const host of this.child.newQueryPlan(info)) {
      if (this.accept(host)) yield host;
    }
  }

  private filter(cluster: ClusterView): ClusterView {
    const accept = this.accept;
    return {
      hosts: () => cluster.hosts().filter(accept),
      getReplicas: (keyspace, key) => {
        const replicas = cluster.getReplicas(keyspace, key);
        return replicas.every(accept) ? replicas : replicas.filter(accept);
      },
      placesReplicas: (keyspace) => cluster.placesReplicas?.(keyspace) ?? true,
    };
  }
}

/**
 * A {@link HostFilterPolicy} accepting only the listed hosts. An entry is either an endpoint
 * (`'10.0.0.1:9042'`, `'[::1]:9042'`), matching that port only, or a bare address (`'10.0.0.1'`,
 * `'::1'`), matching any port. Handy for tests and for pinning a client to a few nodes.
 *
 * @example
 * ```ts
 * const policy = new AllowListPolicy(new RoundRobinPolicy(), ['127.0.0.1:9042', '127.0.0.2:9042']);
 * ```
 */
export class AllowListPolicy extends HostFilterPolicy {
  /** The accepted endpoints and addresses. */
  readonly allowed: ReadonlySet<string>;

  constructor(child: LoadBalancingPolicy, allowedEndpoints: Iterable<string>) {
    const allowed = new Set(allowedEndpoints);
    if (allowed.size === 0) {
      throw new InvalidOptionsError(
        'AllowListPolicy: allowedEndpoints must list at least one endpoint (address:port) or address',
      );
    }
    super(child, (host) => allowed.has(host.endpoint) || allowed.has(host.address));
    this.allowed = allowed;
  }
}
