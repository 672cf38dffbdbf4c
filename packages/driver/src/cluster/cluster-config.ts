/**
 * The cluster-awareness settings of a Cluster with every default applied.
 *
 * @packageDocumentation
 */

import type { ClusterOptions } from '../options';
import { IdentityTranslator, type AddressTranslator } from '../policies/address-translator';
import { DefaultConvictionPolicy, type ConvictionPolicy } from '../policies/conviction';
import type { LoadBalancingPolicy } from '../policies/load-balancing';
import { defaultLoadBalancingPolicy } from '../policies/load-balancing-default';
import { consolePolicyLogger, type PolicyLogger } from '../policies/policy-logger';
import { ExponentialReconnectionPolicy, type ReconnectionPolicy } from '../policies/reconnection';
import type { HostDistance } from './host';

/** Defaults of the cluster-awareness options (see `ClusterOptions`). */
export const CLUSTER_AWARENESS_DEFAULTS = Object.freeze({
  controlConnectionTimeoutMs: 5000,
  schemaEventRefreshWindowMs: 2000,
  topologyEventRefreshWindowMs: 10_000,
  statusEventRefreshWindowMs: 2000,
  maxSchemaAgreementWaitMs: 10_000,
  connectionsPerLocalHost: 1,
  connectionsPerRemoteHost: 1,
  maxRequestsPerConnection: 2048,
});

/** ClusterOptions' cluster-awareness part, resolved. @internal */
export interface ClusterAwarenessConfig {
  readonly loadBalancingPolicy: LoadBalancingPolicy;
  readonly reconnectionPolicy: ReconnectionPolicy;
  readonly convictionPolicy: ConvictionPolicy;
  readonly addressTranslator: AddressTranslator;
  readonly logger: PolicyLogger;
  readonly controlConnectionTimeoutMs: number;
  readonly schemaEventRefreshWindowMs: number;
  readonly topologyEventRefreshWindowMs: number;
  readonly statusEventRefreshWindowMs: number;
  readonly schemaMetadataEnabled: boolean;
  readonly tokenMetadataEnabled: boolean;
  readonly maxSchemaAgreementWaitMs: number;
  readonly prepareOnAllHosts: boolean;
  readonly reprepareOnUp: boolean;
  readonly maxRequestsPerConnection: number;
  /** Pool size of a host at a distance (0 for `ignored`). */
  poolSize(distance: HostDistance): number;
}

/**
 * Applies the defaults to the (already validated) cluster options.
 *
 * @internal
 */
export function resolveClusterAwareness(options: ClusterOptions): ClusterAwarenessConfig {
  const d = CLUSTER_AWARENESS_DEFAULTS;
  const logger = options.logger ?? consolePolicyLogger;
  const perHost = options.connectionsPerHost;
  const local = typeof perHost === 'number' ? perHost : (perHost?.local ?? d.connectionsPerLocalHost);
  const remote = typeof perHost === 'number' ? perHost : (perHost?.remote ?? d.connectionsPerRemoteHost);
  return {
    loadBalancingPolicy:
      options.loadBalancingPolicy ?? defaultLoadBalancingPolicy(options.localDataCenter, logger),
    reconnectionPolicy: options.reconnectionPolicy ?? new ExponentialReconnectionPolicy(),
    convictionPolicy: options.convictionPolicy ?? new DefaultConvictionPolicy(),
    addressTranslator: options.addressTranslator ?? new IdentityTranslator(),
    logger,
    controlConnectionTimeoutMs: options.controlConnectionTimeoutMs ?? d.controlConnectionTimeoutMs,
    schemaEventRefreshWindowMs: options.schemaEventRefreshWindowMs ?? d.schemaEventRefreshWindowMs,
    topologyEventRefreshWindowMs: options.topologyEventRefreshWindowMs ?? d.topologyEventRefreshWindowMs,
    statusEventRefreshWindowMs: options.statusEventRefreshWindowMs ?? d.statusEventRefreshWindowMs,
    schemaMetadataEnabled: options.schemaMetadataEnabled ?? true,
    tokenMetadataEnabled: options.tokenMetadataEnabled ?? true,
    maxSchemaAgreementWaitMs: options.maxSchemaAgreementWaitMs ?? d.maxSchemaAgreementWaitMs,
    prepareOnAllHosts: options.prepareOnAllHosts ?? true,
    reprepareOnUp: options.reprepareOnUp ?? true,
    maxRequestsPerConnection: options.maxRequestsPerConnection ?? d.maxRequestsPerConnection,
    poolSize: (distance) => (distance === 'local' ? local : distance === 'remote' ? remote : 0),
  };
}
