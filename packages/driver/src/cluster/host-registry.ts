/**
 * The hosts of a cluster and the notifications of their lifecycle.
 *
 * @packageDocumentation
 */

import type { LoadBalancingPolicy } from '../policies/load-balancing';
import type { PolicyLogger } from '../policies/policy-logger';
import type { Host, HostInit } from './host';

/**
 * Receives the lifecycle of the cluster's hosts. Every method is optional. Listeners are called
 * after the load-balancing policy, once `host.isUp` reflects the change; an exception thrown by
 * a listener is reported as a warning and does not stop the other listeners.
 *
 * @example
 * ```ts
 * const remove = cluster.addHostStateListener({
 *   onDown: (host) => console.warn(`${host.endpoint} is down`),
 *   onUp: (host) => console.info(`${host.endpoint} is back`),
 * });
 * remove(); // stop listening
 * ```
 */
export interface HostStateListener {
  /** A node joined the cluster (or was discovered). */
  onAdd?(host: Host): void;
  /** A node left the cluster. */
  onRemove?(host: Host): void;
  /** A node the driver considered down is reachable again. */
  onUp?(host: Host): void;
  /** A node became unreachable. */
  onDown?(host: Host): void;
}

/**
 * The known hosts by endpoint. Adding, removing and up/down changes notify the load-balancing
 * policy first, then the internal listeners (sessions' pools), then the user's listeners.
 *
 * @internal
 */
export class HostRegistry {
  private readonly byEndpoint = new Map<string, Host>();
  private snapshot: readonly Host[] = [];
  private readonly internal = new Set<HostStateListener>();
  private readonly user = new Set<HostStateListener>();
  private policies: readonly LoadBalancingPolicy[] = [];

  constructor(private readonly logger: PolicyLogger) {}

  /** Every known host (a snapshot; replaced, never mutated, on add/remove). */
  all(): readonly Host[] {
    return this.snapshot;
  }

  get(endpoint: string): Host | undefined {
    return this.byEndpoint.get(endpoint);
  }

  /** The host at `address:port`, whatever the endpoint formatting. */
  find(address: string, port: number): Host | undefined {
    for (const host of this.snapshot) if (host.address === address && host.port === port) return host;
    return undefined;
  }

  /** Starts notifying the load-balancing policy (after its `init`). */
  attachLoadBalancing(lb: LoadBalancingPolicy): void {
    if (!this.policies.includes(lb)) this.policies = [...this.policies, lb];
  }

  /** Adds hosts without any notification (before the load-balancing policy exists). */
  seed(hosts: readonly Host[]): void {
    for (const host of hosts) this.byEndpoint.set(host.endpoint, host);
    this.snapshot = [...this.byEndpoint.values()];
  }

  /** Adds a new host (up) and notifies. */
  add(host: Host): void {
    if (this.byEndpoint.has(host.endpoint)) return;
    this.byEndpoint.set(host.endpoint, host);
    this.snapshot = [...this.byEndpoint.values()];
    for (const lb of this.policies) lb.onAdd(host);
    this.notify('onAdd', host);
  }

  /** Removes a host and notifies. */
  remove(host: Host): void {
    if (this.byEndpoint.get(host.endpoint) !== host) return;
    this.byEndpoint.delete(host.endpoint);
    this.snapshot = [...this.byEndpoint.values()];
    for (const lb of this.policies) lb.onRemove(host);
    this.notify('onRemove', host);
  }

  /**
   * Replaces a host's descriptive fields. When its data center or rack changes, the
   * load-balancing policy sees it removed and added again (its per-DC lists are keyed by DC).
   * Returns whether the tokens changed.
   */
  update(host: Host, info: Omit<HostInit, 'address' | 'port'>): boolean {
    const moved = host.datacenter !== info.datacenter || host.rack !== info.rack;
    const tokensChanged = !sameTokens(host.tokens, info.tokens ?? []);
    if (moved && this.byEndpoint.get(host.endpoint) === host) {
      for (const lb of this.policies) lb.onRemove(host);
      host.update(info);
      for (const lb of this.policies) lb.onAdd(host);
    } else {
      host.update(info);
    }
    return tokensChanged;
  }

  /** Marks a host up (no-op when it is) and notifies. Returns whether it changed. */
  markUp(host: Host): boolean {
    if (host.isUp || this.byEndpoint.get(host.endpoint) !== host) return false;
    host.setUp(true);
    for (const lb of this.policies) lb.onUp(host);
    this.notify('onUp', host);
    return true;
  }

  /** Marks a host down (no-op when it is) and notifies. Returns whether it changed. */
  markDown(host: Host): boolean {
    if (!host.isUp || this.byEndpoint.get(host.endpoint) !== host) return false;
    host.setUp(false);
    for (const lb of this.policies) lb.onDown(host);
    this.notify('onDown', host);
    return true;
  }

  /** Registers a driver-internal listener (called before the user's). */
  addInternalListener(listener: HostStateListener): () => void {
    this.internal.add(listener);
    return () => this.internal.delete(listener);
  }

  /** Registers a user listener. */
  addListener(listener: HostStateListener): () => void {
    this.user.add(listener);
    return () => this.removeListener(listener);
  }

  /** Unregisters a user listener; returns whether it was registered. */
  removeListener(listener: HostStateListener): boolean {
    return this.user.delete(listener);
  }

  private notify(event: keyof HostStateListener, host: Host): void {
    for (const listeners of [this.internal, this.user]) {
      for (const listener of [...listeners]) {
        try {
          listener[event]?.(host);
        } catch (error) {
          this.logger.warn(`a host state listener threw in ${event}(${host.endpoint}): ${String(error)}`);
        }
      }
    }
  }
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
