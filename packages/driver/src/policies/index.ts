/**
 * The driver's pluggable policies: load balancing, retry, speculative execution, reconnection,
 * conviction, address translation and client-side timestamps. Every policy here is pure: none
 * does I/O or owns a timer; the cluster and the request pipeline apply their decisions.
 *
 * @example
 * ```ts
 * import { defaultLoadBalancingPolicy, DefaultRetryPolicy, ConstantSpeculativeExecutionPolicy } from '@cqlkit/driver';
 *
 * const profile = {
 *   loadBalancingPolicy: defaultLoadBalancingPolicy('dc1'),
 *   retryPolicy: new DefaultRetryPolicy(),
 *   speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(100, 1),
 * };
 * ```
 * @packageDocumentation
 */

export type { PolicyLogger } from './policy-logger';
export { consolePolicyLogger } from './policy-logger';

export type { ClusterView, LoadBalancingPolicy, RoutingInfo } from './load-balancing';
export { routesAsLwt } from './load-balancing';
export { RoundRobinPolicy } from './load-balancing-round-robin';
export { DCAwareRoundRobinPolicy, type DCAwareRoundRobinOptions } from './load-balancing-dc-aware';
export { TokenAwarePolicy, type TokenAwareOptions } from './load-balancing-token-aware';
export { AllowListPolicy, HostFilterPolicy } from './load-balancing-host-filter';
export { defaultLoadBalancingPolicy } from './load-balancing-default';

export type { RetryContext, RetryDecision, RetryPolicy } from './retry';
export { IGNORE, RETHROW, retryNextHost, retrySameHost } from './retry';
export { DefaultRetryPolicy } from './retry-default';
export { FallthroughRetryPolicy } from './retry-fallthrough';
export { DowngradingConsistencyRetryPolicy } from './retry-downgrading';

export type { SpeculativeExecutionPlan, SpeculativeExecutionPolicy } from './speculative-execution';
export { ConstantSpeculativeExecutionPolicy, NoSpeculativeExecutionPolicy } from './speculative-execution';

export type { ExponentialReconnectionOptions, ReconnectionPolicy } from './reconnection';
export { ConstantReconnectionPolicy, ExponentialReconnectionPolicy } from './reconnection';

export type { ConvictionPolicy } from './conviction';
export { DefaultConvictionPolicy } from './conviction';

export type { AddressTranslator, TranslatedAddress } from './address-translator';
export { IdentityTranslator, MapAddressTranslator } from './address-translator';

export type { MonotonicTimestampOptions, TimestampGenerator } from './timestamp-generator';
export {
  MonotonicTimestampGenerator,
  ServerSideTimestamps,
  timestampGeneratorFrom,
} from './timestamp-generator';
