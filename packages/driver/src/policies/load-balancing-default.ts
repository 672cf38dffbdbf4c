/**
 * The load-balancing policy a cluster uses when none is configured.
 *
 * @packageDocumentation
 */

import { DCAwareRoundRobinPolicy } from './load-balancing-dc-aware';
import { TokenAwarePolicy } from './load-balancing-token-aware';
import type { LoadBalancingPolicy } from './load-balancing';
import type { PolicyLogger } from './policy-logger';

/**
 * Token-aware routing over DC-aware round robin: local-DC replicas first (shuffled), then the
 * other local hosts in rotation; remote data centers are not used. Without `localDc`, the local
 * data center is inferred from the contact points, with a warning.
 *
 * @example
 * ```ts
 * const cluster = new Cluster({ contactPoints: ['10.0.0.1'], loadBalancingPolicy: defaultLoadBalancingPolicy('dc1') });
 * ```
 */
export function defaultLoadBalancingPolicy(localDc?: string, logger?: PolicyLogger): LoadBalancingPolicy {
  return new TokenAwarePolicy(new DCAwareRoundRobinPolicy({ localDc, logger }));
}
