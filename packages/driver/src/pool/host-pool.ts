import { Connection } from '../connection/connection';
import type { ResolvedConnectionOptions } from '../connection/connection-options';
import { ClusterShutdownError, ConnectionError } from '../errors';
import { QueryMessage } from '../protocol/messages';
import { Consistency } from '../consistency';
import type { ReconnectionPolicy } from '../policies/reconnection';
import { runInternalRequest } from '../request/internal-request';
import type { TimerQueue } from '../structures/timer-queue';
import type { PolicyLogger } from '../policies/policy-logger';
import type { RoutingInfo } from '../policies/load-balancing';
import type { Host } from '../cluster/host';
import { leastBusy, ShardConnections } from './shard-connections';
import { openToShard } from './shard-aware-open';

/** How a pool opens connections and reports their fate. @internal */
export interface HostPoolOptions {
  /** Connections to keep open (changed later with `resize`). */
  readonly size: number;
  /** Requests allowed in flight on one connection before it counts as busy. */
  readonly maxRequestsPerConnection: number;
  /** Options of each connection. */
  readonly connection: ResolvedConnectionOptions;
  /** Delays between attempts to open missing connections. */
  readonly reconnectionPolicy: ReconnectionPolicy;
  /** The cluster's timers (deadlines of the pool's own requests). */
  readonly timers: TimerQueue;
  /** Deadline of the `USE` that switches a connection to the pool's keyspace, in ms. */
  readonly useKeyspaceTimeoutMs: number;
  /**
   * A connection failed to open, or closed with an error; `openConnections` are still open. The
   * cluster's conviction policy decides from it whether the host is down.
   */
  readonly onFailure?: (host: Host, error: Error, openConnections: number) => void;
  /** A connection was opened while the pool was empty. */
  readonly onFirstConnection?: (host: Host, connection: Connection) => void;
  /**
   * ScyllaDB: connections per shard once the host announced its sharding (default 1); the pool
   * then holds `shards × connectionsPerShard` connections instead of `size`.
   */
  readonly connectionsPerShard?: number;
  /** ScyllaDB: fill the pool per shard and route requests to their shard (default true). */
  readonly shardAwareness?: boolean;
  /** Where warnings go (partial sharding information, a NAT in the way). */
  readonly logger?: PolicyLogger;
}

/** How long the shard-aware port is left alone after it failed or a NAT rewrote source ports. */
const SHARD_AWARE_PORT_BACKOFF_MS = 10 * 60_000;

/** Rounds of regular-port openings that try to reach the shards still missing a connection. */
const EXTRA_FILL_ROUNDS = 2;

/**
 * How loaded a session's pool of one host is (see `Session.poolStates()`).
 *
 * @example
 * ```ts
 * for (const [host, p] of session.poolStates()) console.log(host, p.inFlight / p.capacity);
 * ```
 */
export interface HostPoolState {
  /** Open connections. */
  readonly openConnections: number;
  /** Open connections with at least one request in flight. */
  readonly busyConnections: number;
  /** Requests in flight over the open connections. */
  readonly inFlight: number;
  /** Requests the open connections can carry at once (`maxRequestsPerConnection` each). */
  readonly capacity: number;
}

/** How long a connection removed by `resize` may take to finish its requests before it is closed. */
const DRAIN_LIMIT_MS = 30_000;
const DRAIN_POLL_MS = 500;

/**
 * The connections of one host. Requests borrow the least busy open connection. Missing
 * connections (at start, after a loss, after `resize`) are opened in the background on the
 * reconnection policy's schedule, unless the pool is suspended (its host is down: the cluster's
 * reconnection brings it back, then `resume()` refills it). Every connection is switched to the
 * pool's keyspace (`USE`) before it serves requests.
 *
 * ScyllaDB: once the first connection tells the node's sharding, the pool keeps
 * `connectionsPerShard` connections on every shard, opened through the shard-aware port from a
 * chosen source port (its TLS twin with TLS); without that port, or while it misbehaves (refused,
 * or a NAT that rewrites source ports), through the regular port until every shard is covered.
 * A request with a token (or a tablet) borrows a connection of the owning shard, or any
 * connection of the host while that shard has none.
 *
 * @internal
 */
export class HostPool {
  private connections: Connection[] = [];
  private opening: Promise<void> | undefined;
  private keyspace: string | undefined;
  private closed = false;
  private suspended = false;
  private target: number;
  private refillTimer: NodeJS.Timeout | undefined;
  private schedule: Iterator<number> | undefined;
  private readonly draining = new Set<Connection>();
  /** ScyllaDB: the connections by shard, once the node announced its sharding. */
  private shards: ShardConnections | undefined;
  /** ScyllaDB: connections beyond their shard's quota, kept while filling (they steer the node's choice). */
  private readonly excess = new Set<Connection>();
  private shardFilling: Promise<void> | undefined;
  private shardAwarePortBlockedUntil = 0;
  private readonly warned = new Set<string>();
  /** The error of the last failed opening, if the pool is empty. */
  lastError: Error | undefined;

