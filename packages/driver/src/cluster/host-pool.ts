import { Connection } from '../connection/connection';
import type { ConnectionOptions } from '../connection/connection-options';
import { ClusterShutdownError, ConnectionError } from '../errors';
import { QueryMessage } from '../protocol/messages';
import { Consistency } from '../consistency';
import type { Host } from './host';

/** How a pool opens connections and learns about their fate. @internal */
export interface HostPoolOptions {
  /** Connections to keep open. */
  readonly size: number;
  /** Requests allowed in flight on one connection before it counts as busy. */
  readonly maxRequestsPerConnection: number;
  /** Options of each connection. */
  readonly connection: ConnectionOptions;
  /** Called when the pool lost its last connection (the host may be down). */
  readonly onEmpty?: (host: Host, error: Error | undefined) => void;
  /** Called when a connection is opened after the pool was empty. */
  readonly onFirstConnection?: (host: Host) => void;
}

/**
 * The connections of one host. Requests borrow the least busy open connection; closed
 * connections are dropped and replaced in the background with a growing delay. Every connection
 * is switched to the pool's keyspace (`USE`) before it serves requests.
 *
 * @internal
 */
export class HostPool {
  private connections: Connection[] = [];
  private opening: Promise<void> | undefined;
  private keyspace: string | undefined;
  private closed = false;
  private refillTimer: NodeJS.Timeout | undefined;
  private refillDelayMs = REFILL_BASE_DELAY_MS;
  /** The error of the last failed opening, if the pool is empty. */
  lastError: Error | undefined;

  constructor(
    readonly host: Host,
    private readonly options: HostPoolOptions,
  ) {}

  /** Open connections. */
  get size(): number {
    return this.connections.length;
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

  /**
   * Opens the pool's connections. Resolves once at least one is open (the rest keep opening in the
   * background); rejects with the opening error if none could be opened.
   */
  async warmup(): Promise<void> {
    if (this.connections.length > 0) return;
    await this.fill();
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
    if (list.length < this.options.size) this.scheduleRefill(0);
    return best;
  }

  /** Switches every connection (and future ones) to `keyspace`. */
  async useKeyspace(keyspace: string): Promise<void> {
    this.keyspace = keyspace;
    await Promise.all(this.connections.map((c) => useKeyspaceOn(c, keyspace)));
  }

  /** Closes every connection; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.refillTimer) clearTimeout(this.refillTimer);
    const list = this.connections;
    this.connections = [];
    await Promise.all(list.map((c) => c.close()));
  }

  private fill(): Promise<void> {
    if (this.opening) return this.opening;
    this.opening = (async () => {
      try {
        const missing = this.options.size - this.connections.length;
        // Open the first connection alone (it negotiates the protocol version), then the rest in parallel.
        if (missing > 0 && (await this.openOne())) {
          await Promise.all(Array.from({ length: missing - 1 }, () => this.openOne()));
        }
      } finally {
        this.opening = undefined;
      }
    })();
    return this.opening;
  }

  private async openOne(): Promise<boolean> {
    if (this.closed) return false;
    let connection: Connection;
    try {
      connection = await Connection.open(this.host.address, this.host.port, this.options.connection);
      if (this.keyspace !== undefined) await useKeyspaceOn(connection, this.keyspace);
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      if (this.connections.length === 0) this.scheduleRefill(this.nextDelay());
      return false;
    }
    if (this.closed) {
      await connection.close();
      throw new ClusterShutdownError('the cluster was shut down while a connection was opening');
    }
    const wasEmpty = this.connections.length === 0;
    this.connections = [...this.connections, connection];
    this.lastError = undefined;
    this.refillDelayMs = REFILL_BASE_DELAY_MS;
    connection.onClose((error) => this.connectionClosed(connection, error));
    if (wasEmpty) this.options.onFirstConnection?.(this.host);
    return true;
  }

  private connectionClosed(connection: Connection, error: Error | undefined): void {
    this.connections = this.connections.filter((c) => c !== connection);
    if (this.closed) return;
    if (error) this.lastError = error;
    if (this.connections.length === 0) this.options.onEmpty?.(this.host, error);
    this.scheduleRefill(this.connections.length === 0 ? this.nextDelay() : 0);
  }

  private nextDelay(): number {
    const d = this.refillDelayMs;
    this.refillDelayMs = Math.min(this.refillDelayMs * 2, REFILL_MAX_DELAY_MS);
    return d;
  }

  private scheduleRefill(delayMs: number): void {
    if (this.closed || this.refillTimer || this.opening) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined;
      void this.fill().catch(() => undefined);
    }, delayMs);
    this.refillTimer.unref();
  }
}

const REFILL_BASE_DELAY_MS = 1000;
const REFILL_MAX_DELAY_MS = 60_000;

/** Sends `USE "keyspace"` on one connection. @internal */
export async function useKeyspaceOn(connection: Connection, keyspace: string): Promise<void> {
  await connection.send(new QueryMessage(`USE ${keyspace}`, { consistency: Consistency.ONE }));
}
