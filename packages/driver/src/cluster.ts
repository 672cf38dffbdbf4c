import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Host } from './cluster/host';
import { HostPool } from './cluster/host-pool';
import { PlainTextAuthProvider } from './connection/auth';
import type { ConnectionOptions } from './connection/connection-options';
import { ClusterShutdownError, InvalidOptionsError, NoHostAvailableError } from './errors';
import {
  DEFAULT_EXECUTION_PROFILE,
  validateClusterOptions,
  type ClusterOptions,
  type ContactPoint,
  type ResolvedExecutionProfile,
} from './options';
import type { ProtocolVersion } from './protocol/opcodes';
import type { LoadBalancingPolicy } from './policies/load-balancing';
import { RoundRobinPolicy } from './policies/load-balancing-round-robin';
import { DefaultRetryPolicy } from './policies/retry-default';
import type { RetryPolicy } from './policies/retry';
import { TimerQueue } from './request/timer-queue';
import { Session } from './session';
import type { CodecOptions } from './types';

/**
 * The entry point: a cluster of Cassandra/ScyllaDB nodes reached through its contact points.
 * Create one per cluster, `connect()` sessions from it, and `shutdown()` it at the end (or use
 * `await using`).
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 *
 * await using cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
 * const session = await cluster.connect('shop');
 * const rs = await session.execute('SELECT release_version FROM system.local');
 * console.log(rs.first());
 * ```
 */
export class Cluster implements AsyncDisposable {
  private readonly contactPoints: readonly ContactPoint[];
  private readonly timers = new TimerQueue();
  private readonly sessions = new Set<Session>();
  private readonly profile: ResolvedExecutionProfile;
  private readonly codecOptions: CodecOptions | undefined;
  private readonly retryPolicy: RetryPolicy;
  private knownHosts: readonly Host[] = [];
  private negotiatedVersion: ProtocolVersion | undefined;
  private isShutdown = false;

  constructor(readonly options: ClusterOptions) {
    this.contactPoints = validateClusterOptions(options);
    this.profile = { ...DEFAULT_EXECUTION_PROFILE, ...definedOnly(options.defaultProfile ?? {}) };
    this.codecOptions =
      options.int64As !== undefined || options.setsAs !== undefined
        ? {
            ...(options.int64As ? { int64As: options.int64As } : {}),
            ...(options.setsAs ? { setsAs: options.setsAs } : {}),
          }
        : undefined;
    this.retryPolicy = new DefaultRetryPolicy();
  }

  /** The hosts known to the driver (the contact points until metadata discovery finds more). */
  hosts(): readonly Host[] {
    return this.knownHosts;
  }

  /** The default execution profile (cluster defaults applied). */
  get defaultProfile(): ResolvedExecutionProfile {
    return this.profile;
  }

