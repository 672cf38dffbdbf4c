/**
 * Round-robin load balancing over every host, ignoring data centers.
 *
 * @packageDocumentation
 */

import type { Host, HostDistance } from '../cluster/host';
import { bindCluster, type ClusterView, type LoadBalancingPolicy, type RoutingInfo } from './load-balancing';
import { distinctHosts, Rotation, rotatedUpHosts, withHost, withoutHost } from './load-balancing-host-list';

/**
 * Spreads requests over every up host in turn: each plan starts one host further than the
 * previous one and lists every up host once. Down hosts are skipped (not moved to the end), so an
 * all-down cluster gives an empty plan. Every host is at distance `local`.
 *
 * Suited to single-data-center clusters; use {@link DCAwareRoundRobinPolicy} otherwise.
 *
 * @example
 * ```ts
 * const cluster = new Cluster({ contactPoints: ['10.0.0.1'], loadBalancingPolicy: new RoundRobinPolicy() });
 * ```
 */
export class RoundRobinPolicy implements LoadBalancingPolicy {
  private cluster: ClusterView | undefined;
  private hosts: readonly Host[] = [];
  private readonly rotation = new Rotation();

  init(cluster: ClusterView): void {
    this.cluster = bindCluster(this.cluster, cluster, 'RoundRobinPolicy');
    this.hosts = distinctHosts(cluster.hosts());
  }

  distance(_host: Host): HostDistance {
    return 'local';
  }

  newQueryPlan(_info: RoutingInfo): Iterable<Host> {
    const hosts = this.hosts;
    return rotatedUpHosts(hosts, this.rotation.next(hosts.length));
  }

  onAdd(host: Host): void {
    this.hosts = withHost(this.hosts, host);
  }

  onRemove(host: Host): void {
    this.hosts = withoutHost(this.hosts, host);
  }

  onUp(host: Host): void {
    this.hosts = withHost(this.hosts, host);
  }

  onDown(_host: Host): void {
    // Plans read host.isUp when iterated: nothing to update.
  }
}
