/**
 * What a `Session` is built from: the link to its cluster (`SessionClusterLink`) and everything
 * `Cluster.connect` hands it (`SessionInit`). Types only: never holds behaviour, and never the
 * session's public options.
 *
 * @packageDocumentation
 */

import type { Cluster } from '../cluster';
import type { ConnectionCounter } from '../cluster/cluster-runtime';
import type { ClusterTablets } from '../cluster/cluster-tablets';
import type { Host, HostDistance } from '../cluster/host';
import type { HostStateListener } from '../cluster/host-registry';
import type { SchemaVersions } from '../cluster/schema-agreement';
import type { Connection } from '../connection/connection';
import type { DriverMetrics } from '../observability/driver-metrics';
import type { RequestTracker } from '../observability/request-events';
import type { RoutingInfo } from '../policies/load-balancing';
import type { PolicyLogger } from '../policies/policy-logger';
import type { TimestampGenerator } from '../policies/timestamp-generator';
import type { SessionPoolsDeps } from '../pool/session-pools';
import type { SchemaChange } from '../protocol/messages';
import type { ExecutionProfiles } from '../request/execution-profiles';
import type { Session } from '../session';
import type { TimerQueue } from '../structures/timer-queue';
import type { CodecOptions } from '../types';

/** What a session needs from its cluster. @internal */
export interface SessionClusterLink {
  queryPlan(routing: RoutingInfo): Iterable<Host>;
  hosts(): readonly Host[];
  distance(host: Host): HostDistance;
  /** Registers the session's pools (host events, connection counts); returns the unregistration. */
  attachSession(session: HostStateListener & ConnectionCounter): () => void;
  reportFailure(host: Host, error: Error): void;
  hostReachable(host: Host): void;
  afterSchemaChange(
    change: SchemaChange,
    coordinator: Host,
    connection: Connection | undefined,
  ): Promise<boolean>;
  readSchemaVersions(): Promise<SchemaVersions>;
  /** Why no host gets a pool, for the error of `connect()`. */
  explainNoHosts(): string;
  awaitSchemaAgreement(timeoutMs: number, signal?: AbortSignal): Promise<string>;
  /** ScyllaDB: the cluster's tablets. */
  readonly tablets: ClusterTablets;
}

/** What a Session is built from (created by `Cluster.connect`). @internal */
export interface SessionInit {
  /** The Cluster that opened the session (what `session.cluster` returns). */
  readonly owner: Cluster;
  readonly cluster: SessionClusterLink;
  readonly pool: SessionPoolsDeps['pool'];
  readonly poolSize: (distance: HostDistance) => number;
  readonly timers: TimerQueue;
  readonly profiles: ExecutionProfiles;
  readonly timestamps: TimestampGenerator | undefined;
  readonly metrics: DriverMetrics | undefined;
  readonly tracker: RequestTracker | undefined;
  readonly codecOptions: CodecOptions | undefined;
  /** Statements the session's prepared cache keeps (LRU). */
  readonly preparedCacheSize: number;
  readonly prepareOnAllHosts: boolean;
  readonly reprepareOnUp: boolean;
  /** Default wait of `awaitSchemaAgreement()` without a timeout, in ms. */
  readonly schemaAgreementWaitMs: number;
  /** Where the session reports failures of its background work (re-preparation on up). */
  readonly logger: PolicyLogger;
  readonly onShutdown: (session: Session) => void;
}
