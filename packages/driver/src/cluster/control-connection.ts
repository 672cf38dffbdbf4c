/**
 * The control connection: one connection, separate from the sessions' pools, that reads the
 * cluster's topology and schema from system tables and receives its events.
 *
 * @packageDocumentation
 */

import { Connection } from '../connection/connection';
import type { ResolvedConnectionOptions } from '../connection/connection-options';
import { ClusterShutdownError, ConnectionError, NoHostAvailableError } from '../errors';
import type { Envelope } from '../protocol/envelope';
import { decodeResponseBody, RegisterMessage, type ProtocolEvent } from '../protocol/messages';
import type { PolicyLogger } from '../policies/policy-logger';
import type { ReconnectionPolicy } from '../policies/reconnection';
import type { RetryPolicy } from '../policies/retry';
import { runInternalRequest } from '../request/internal-request';
import type { TimerQueue } from '../structures/timer-queue';
import type { Params } from '../request/value-binder';
import type { Host } from './host';
import { querySystemRows, type SystemQueryTarget, type SystemRow } from './system-query';

/** What the control connection needs from the cluster. @internal */
export interface ControlConnectionDeps {
  /** Options of a new connection (the protocol version is pinned once negotiated). */
  connectionOptions(): ResolvedConnectionOptions;
  readonly timers: TimerQueue;
  readonly retryPolicy: RetryPolicy;
  /** Deadline of each control query (and of REGISTER), in ms. */
  readonly queryTimeoutMs: number;
  readonly reconnectionPolicy: ReconnectionPolicy;
  readonly logger: PolicyLogger;
  /** Hosts to try when moving to another node, best first (evaluated lazily). */
  candidates(): Iterable<Host>;
  /**
   * Runs once a connection is open and registered, before it becomes current: reads the topology
   * (and schema). A rejection makes the control connection try the next host.
   */
  onConnected(target: SystemQueryTarget, reconnected: boolean): Promise<void>;
  /** A pushed server event. */
  onEvent(event: ProtocolEvent): void;
  /** The current connection was lost (not closed by `close()`). */
  onConnectionLost(host: Host, error: Error | undefined): void;
  /** An attempt to open a connection to `host` failed. */
  onConnectFailure(host: Host, error: Error): void;
}

/** Events the control connection subscribes to. */
const EVENT_TYPES = ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE'] as const;

/**
 * Keeps one registered connection to some node of the cluster. When it is lost (or its host goes
 * down) it moves to another host, trying the candidates in order and waiting the reconnection
 * policy's delays between full rounds, until it succeeds or the cluster shuts down.
 *
 * @internal
 */
export class ControlConnection {
  private current: SystemQueryTarget | undefined;
  private reconnecting: Promise<void> | undefined;
  private closed = false;
  private readonly stopWaiting = new AbortController();

  constructor(private readonly deps: ControlConnectionDeps) {}

  /** The host the control connection is connected to, if any. */
  get host(): Host | undefined {
    return this.current?.host;
  }

  /** The protocol version of the current connection. */
  get protocolVersion(): number | undefined {
    return this.current?.connection.protocolVersion;
  }

  /** Whether a connection is open. */
  get connected(): boolean {
    return this.current !== undefined && !this.current.connection.closed;
  }

  /**
   * Connects to the first of `hosts` that accepts a connection, registers for events and passes
   * `onConnected`.
   *
   * @throws NoHostAvailableError listing each host's error when none worked
   */
  async connect(hosts: Iterable<Host>): Promise<void> {
    const errors = new Map<string, Error>();
    for (const host of hosts) {
      if (this.closed) throw new ClusterShutdownError('the cluster was shut down while connecting');
      try {
        await this.open(host, false);
        return;
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        errors.set(host.endpoint, error);
        if (!this.closed) this.deps.onConnectFailure(host, error);
      }
    }
    throw new NoHostAvailableError(
      errors.size === 0
        ? 'the control connection has no host to connect to'
        : `the control connection could not connect to any host (${[...errors]
            .map(([h, e]) => `${h}: ${e.message}`)
            .join('; ')})`,
      errors,
    );
  }

