/**
 * The machinery behind a Cluster: control connection, host registry and health, events,
 * metadata, schema agreement.
 *
 * @packageDocumentation
 */

import { Connection } from '../connection/connection';
import type { ResolvedConnectionOptions } from '../connection/connection-options';
import { ConnectionError, SchemaAgreementError } from '../errors';
import type { ProtocolEvent, SchemaChange, StatusChangeEvent } from '../protocol/messages';
import type { ClusterView, LoadBalancingPolicy, RoutingInfo } from '../policies/load-balancing';
import type { RetryPolicy } from '../policies/retry';
import type { TimerQueue } from '../structures/timer-queue';
import type { Params } from '../request/value-binder';
import type { ClusterConfig } from './cluster-config';
import { ClusterTablets } from './cluster-tablets';
import { ControlConnection } from './control-connection';
import { EventDebouncer } from './event-debouncer';
import type { Host, HostDistance } from './host';
import { HostReconnector } from './host-reconnector';
import { HostRegistry, type HostStateListener } from './host-registry';
import { MetadataStore, type MetadataSnapshot } from './metadata-store';
import type { SchemaScope } from './metadata/schema-scope';
import { NodeDiscovery } from './node-discovery';
import {
  awaitSchemaAgreement,
  readSchemaVersions,
  type SchemaAgreementDeps,
  type SchemaVersions,
} from './schema-agreement';
import { coalesceSchemaChanges, SchemaRefresher, type RefreshableSchema } from './schema-refresher';
import { querySystemRows, type SystemQueryTarget, type SystemRow } from './system-query';

/** What the runtime is built from. @internal */
export interface ClusterRuntimeInit<S extends RefreshableSchema<S>> {
  readonly config: ClusterConfig;
  /** The schema before the first load. */
  readonly emptySchema: S;
  readonly timers: TimerQueue;
  readonly retryPolicy: RetryPolicy;
  /** Native port of the contact points (also used for `system.peers` rows, which carry none). */
  readonly port: number;
  /** Options of new connections; `protocolVersion` is the negotiated one once known. */
  connectionOptions(protocolVersion: number | undefined): ResolvedConnectionOptions;
}

/** A session's pools, as the runtime sees them. @internal */
export interface ConnectionCounter {
  /** Open connections to a host (for the conviction policy). */
  openConnections(host: Host): number;
  /** Creates, resizes or closes pools to match every host's current distance. */
  sync(): void;
  /** ScyllaDB: open connections per shard of `host`, when its pool is sharded. */
  connectionsPerShard?(host: Host): number[] | undefined;
}

/**
 * Owns the cluster-level state and reacts to everything that changes it: server events (debounced),
 * connection failures (conviction), reconnections, schema changes made by the application.
 *
 * @internal
 */
export class ClusterRuntime<S extends RefreshableSchema<S>> {
  readonly registry: HostRegistry;
  readonly store: MetadataStore<S>;
  readonly lb: LoadBalancingPolicy;
  /** ScyllaDB: the tablets learned from results. */
  readonly tablets: ClusterTablets;
  private readonly config: ClusterConfig;
  private readonly control: ControlConnection;
  private readonly discovery: NodeDiscovery;
  private readonly refresher: SchemaRefresher<S>;
  private readonly forcedRefresher: SchemaRefresher<S>;
  private readonly reconnector: HostReconnector;
  private readonly topologyEvents: EventDebouncer<unknown>;
  private readonly statusEvents: EventDebouncer<StatusChangeEvent>;
  private readonly schemaEvents: EventDebouncer<SchemaChange | 'all'>;
  private readonly counters = new Set<ConnectionCounter>();
  private readonly agreementDeps: SchemaAgreementDeps;
  private negotiated: number | undefined;
  private lbReady = false;
  private stopping = false;
  /** Load-balancing policies of execution profiles, besides the cluster's own. */
  private profilePolicies: readonly LoadBalancingPolicy[] = [];