  constructor(
    readonly host: Host,
    private readonly options: HostPoolOptions,
  ) {
    this.target = options.size;
  }

  /** Open connections. */
  get size(): number {
    return this.connections.length;
  }

  /** Connections the pool keeps open. */
  get targetSize(): number {
    return this.target;
  }

  /** Requests in flight over all connections. */
  get inFlight(): number {
    let n = 0;
    for (const c of this.connections) n += c.inFlight;
    return n;
  }

  /** Connections, requests in flight and capacity, now. */
  state(): HostPoolState {
    let busyConnections = 0;
    let inFlight = 0;
    for (const c of this.connections) {
      const n = c.inFlight;
      inFlight += n;
      if (n > 0) busyConnections++;
    }
    const openConnections = this.connections.length;
    return {
      openConnections,
      busyConnections,
      inFlight,
      capacity: openConnections * this.options.maxRequestsPerConnection,
    };
  }

  /** The open connections (a snapshot). */
  get openConnections(): readonly Connection[] {
    return this.connections;
  }

  /** ScyllaDB: shards of the node (`undefined` on Apache Cassandra or with shard awareness off). */
  get shardCount(): number | undefined {
    return this.shards?.info.nrShards;
  }

  /** ScyllaDB: open connections per shard (`undefined` without sharding). */
  connectionsPerShard(): number[] | undefined {
    return this.shards?.counts();
  }

  /** Whether refilling is suspended (the host is down). */
  get isSuspended(): boolean {
    return this.suspended;
  }

  /** Whether the pool was closed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Opens the missing connections. Resolves once at least one is open (with `all`, once every
   * missing connection was attempted); rejects with the opening error if none is open.
   */
  async warmup(all = false): Promise<void> {
    if (this.connections.length === 0 || all) await this.fill(all);
    if (this.connections.length === 0) {
      throw (
        this.lastError ??
        new ConnectionError(`no connection could be opened to ${this.host.endpoint}`, this.host.endpoint)
      );
    }
  }

  /**
   * The least busy open connection, or `undefined` when there is none or all are at
   * `maxRequestsPerConnection` (the caller then tries another host). With ScyllaDB sharding and a
   * request token (or tablet), a connection of the owning shard when it has one below the limit.
   */
  borrow(routing?: RoutingInfo): Connection | undefined {
    const max = this.options.maxRequestsPerConnection;
    const shards = this.shards;
    if (shards !== undefined && routing !== undefined) {
      const shard = this.shardOf(shards, routing);
      if (shard >= 0) {
        const onShard = shards.leastBusy(shard, max);
        if (onShard !== undefined) return onShard;
      }
    }
    const list = this.connections;
    if (list.length < this.target) this.scheduleRefill();
    return leastBusy(list, max);
  }

  /**
   * For a pool that has no connection yet and has not failed to open one (a pool just created):
   * starts opening its first connection if it is not already, and returns a promise settled when
   * that attempt ends. `undefined` otherwise (open connections, a failure, suspended, closed):
   * requests do not wait for pools that are retrying on the reconnection schedule.
   */
  firstConnection(): Promise<void> | undefined {
    if (this.connections.length > 0 || this.lastError !== undefined || this.suspended || this.closed) {
      return undefined;
    }
    if (this.opening === undefined) {
      if (this.refillTimer) clearTimeout(this.refillTimer);
      this.refillTimer = undefined;
      void this.fill(false).catch(() => undefined);
    }
    return this.opening?.then(
      () => undefined,
      () => undefined,
    );
  }

  /** The shard of this host a request belongs to: its tablet replica's here, else its token's; −1 when unknown. */
  private shardOf(shards: ShardConnections, routing: RoutingInfo): number {
    const tablet = routing.tablet;
    if (tablet !== undefined) {
      const replicas = tablet.replicas;
      for (let i = 0; i < replicas.length; i++) {
        const replica = replicas[i]!;
        if (replica.host === this.host) return replica.shard;
      }
    }
    const token = routing.token;
    return token === undefined ? -1 : shards.sharder.shardOf(token);
  }

  /**
   * Changes the number of connections: opens the missing ones, drains and closes the surplus.
   * A sharded pool keeps its per-shard size.
   */
  resize(size: number): void {
    if (this.closed || size === this.target || this.shards !== undefined) return;
    this.target = size;
    if (this.connections.length < size) {
      this.scheduleRefill(0);
      return;
    }
    const surplus = this.connections.slice(size);
    this.connections = this.connections.slice(0, size);
    for (const connection of surplus) void this.drainAndClose(connection);
  }