  /**
   * Runs a query on the control connection.
   *
   * @throws ConnectionError when the control connection is not connected
   */
  query(cql: string, params?: Params): Promise<SystemRow[]> {
    const target = this.current;
    if (target === undefined || target.connection.closed) {
      return Promise.reject(
        new ConnectionError(
          'the control connection is not connected (it is moving to another host)',
          target?.host.endpoint ?? '-',
        ),
      );
    }
    return querySystemRows(target, cql, params);
  }

  /** The host went down: if it is ours, move to another one. */
  hostDown(host: Host): void {
    const target = this.current;
    if (target === undefined || target.host !== host) return;
    void target.connection.close(); // the close listener starts the move
  }

  /** Moves to another host now (no-op while a move is in progress). */
  reconnect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.reconnecting ??= this.reconnectLoop().finally(() => {
      this.reconnecting = undefined;
    });
    return this.reconnecting;
  }

  /** Closes the connection and stops reconnecting. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting.abort();
    const target = this.current;
    this.current = undefined;
    await target?.connection.close();
    await this.reconnecting?.catch(() => undefined);
  }

  private async open(host: Host, reconnected: boolean): Promise<void> {
    const connection = await Connection.openResolved(host.address, host.port, this.deps.connectionOptions());
    try {
      if (this.closed) throw new ClusterShutdownError('the cluster was shut down while connecting');
      connection.onEvent((frame) => this.dispatchEvent(frame, connection.endpoint));
      await runInternalRequest({
        connection,
        message: new RegisterMessage(EVENT_TYPES),
        what: 'REGISTER',
        expect: 'ready',
        timeoutMs: this.deps.queryTimeoutMs,
        timers: this.deps.timers,
      });
      const target: SystemQueryTarget = {
        host,
        connection,
        timers: this.deps.timers,
        retryPolicy: this.deps.retryPolicy,
        timeoutMs: this.deps.queryTimeoutMs,
      };
      this.current = target;
      await this.deps.onConnected(target, reconnected);
      if (this.closed) throw new ClusterShutdownError('the cluster was shut down while connecting');
      connection.onClose((error) => this.lost(target, error));
      if (connection.closed) this.lost(target, undefined);
    } catch (error) {
      if (this.current?.connection === connection) this.current = undefined;
      await connection.close();
      throw error;
    }
  }

  private lost(target: SystemQueryTarget, error: Error | undefined): void {
    if (this.current !== target) return;
    this.current = undefined;
    if (this.closed) return;
    this.deps.onConnectionLost(target.host, error);
    void this.reconnect();
  }

  private async reconnectLoop(): Promise<void> {
    const schedule = this.deps.reconnectionPolicy.newSchedule();
    while (!this.closed) {
      for (const host of this.deps.candidates()) {
        if (this.closed) return;
        try {
          await this.open(host, true);
          return;
        } catch (e) {
          if (this.closed) return;
          this.deps.onConnectFailure(host, e instanceof Error ? e : new Error(String(e)));
        }
      }
      const next = schedule.next();
      if (next.done) {
        this.deps.logger.warn(
          'the control connection could not reconnect to any host and the reconnection policy gave up; ' +
            'topology and schema events are no longer received',
        );
        return;
      }
      await this.sleep(next.value);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopWaiting.signal;
      if (signal.aborted) {
        resolve();
        return;
      }
      const handle = this.deps.timers.schedule(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        handle.cancel();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private dispatchEvent(frame: Envelope, endpoint: string): void {
    let event: ProtocolEvent;
    try {
      const decoded = decodeResponseBody(frame, endpoint);
      if (decoded.message.type !== 'event') return;
      event = decoded.message.event;
    } catch (error) {
      this.deps.logger.warn(`could not decode an event from ${endpoint}: ${String(error)}`);
      return;
    }
    this.deps.onEvent(event);
  }
}