  constructor(private readonly init: ClusterRuntimeInit<S>) {
    const config = init.config;
    this.config = config;
    this.lb = config.loadBalancingPolicy;
    this.registry = new HostRegistry(config.logger);
    this.tablets = new ClusterTablets(() => this.registry.all(), config.logger);
    this.store = new MetadataStore(init.emptySchema, config.tokenMetadataEnabled, () => this.registry.all());
    this.discovery = new NodeDiscovery(this.registry, config.addressTranslator, config.logger);
    const query = (cql: string, params?: Params): Promise<SystemRow[]> => this.control.query(cql, params);
    const refresherDeps = { store: this.store, query, tokensEnabled: config.tokenMetadataEnabled };
    this.refresher = new SchemaRefresher({ ...refresherDeps, schemaEnabled: config.schemaMetadataEnabled });
    this.forcedRefresher = new SchemaRefresher({ ...refresherDeps, schemaEnabled: true });
    this.agreementDeps = {
      query,
      controlHost: () => this.control.host,
      registry: this.registry,
      discovery: this.discovery,
      translator: config.addressTranslator,
      defaultPort: init.port,
      timers: init.timers,
    };
    this.control = new ControlConnection({
      connectionOptions: () => init.connectionOptions(this.negotiated),
      timers: init.timers,
      retryPolicy: init.retryPolicy,
      queryTimeoutMs: config.controlConnectionTimeoutMs,
      reconnectionPolicy: config.reconnectionPolicy,
      logger: config.logger,
      candidates: () => this.controlCandidates(),
      onConnected: (target, reconnected) => this.controlConnected(target, reconnected),
      onEvent: (event) => this.onEvent(event),
      onConnectionLost: (host, error) =>
        this.reportFailure(
          host,
          error ?? new ConnectionError('the control connection closed', host.endpoint),
        ),
      onConnectFailure: (host, error) => this.reportFailure(host, error),
    });
    this.reconnector = new HostReconnector({
      policy: config.reconnectionPolicy,
      scheduler: init.timers,
      logger: config.logger,
      attempt: (host) => this.probe(host),
      onReconnected: (host) => this.hostReachable(host),
    });
    const onError = (what: string) => (error: unknown) =>
      // A refresh cut short by shutdown() is expected, not worth a warning.
      this.stopping ||
      config.logger.warn(
        `${what} after server events failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    this.topologyEvents = new EventDebouncer({
      windowMs: config.topologyEventRefreshWindowMs,
      scheduler: init.timers,
      flush: () => this.refreshNodes(),
      onError: onError('the node list refresh'),
    });
    this.statusEvents = new EventDebouncer({
      windowMs: config.statusEventRefreshWindowMs,
      scheduler: init.timers,
      flush: async (events) => this.applyStatusEvents(events),
      onError: onError('a host status update'),
    });
    this.schemaEvents = new EventDebouncer({
      windowMs: config.schemaEventRefreshWindowMs,
      scheduler: init.timers,
      flush: (changes) => {
        for (const change of changes) if (change !== 'all') this.tablets.schemaChanged(change);
        return this.refresher.apply(coalesceSchemaChanges(changes));
      },
      onError: onError('the schema refresh'),
    });
    this.registry.addInternalListener({ onRemove: (host) => this.hostRemoved(host) });
  }

  /** The negotiated protocol version, once the control connection is open. */
  get protocolVersion(): number | undefined {
    return this.negotiated;
  }

  /** The host of the control connection. */
  get controlHost(): Host | undefined {
    return this.control.host;
  }

  /** The current metadata snapshot. */
  get metadata(): MetadataSnapshot<S> {
    return this.store.snapshot;
  }

  /**
   * Connects the control connection to the first contact point that answers, discovers the
   * nodes, loads the metadata and initialises the load-balancing policy.
   */
  async start(contactPoints: readonly Host[]): Promise<void> {
    this.registry.seed(contactPoints);
    await this.control.connect(contactPoints);
    const remaining = contactPoints.filter((h) => this.registry.get(h.endpoint) === h);
    for (const lb of [this.lb, ...this.profilePolicies]) {
      lb.useContactPoints?.(remaining);
      lb.init(this.clusterView());
      this.registry.attachLoadBalancing(lb);
    }
    this.lbReady = true;
  }

  /**
   * Adds the load-balancing policy of an execution profile: it is initialised with the hosts (now,
   * or when the cluster starts) and follows host events; pools are sized by the nearest distance
   * any policy gives a host.
   */
  addLoadBalancingPolicy(policy: LoadBalancingPolicy): void {
    if (policy === this.lb || this.profilePolicies.includes(policy)) return;
    this.profilePolicies = [...this.profilePolicies, policy];
    if (this.lbReady) {
      policy.useContactPoints?.(this.registry.all().filter((h) => h.isUp));
      policy.init(this.clusterView());
      this.registry.attachLoadBalancing(policy);
      // Hosts the other policies ignore may now be wanted: give them pools.
      for (const session of this.counters) session.sync();
    }
  }

  /** Stops every activity and closes the control connection. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.topologyEvents.stop();
    this.statusEvents.stop();
    this.schemaEvents.stop();
    this.reconnector.stopAll();
    await this.control.close();
  }

  /** Every known host. */
  hosts(): readonly Host[] {
    return this.registry.all();
  }

  /** The hosts to try for a request. */
  queryPlan(routing: RoutingInfo): Iterable<Host> {
    return this.lb.newQueryPlan(routing);
  }

  /** A host's distance (`ignored` until the load-balancing policy is initialised). */
  distance(host: Host): HostDistance {
    if (!this.lbReady) return 'ignored';
    let best = this.lb.distance(host);
    for (const lb of this.profilePolicies) {
      if (best === 'local') break;
      const d = lb.distance(host);
      if (d === 'local' || (d === 'remote' && best === 'ignored')) best = d;
    }
    return best;
  }

  /**
   * Why no host gets a pool (every known host is down or ignored), for the error `connect()`
   * throws: a `localDataCenter` no host is in, else each host's data center and state.
   */
  explainNoHosts(): string {
    const hosts = this.registry.all();
    const dc = this.config.localDataCenter;
    const byDc = new Map<string, string[]>();
    for (const h of hosts) {
      const key = h.datacenter === undefined ? 'an unknown data center' : `'${h.datacenter}'`;
      byDc.set(key, [...(byDc.get(key) ?? []), h.endpoint]);
    }
    const where = [...byDc].map(([name, endpoints]) => `${name} (${endpoints.join(', ')})`).join(', ');
    if (dc !== undefined && hosts.length > 0 && !hosts.some((h) => h.datacenter === dc)) {
      return (
        `localDataCenter is '${dc}', but no host is in that data center; the cluster's hosts are in ` +
        `${where}. Set the localDataCenter option to the data center this client runs in`
      );
    }
    const states = hosts.map((h) => `${h.endpoint} ${h.isUp ? this.distance(h) : 'down'}`);
    return (
      'every known host is down or ignored by the load-balancing policy' +
      (states.length > 0 ? ` (${states.join(', ')})` : '')
    );
  }

  /** Registers a session: its pools follow the hosts, and its connections count for conviction. */
  attachSession(session: HostStateListener & ConnectionCounter): () => void {
    this.counters.add(session);
    const unsubscribe = this.registry.addInternalListener(session);
    return () => {
      unsubscribe();
      this.counters.delete(session);
    };
  }

  /** Open connections to `host` over every session. */
  openConnections(host: Host): number {
    let n = 0;
    for (const counter of this.counters) n += counter.openConnections(host);
    return n;
  }

  /** ScyllaDB: open connections to each shard of `host` over every session (`undefined` if not sharded). */
  connectionsPerShard(host: Host): number[] | undefined {
    let total: number[] | undefined;
    for (const counter of this.counters) {
      const counts = counter.connectionsPerShard?.(host);
      if (counts === undefined) continue;
      total ??= new Array<number>(counts.length).fill(0);
      counts.forEach((n, shard) => (total![shard] = (total![shard] ?? 0) + n));
    }
    return total;
  }

  /** A connection to `host` failed: the conviction policy decides whether it is down. */
  reportFailure(host: Host, error: Error): void {
    if (!host.isUp || this.registry.get(host.endpoint) !== host) return;
    if (this.config.convictionPolicy.addFailure(host, error, this.openConnections(host))) this.markDown(host);
  }

  /** A pool of `host` opened a connection: the host is reachable. */
  hostReachable(host: Host): void {
    this.config.convictionPolicy.reset(host);
    this.reconnector.cancel(host);
    this.registry.markUp(host);
  }

  /** Reads `system.local` and the peers table again and updates hosts and token map. */
  async refreshNodes(): Promise<void> {
    const host = this.control.host;
    if (host === undefined) throw new ConnectionError('the control connection is not connected', '-');
    const query = (cql: string, params?: Params): Promise<SystemRow[]> => this.control.query(cql, params);
    const result = await this.discovery.refresh(query, host, this.init.port);
    if (result.ringChanged || result.partitioner !== this.store.snapshot.partitioner) {
      this.store.rebuildTokenMap(result.partitioner);
    }
    try {
      await this.tablets.maintain(query);
    } catch (error) {
      this.config.logger.warn(`could not check which keyspaces use tablets: ${String(error)}`);
    }
  }

  /** Reloads a scope of the schema (even when schema metadata is off), and keyspace replication. */
  refreshSchema(scope: SchemaScope): Promise<void> {
    return this.forcedRefresher.refresh(scope);
  }

  /** The schema versions reported right now. */
  readSchemaVersions(): Promise<SchemaVersions> {
    return readSchemaVersions(this.agreementDeps);
  }

  /** Waits until every up node reports the same schema version; resolves that version. */
  awaitSchemaAgreement(timeoutMs: number, signal?: AbortSignal): Promise<string> {
    return awaitSchemaAgreement(this.agreementDeps, timeoutMs, signal);
  }

  /**
   * After a schema-altering statement: waits for agreement (unless turned off), then refreshes
   * the changed element. Both read through `connection`, the coordinator's (as the Python and
   * Java drivers do): the coordinator surely has the change, so "everyone on the old version"
   * cannot pass for agreement. Falls back to the control connection when it is closed. Resolves
   * whether agreement was reached; never rejects.
   */
  async afterSchemaChange(
    change: SchemaChange,
    coordinator: Host,
    connection: Connection | undefined,
  ): Promise<boolean> {
    const query = (cql: string, params?: Params): Promise<SystemRow[]> =>
      connection === undefined || connection.closed
        ? this.control.query(cql, params)
        : querySystemRows(
            {
              host: coordinator,
              connection,
              timers: this.init.timers,
              retryPolicy: this.init.retryPolicy,
              timeoutMs: this.config.controlConnectionTimeoutMs,
            },
            cql,
            params,
          );
    const deps: SchemaAgreementDeps = {
      ...this.agreementDeps,
      query,
      controlHost: () => (connection === undefined || connection.closed ? this.control.host : coordinator),
    };
    this.tablets.schemaChanged(change);
    let agreed = false;
    const wait = this.config.maxSchemaAgreementWaitMs;
    if (wait > 0) {
      try {
        await awaitSchemaAgreement(deps, wait);
        agreed = true;
      } catch (error) {
        const detail = error instanceof SchemaAgreementError ? error.message : String(error);
        this.config.logger.warn(`after a schema change (${describeChange(change)}): ${detail}`);
      }
    }
    try {
      await this.refresher.apply(coalesceSchemaChanges([change]), query);
    } catch (error) {
      this.config.logger.warn(
        `could not refresh the metadata after a schema change (${describeChange(change)}): ${String(error)}`,
      );
    }
    return agreed;
  }

  private clusterView(): ClusterView {
    return {
      hosts: () => this.registry.all(),
      getReplicas: (keyspace, key) => this.store.snapshot.tokenMap.getReplicas(keyspace, key),
      placesReplicas: (keyspace) => this.store.snapshot.tokenMap.placesReplicas(keyspace),
    };
  }

  private async controlConnected(target: SystemQueryTarget, reconnected: boolean): Promise<void> {
    this.negotiated ??= target.connection.protocolVersion;
    if (reconnected) this.discovery.reset();
    await this.refreshNodes();
    if (target.host.isUp === false) this.hostReachable(target.host);
    // Events may have been missed while disconnected: reload everything.
    try {
      await this.refresher.refresh({ kind: 'all' });
    } catch (error) {
      this.config.logger.warn(
        `could not load the schema metadata from ${target.host.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private *controlCandidates(): Generator<Host, void, undefined> {
    const seen = new Set<Host>();
    if (this.lbReady) {
      for (const host of this.lb.newQueryPlan({})) {
        seen.add(host);
        yield host;
      }
    }
    const rest = this.registry.all().filter((h) => !seen.has(h));
    yield* rest.filter((h) => h.isUp);
    yield* rest.filter((h) => !h.isUp);
  }

  private onEvent(event: ProtocolEvent): void {
    switch (event.type) {
      case 'TOPOLOGY_CHANGE':
        this.topologyEvents.push(event);
        return;
      case 'STATUS_CHANGE':
        this.statusEvents.push(event);
        return;
      case 'SCHEMA_CHANGE':
        this.schemaEvents.push(event.schemaChange);
        return;
    }
  }

  private applyStatusEvents(events: readonly StatusChangeEvent[]): void {
    const last = new Map<string, StatusChangeEvent>();
    for (const e of events) last.set(`${e.address}:${e.port}`, e);
    for (const event of last.values()) {
      const target = this.config.addressTranslator.translate(event.address, event.port);
      const host = this.registry.find(target.address, target.port);
      if (event.change === 'UP') {
        if (host === undefined)
          this.topologyEvents.push(event); // a node we do not know yet
        else if (!host.isUp) {
          if (this.distance(host) === 'ignored') this.hostReachable(host);
          else this.reconnector.attemptNow(host);
        }
      } else if (host !== undefined && host.isUp && this.openConnections(host) === 0) {
        // As the Python driver: a DOWN event is trusted only when no pool has a live connection.
        this.markDown(host);
      }
    }
  }

  private markDown(host: Host): void {
    if (!this.registry.markDown(host)) return;
    this.control.hostDown(host);
    // Ignored hosts have no pool to bring back: the server's UP event marks them up.
    if (!this.lbReady || this.lb.distance(host) !== 'ignored') this.reconnector.start(host);
  }

  private hostRemoved(host: Host): void {
    this.reconnector.cancel(host);
    this.control.hostDown(host);
  }

  private async probe(host: Host): Promise<void> {
    const connection = await Connection.openResolved(
      host.address,
      host.port,
      this.init.connectionOptions(this.negotiated),
    );
    await connection.close();
  }
}

function describeChange(change: SchemaChange): string {
  const name = 'name' in change ? `.${change.name}` : '';
  return `${change.change} ${change.target} ${change.keyspace}${name}`;
}
