/**
 * A session's connection pools: one per host the load-balancing policy does not ignore, sized by
 * the host's distance and following the hosts' lifecycle.
 *
 * @packageDocumentation
 */

import type { Connection } from '../connection/connection';
import { NoHostAvailableError, RequestAbortedError } from '../errors';
import type { Host, HostDistance } from '../cluster/host';
import { HostPool, type HostPoolOptions } from './host-pool';
import type { HostStateListener } from '../cluster/host-registry';

/** What a session's pools need from the cluster. @internal */
export interface SessionPoolsDeps {
  /** Every known host. */
  hosts(): readonly Host[];
  /** The host's distance according to the load-balancing policy. */
  distance(host: Host): HostDistance;
  /** Pool size for a distance (0: no pool). */
  poolSize(distance: HostDistance): number;
  /** Options shared by every pool. */
  readonly pool: Omit<HostPoolOptions, 'size' | 'onFailure' | 'onFirstConnection'>;
  /** A connection of `host` failed (the cluster applies its conviction policy). */
  reportFailure(host: Host, error: Error): void;
  /** A pool of `host` opened its first connection (after being empty). */
  hostConnected(host: Host, connection: Connection): void;
  /** Why no host gets a pool (a wrong local data center…), for the error of `connect()`. */
  explainNoHosts(): string;
}

/**
 * The pools of one session. As a {@link HostStateListener} it creates pools for added hosts,
 * closes those of removed hosts, suspends refilling while a host is down and resumes it when the
 * host is up; after each event every pool is resized to its host's current distance.
 *
 * @internal
 */
export class SessionPools implements HostStateListener {
  private readonly pools = new Map<Host, HostPool>();
  private keyspace: string | undefined;
  private closed = false;

  constructor(private readonly deps: SessionPoolsDeps) {}

  /** The pool of a host. */
  get(host: Host): HostPool | undefined {
    return this.pools.get(host);
  }

  /** Every pool. */
  all(): IterableIterator<HostPool> {
    return this.pools.values();
  }

  /** Open connections to `host`. */
  openConnections(host: Host): number {
    return this.pools.get(host)?.size ?? 0;
  }

  /** ScyllaDB: open connections to each shard of `host` (`undefined` when its pool is not sharded). */
  connectionsPerShard(host: Host): number[] | undefined {
    return this.pools.get(host)?.connectionsPerShard();
  }

  /**
   * Creates the pools and opens their connections. Resolves once every pool opened its first
   * connection or failed (with `waitForAll`, once every pool opened all its connections or
   * failed); the rest open in the background.
   *
   * @throws NoHostAvailableError when no host could be connected
   * @throws RequestAbortedError when `signal` aborts first
   */
  async connect(waitForAll: boolean, signal: AbortSignal | undefined): Promise<void> {
    this.sync();
    const pools = [...this.pools.values()].filter((p) => !p.isSuspended);
    const warmups = pools.map((p) => p.warmup(waitForAll));
    for (const w of warmups) w.catch(() => undefined);
    await abortable(Promise.allSettled(warmups), signal);
    if (pools.some((p) => p.size > 0)) return;
    const errors = new Map<string, Error>();
    for (const p of pools) {
      errors.set(p.host.endpoint, p.lastError ?? new Error(`no connection to ${p.host.endpoint}`));
    }
    throw new NoHostAvailableError(
      pools.length === 0
        ? `no host to connect to: ${this.deps.explainNoHosts()}`
        : `could not connect to any host (${[...errors].map(([h, e]) => `${h}: ${e.message}`).join('; ')})`,
      errors,
    );
  }

  /** Switches every pool (and future ones) to a keyspace (CQL-quoted name). */
  async useKeyspace(cqlName: string): Promise<void> {
    this.keyspace = cqlName;
    await Promise.all([...this.pools.values()].map((p) => p.useKeyspace(cqlName)));
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  onAdd(_host: Host): void {
    this.sync();
  }

  onRemove(host: Host): void {
    const pool = this.pools.get(host);
    if (pool !== undefined) {
      this.pools.delete(host);
      void pool.close();
    }
    this.sync();
  }

  onUp(host: Host): void {
    this.sync();
    this.pools.get(host)?.resume();
  }

  onDown(host: Host): void {
    this.pools.get(host)?.suspend();
    this.sync();
  }

  /** Creates, resizes or closes pools to match every host's current distance. */
  sync(): void {
    if (this.closed) return;
    const hosts = this.deps.hosts();
    for (const host of hosts) {
      const size = this.deps.poolSize(this.deps.distance(host));
      const pool = this.pools.get(host);
      if (size === 0) {
        if (pool !== undefined) {
          this.pools.delete(host);
          void pool.close();
        }
      } else if (pool === undefined) {
        this.create(host, size);
      } else {
        pool.resize(size);
      }
    }
    for (const [host, pool] of this.pools) {
      if (!hosts.includes(host)) {
        this.pools.delete(host);
        void pool.close();
      }
    }
  }

  private create(host: Host, size: number): void {
    const pool = new HostPool(host, {
      ...this.deps.pool,
      size,
      onFailure: (h, error) => this.deps.reportFailure(h, error),
      onFirstConnection: (h, connection) => this.deps.hostConnected(h, connection),
    });
    if (this.keyspace !== undefined) void pool.useKeyspace(this.keyspace);
    this.pools.set(host, pool);
    if (host.isUp) pool.resume();
    else pool.suspend();
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function abortError(signal: AbortSignal): RequestAbortedError {
  return new RequestAbortedError('connect() was aborted by its AbortSignal', { cause: signal.reason });
}