  /** Stops opening connections (the host is down). Open connections stay. */
  suspend(): void {
    this.suspended = true;
    if (this.refillTimer) clearTimeout(this.refillTimer);
    this.refillTimer = undefined;
  }

  /** Resumes refilling at once, with a fresh schedule (the host is up again). */
  resume(): void {
    this.suspended = false;
    this.schedule = undefined;
    this.scheduleRefill(0);
  }

  /** Switches every connection (and future ones) to `keyspace`. */
  async useKeyspace(keyspace: string): Promise<void> {
    this.keyspace = keyspace;
    await Promise.all(this.connections.map((c) => this.useKeyspaceOn(c, keyspace)));
  }

  /** Closes every connection; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.refillTimer) clearTimeout(this.refillTimer);
    this.refillTimer = undefined;
    const list = [...this.connections, ...this.draining, ...this.excess];
    this.connections = [];
    this.draining.clear();
    this.excess.clear();
    await Promise.all(list.map((c) => c.close()));
    await this.opening?.catch(() => undefined);
    await this.shardFilling?.catch(() => undefined);
  }

  private fill(all: boolean): Promise<void> {
    if (this.opening) return this.opening;
    const run = (async () => {
      const missing = this.target - this.connections.length;
      if (missing <= 0) return;
      // Open one connection alone (it shows whether the host answers, and a ScyllaDB node's
      // sharding), then the rest in parallel.
      if (this.connections.length === 0 && !(await this.openOne())) return;
      if (this.shards !== undefined) {
        const filling = this.fillShards();
        if (all) await filling;
        return;
      }
      const rest = this.target - this.connections.length;
      if (rest > 0) {
        const opened = Promise.all(Array.from({ length: rest }, () => this.openOne()));
        if (all) await opened;
        else void opened;
      }
    })();
    // Cleared once settled — also when the body finished without awaiting (a `finally` inside the
    // body would then run before the assignment and leave `opening` set forever).
    this.opening = run;
    const clear = (): void => {
      if (this.opening === run) this.opening = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  /**
   * ScyllaDB: opens connections to the shards missing some (in parallel), a few rounds when the
   * regular port lands them on shards already served; then closes the surplus. One at a time.
   */
  private fillShards(): Promise<void> {
    if (this.shardFilling) return this.shardFilling;
    const run = (async () => {
      const rounds = 1 + EXTRA_FILL_ROUNDS + (this.shards?.info.nrShards ?? 0);
      for (let round = 0; round < rounds && !this.closed; round++) {
        const missing = this.shards?.missing() ?? [];
        if (missing.length === 0) break;
        const results = await Promise.all(missing.map((shard) => this.openOne(shard)));
        if (!results.some((opened) => opened)) break; // the host does not answer: the schedule retries
      }
      const excess = [...this.excess];
      this.excess.clear();
      await Promise.all(excess.map((c) => c.close()));
    })();
    this.shardFilling = run;
    const clear = (): void => {
      if (this.shardFilling === run) this.shardFilling = undefined;
      if ((this.shards?.missing().length ?? 0) > 0) this.scheduleRefill();
    };
    run.then(clear, clear);
    return run;
  }

  /**
   * Opens one connection (to `shard` through the shard-aware port when the node has one and it
   * behaves) and adds it to the pool. Resolves whether a connection was opened.
   */
  private async openOne(shard?: number): Promise<boolean> {
    if (this.closed) return false;
    let connection: Connection | undefined;
    try {
      connection = await this.connect(shard);
      if (this.keyspace !== undefined) await this.useKeyspaceOn(connection, this.keyspace);
    } catch (e) {
      void connection?.close(); // opened, but could not be switched to the keyspace
      const error = e instanceof Error ? e : new Error(String(e));
      this.lastError = error;
      if (!this.closed) {
        this.options.onFailure?.(this.host, error, this.connections.length);
        this.scheduleRefill();
      }
      return false;
    }
    if (this.closed) {
      await connection.close();
      throw new ClusterShutdownError('the pool was closed while a connection was opening');
    }
    const wasEmpty = this.connections.length === 0;
    if (wasEmpty) this.learnSharding(connection);
    if (this.shards !== undefined && !this.shards.add(connection)) {
      // its shard is served: keep it while filling (the node counts it), close it afterwards
      this.excess.add(connection);
      connection.onClose(() => this.excess.delete(connection));
      return true;
    }
    if (this.shards === undefined && this.connections.length >= this.target) {
      await connection.close();
      return true;
    }
    this.connections = [...this.connections, connection];
    this.lastError = undefined;
    this.schedule = undefined;
    connection.onClose((error) => this.connectionClosed(connection, error));
    if (wasEmpty) this.options.onFirstConnection?.(this.host, connection);
    return true;
  }

