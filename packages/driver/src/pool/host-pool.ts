import { Connection } from '../connection/connection';
import type { ResolvedConnectionOptions } from '../connection/connection-options';
import { ClusterShutdownError, ConnectionError } from '../errors';
import { QueryMessage } from '../protocol/messages';
import { Consistency } from '../consistency';
import type { ReconnectionPolicy } from '../policies/reconnection';
import { runInternalRequest } from '../request/internal-request';
import type { TimerQueue } from '../structures/timer-queue';
import type { Host } from '../cluster/host';

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

  /** The open connections (a snapshot). */
  get openConnections(): readonly Connection[] {
    return this.connections;
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
   * `maxRequestsPerConnection` (the caller then tries another host).
   */
  borrow(): Connection | undefined {
    const list = this.connections;
    let best: Connection | undefined;
    let bestLoad = this.options.maxRequestsPerConnection;
    for (let i = 0; i < list.length; i++) {
      const c = list[i] as Connection;
      const load = c.inFlight;
      if (load < bestLoad && !c.closed) {
        best = c;
        bestLoad = load;
        if (load === 0) break;
      }
    }
    if (list.length < this.target) this.scheduleRefill();
    return best;
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

  /** Changes the number of connections: opens the missing ones, drains and closes the surplus. */
  resize(size: number): void {
    if (this.closed || size === this.target) return;
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
    const list = [...this.connections, ...this.draining];
    this.connections = [];
    this.draining.clear();
    await Promise.all(list.map((c) => c.close()));
    await this.opening?.catch(() => undefined);
  }

  private fill(all: boolean): Promise<void> {
    if (this.opening) return this.opening;
    const run = (async () => {
      const missing = this.target - this.connections.length;
      if (missing <= 0) return;
      // Open one connection alone (it shows whether the host answers), then the rest in parallel.
      if (this.connections.length === 0 && !(await this.openOne())) return;
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

  private async openOne(): Promise<boolean> {
    if (this.closed) return false;
    let connection: Connection | undefined;
    try {
      connection = await Connection.openResolved(this.host.address, this.host.port, this.options.connection);
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
    if (this.closed || this.connections.length >= this.target) {
      await connection.close();
      if (this.closed) throw new ClusterShutdownError('the pool was closed while a connection was opening');
      return true;
    }
    const wasEmpty = this.connections.length === 0;
    this.connections = [...this.connections, connection];
    this.lastError = undefined;
    this.schedule = undefined;
    connection.onClose((error) => this.connectionClosed(connection, error));
    if (wasEmpty) this.options.onFirstConnection?.(this.host, connection);
    return true;
  }

  private connectionClosed(connection: Connection, error: Error | undefined): void {
    this.draining.delete(connection);
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
    if (this.closed || this.suspended || this.refillTimer || this.opening) return;
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
