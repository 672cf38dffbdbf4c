import { Consistency, type ClusterOptions, type ExecutionProfile } from '@cqlkit/driver';

/** Name of the execution profile of reports (see {@link TELEMETRY_PROFILES}). */
export const REPORTS_PROFILE = 'reports';

/**
 * The application's execution profiles, chosen per request by name: reports may read from any one
 * replica, get more time than interactive requests, and page by 100 rows unless told otherwise.
 * Everything else uses the cluster's default profile.
 */
export const TELEMETRY_PROFILES: Readonly<Record<string, ExecutionProfile>> = {
  [REPORTS_PROFILE]: { consistency: Consistency.LOCAL_ONE, requestTimeoutMs: 30_000, pageSize: 100 },
};

/** Where the cluster is and how to log in: what differs between deployments. */
export type ConnectionSettings = Pick<
  ClusterOptions,
  'contactPoints' | 'localDataCenter' | 'credentials' | 'tls'
>;

/** The telemetry store's cluster options: a deployment's connection settings plus its own. */
export function telemetryClusterOptions(connection: ConnectionSettings): ClusterOptions {
  return {
    ...connection,
    defaultProfile: { consistency: Consistency.LOCAL_QUORUM },
    executionProfiles: TELEMETRY_PROFILES,
    metrics: true,
    startupOptions: { APPLICATION_NAME: 'cqlkit-telemetry-example' },
  };
}
