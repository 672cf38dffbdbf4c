/**
 * The options of a Cluster resolved in one place: validated once, every default applied (from
 * the one table, `DEFAULTS`), the connection options resolved for every connection the cluster
 * will open. Never holds the defaults themselves nor the checks (`options.ts`,
 * `options-validation.ts`).
 *
 * @packageDocumentation
 */

import { PlainTextAuthProvider } from '../connection/auth';
import { resolveConnectionOptions, type ResolvedConnectionOptions } from '../connection/connection-options';
import {
  DEFAULT_EXECUTION_PROFILE,
  DEFAULTS,
  type ClusterOptions,
  type ResolvedExecutionProfile,
} from '../options';
import { validateClusterOptions, type ContactPoint } from '../options-validation';
import { IdentityTranslator, type AddressTranslator } from '../policies/address-translator';
import { DefaultConvictionPolicy, type ConvictionPolicy } from '../policies/conviction';
import type { LoadBalancingPolicy } from '../policies/load-balancing';
import { defaultLoadBalancingPolicy } from '../policies/load-balancing-default';
import { consolePolicyLogger, type PolicyLogger } from '../policies/policy-logger';
import { ExponentialReconnectionPolicy, type ReconnectionPolicy } from '../policies/reconnection';
import {
  MonotonicTimestampGenerator,
  timestampGeneratorFrom,
  type TimestampGenerator,
} from '../policies/timestamp-generator';
import { profileOver } from '../request/execution-profiles';
import type { HostDistance } from './host';

/** ClusterOptions with every default applied. @internal */
export interface ClusterConfig {
  readonly contactPoints: readonly ContactPoint[];
  /** Native port of the contact points (also used for `system.peers` rows, which carry none). */
  readonly port: number;
  /** Options of every connection (`protocolVersion`: the pinned one, if any). */
  readonly connection: ResolvedConnectionOptions;
  /** The default execution profile: the cluster's `defaultProfile` over the defaults. */
  readonly defaultProfile: ResolvedExecutionProfile;
  /** Client-side timestamps (`undefined`: the coordinators assign them). */
  readonly timestampGenerator: TimestampGenerator | undefined;
  readonly metrics: boolean;
  /** The `localDataCenter` option (what the default load-balancing policy is built with). */
  readonly localDataCenter: string | undefined;
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
  /** `awaitSchemaAgreement()` without a timeout: `maxSchemaAgreementWaitMs`, or a default while it is off. */
  readonly schemaAgreementWaitMs: number;
  readonly preparedCacheSize: number;
  readonly prepareOnAllHosts: boolean;
  readonly reprepareOnUp: boolean;
  readonly maxRequestsPerConnection: number;
  /** ScyllaDB: connections per shard, and whether pools and routing use shards. */
  readonly connectionsPerShard: number;
  readonly shardAwareness: boolean;
  /** Pool size of a host at a distance (0 for `ignored`). */
  poolSize(distance: HostDistance): number;
}

/**
 * Validates the cluster options and applies the defaults.
 *
 * @throws InvalidOptionsError naming the option and what was expected.
 * @internal
 */
export function resolveClusterOptions(options: ClusterOptions): ClusterConfig {
  const contactPoints = validateClusterOptions(options);
  const d = DEFAULTS;
  const logger = options.logger ?? consolePolicyLogger;
  const perHost = options.connectionsPerHost;
  const local = typeof perHost === 'number' ? perHost : (perHost?.local ?? d.connectionsPerHost.local);
  const remote = typeof perHost === 'number' ? perHost : (perHost?.remote ?? d.connectionsPerHost.remote);
  const maxSchemaAgreementWaitMs = options.maxSchemaAgreementWaitMs ?? d.maxSchemaAgreementWaitMs;
  return {
    contactPoints,
    port: options.port ?? d.port,
    connection: resolveConnectionOptions({
      protocolVersion: options.protocolVersion,
      compression: options.compression,
      connectTimeoutMs: options.connectTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      noDelay: options.socket?.noDelay,
      keepAlive: options.socket?.keepAlive,
      keepAliveDelayMs: options.socket?.keepAliveDelayMs,
      tls: options.tls,
      authProvider:
        options.authProvider ??
        (options.credentials
          ? new PlainTextAuthProvider(options.credentials.username, options.credentials.password)
          : undefined),
      startupOptions: options.startupOptions,
    }),
    defaultProfile: profileOver(DEFAULT_EXECUTION_PROFILE, options.defaultProfile ?? {}),
    timestampGenerator: timestampGeneratorOf(options.timestampGenerator),
    metrics: options.metrics ?? d.metrics,
    localDataCenter: options.localDataCenter,
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
    schemaMetadataEnabled: options.schemaMetadataEnabled ?? d.schemaMetadataEnabled,
    tokenMetadataEnabled: options.tokenMetadataEnabled ?? d.tokenMetadataEnabled,
    maxSchemaAgreementWaitMs,
    schemaAgreementWaitMs:
      maxSchemaAgreementWaitMs > 0 ? maxSchemaAgreementWaitMs : d.schemaAgreementWaitWhenOffMs,
    preparedCacheSize: options.preparedCacheSize ?? d.preparedCacheSize,
    prepareOnAllHosts: options.prepareOnAllHosts ?? d.prepareOnAllHosts,
    reprepareOnUp: options.reprepareOnUp ?? d.reprepareOnUp,
    maxRequestsPerConnection: options.maxRequestsPerConnection ?? d.maxRequestsPerConnection,
    connectionsPerShard: options.connectionsPerShard ?? d.connectionsPerShard,
    shardAwareness: options.shardAwareness ?? d.shardAwareness,
    poolSize: (distance) => (distance === 'local' ? local : distance === 'remote' ? remote : 0),
  };
}

function timestampGeneratorOf(option: ClusterOptions['timestampGenerator']): TimestampGenerator | undefined {
  if (option === false) return undefined;
  if (option === undefined) return new MonotonicTimestampGenerator();
  if (typeof option === 'function') return timestampGeneratorFrom(option);
  return option;
}