  /** Opens a connection, to `shard` through the shard-aware port when possible. */
  private async connect(shard: number | undefined): Promise<Connection> {
    const shards = this.shards;
    const port = shard === undefined || shards === undefined ? undefined : this.shardAwarePort(shards);
    if (port === undefined || shard === undefined || shards === undefined) {
      return Connection.openResolved(this.host.address, this.host.port, this.options.connection);
    }
    let connection: Connection;
    try {
      connection = await openToShard(this.host.address, port, shard, shards.sharder, this.options.connection);
    } catch (error) {
      this.blockShardAwarePort(
        `could not connect to the shard-aware port ${port} of ${this.host.endpoint} ` +
          `(${error instanceof Error ? error.message : String(error)}); using the regular port`,
      );
      return Connection.openResolved(this.host.address, this.host.port, this.options.connection);
    }
    if (connection.shard !== shard) {
      this.blockShardAwarePort(
        `a connection to the shard-aware port of ${this.host.endpoint} asked for shard ${shard} and got ` +
          `shard ${String(connection.shard)}: a NAT seems to rewrite source ports; using the regular port`,
      );
    }
    return connection;
  }

  /** The shard-aware port to use (its TLS twin with TLS), unless it misbehaved recently. */
  private shardAwarePort(shards: ShardConnections): number | undefined {
    if (Date.now() < this.shardAwarePortBlockedUntil) return undefined;
    return this.options.connection.tls !== null ? shards.info.shardAwarePortSsl : shards.info.shardAwarePort;
  }

  private blockShardAwarePort(why: string): void {
    this.shardAwarePortBlockedUntil = Date.now() + SHARD_AWARE_PORT_BACKOFF_MS;
    this.warnOnce(why);
  }

  /** The first connection of an empty pool tells whether (and how) the node is sharded. */
  private learnSharding(connection: Connection): void {
    for (const warning of connection.extensionWarnings) this.warnOnce(`${this.host.endpoint}: ${warning}`);
    const info = connection.scyllaExtensions?.sharding;
    if (info === undefined || this.options.shardAwareness === false) {
      this.shards = undefined;
      return;
    }
    if (this.shards === undefined || !this.shards.sameSharding(info)) {
      this.shards = new ShardConnections(info, this.options.connectionsPerShard ?? 1);
    }
    this.target = this.shards.target;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.logger?.warn(message);
  }

  private connectionClosed(connection: Connection, error: Error | undefined): void {
    this.draining.delete(connection);
    this.shards?.remove(connection);
    const before = this.connections.length;
    this.connections = this.connections.filter((c) => c !== connection);
    if (this.closed || before === this.connections.length) return;
    if (error) {
      this.lastError = error;
      this.options.onFailure?.(this.host, error, this.connections.length);
    }
    this.scheduleRefill();
  }

  /** Schedules the opening of the missing connections, after `delayMs` or the schedule's next delay. */
  private scheduleRefill(delayMs?: number): void {
    if (this.closed || this.suspended || this.refillTimer || this.opening || this.shardFilling) return;
    if (this.connections.length >= this.target) return;
    let delay = delayMs;
    if (delay === undefined) {
      this.schedule ??= this.options.reconnectionPolicy.newSchedule();
      const next = this.schedule.next();
      if (next.done) return; // the policy gave up; resume() starts over
      delay = next.value;
    }
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined;
      void this.fill(false).catch(() => undefined);
    }, delay);
    this.refillTimer.unref();
  }

  /** Sends `USE <keyspace>` (a CQL-quoted name) on one connection. */
  private async useKeyspaceOn(connection: Connection, keyspace: string): Promise<void> {
    await runInternalRequest({
      connection,
      message: new QueryMessage(`USE ${keyspace}`, { consistency: Consistency.ONE }),
      what: `USE ${keyspace}`,
      expect: 'result',
      timeoutMs: this.options.useKeyspaceTimeoutMs,
      timers: this.options.timers,
    });
  }

  private async drainAndClose(connection: Connection): Promise<void> {
    this.draining.add(connection);
    const started = Date.now();
    while (connection.inFlight > 0 && Date.now() - started < DRAIN_LIMIT_MS && !this.closed) {
      await new Promise<void>((resolve) => setTimeout(resolve, DRAIN_POLL_MS).unref());
    }
    this.draining.delete(connection);
    await connection.close();
  }
}