  /**
   * Opens a session: connection pools to the hosts, switched to `keyspace` when given. Resolves
   * once at least one host is connected; rejects with `NoHostAvailableError` (listing each host's
   * error) when none could be reached.
   *
   * @example
   * ```ts
   * const session = await cluster.connect('shop', { signal: AbortSignal.timeout(10_000) });
   * ```
   */
  async connect(keyspace?: string, options: { signal?: AbortSignal } = {}): Promise<Session> {
    if (this.isShutdown) throw new ClusterShutdownError('connect(): the cluster was shut down');
    if (keyspace !== undefined && (typeof keyspace !== 'string' || keyspace === '')) {
      throw new InvalidOptionsError('connect(keyspace): keyspace must be a non-empty string');
    }
    if (this.knownHosts.length === 0) this.knownHosts = await this.resolveContactPoints();
    const hosts = this.knownHosts;
    const lb: LoadBalancingPolicy = new RoundRobinPolicy();
    lb.init({ hosts: () => hosts, getReplicas: () => [] });

    const pools = new Map<Host, HostPool>();
    const makePool = (host: Host): HostPool =>
      new HostPool(host, {
        size: this.options.connectionsPerHost ?? 1,
        maxRequestsPerConnection: this.options.maxRequestsPerConnection ?? 2048,
        connection: this.connectionOptions(options.signal),
        onEmpty: (h) => {
          h.setUp(false);
          lb.onDown(h);
        },
        onFirstConnection: (h) => {
          if (!h.isUp) {
            h.setUp(true);
            lb.onUp(h);
          }
        },
      });
    const errors = new Map<string, Error>();
    // The first reachable host negotiates the protocol version; the others then use it.
    const [first, ...rest] = hosts;
    const ordered = first ? [first, ...rest] : [];
    let index = 0;
    for (; index < ordered.length && this.negotiatedVersion === undefined; index++) {
      const host = ordered[index] as Host;
      const pool = makePool(host);
      try {
        await pool.warmup();
        this.negotiatedVersion = pool.openConnections[0]?.protocolVersion;
        pools.set(host, pool);
      } catch (e) {
        errors.set(host.endpoint, e as Error);
        host.setUp(false);
        await pool.close();
        if (options.signal?.aborted) break;
      }
    }
    await Promise.all(
      ordered.slice(index).map(async (host) => {
        if (pools.has(host)) return;
        const pool = makePool(host);
        pools.set(host, pool);
        try {
          await pool.warmup();
        } catch (e) {
          errors.set(host.endpoint, e as Error);
          host.setUp(false);
        }
      }),
    );
    for (const host of ordered) if (!pools.has(host)) pools.set(host, makePool(host));
    if (![...pools.values()].some((p) => p.size > 0)) {
      await Promise.all([...pools.values()].map((p) => p.close()));
      throw new NoHostAvailableError(
        `could not connect to any contact point (${[...errors].map(([h, e]) => `${h}: ${e.message}`).join('; ')})`,
        errors,
      );
    }
    const session = new Session({
      pools,
      queryPlan: (routing) => lb.newQueryPlan(routing),
      timers: this.timers,
      profile: this.profile,
      codecOptions: this.codecOptions,
      retryPolicy: this.retryPolicy,
      preparedCacheSize: this.options.preparedCacheSize ?? 1000,
      onShutdown: (s) => this.sessions.delete(s),
    });
    this.sessions.add(session);
    if (keyspace !== undefined) {
      try {
        await session.useKeyspace(keyspace, keyspace !== keyspace.toLowerCase());
      } catch (e) {
        await session.shutdown();
        throw e;
      }
    }
    return session;
  }

  /** Shuts down every session and releases every resource. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await Promise.all([...this.sessions].map((s) => s.shutdown()));
    this.timers.clear();
  }

  /** `await using cluster = new Cluster(…)` shuts it down at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  private connectionOptions(signal: AbortSignal | undefined): ConnectionOptions {
    const o = this.options;
    const authProvider =
      o.authProvider ??
      (o.credentials ? new PlainTextAuthProvider(o.credentials.username, o.credentials.password) : undefined);
    const protocolVersion = o.protocolVersion ?? this.negotiatedVersion;
    return {
      ...(protocolVersion !== undefined ? { protocolVersion } : {}),
      ...(o.compression !== undefined ? { compression: o.compression } : {}),
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      ...(o.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: o.heartbeatIntervalMs } : {}),
      ...(o.socket?.noDelay !== undefined ? { noDelay: o.socket.noDelay } : {}),
      ...(o.socket?.keepAlive !== undefined ? { keepAlive: o.socket.keepAlive } : {}),
      ...(o.socket?.keepAliveDelayMs !== undefined ? { keepAliveDelayMs: o.socket.keepAliveDelayMs } : {}),
      ...(o.tls !== undefined ? { tls: o.tls } : {}),
      ...(authProvider ? { authProvider } : {}),
      ...(o.startupOptions ? { startupOptions: o.startupOptions } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  private async resolveContactPoints(): Promise<Host[]> {
    const hosts = new Map<string, Host>();
    const failures: string[] = [];
    await Promise.all(
      this.contactPoints.map(async (cp) => {
        try {
          const addresses = isIP(cp.host) ? [{ address: cp.host }] : await lookup(cp.host, { all: true });
          for (const a of addresses) {
            const host = new Host({ address: a.address, port: cp.port });
            if (!hosts.has(host.endpoint)) hosts.set(host.endpoint, host);
          }
        } catch (e) {
          failures.push(`${cp.host}: ${(e as Error).message}`);
        }
      }),
    );
    if (hosts.size === 0) {
      throw new NoHostAvailableError(
        `none of the contact points could be resolved (${failures.join('; ')})`,
        new Map(failures.map((f) => [f, new Error(f)])),
      );
    }
    return [...hosts.values()];
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
