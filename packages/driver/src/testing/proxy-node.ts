import { Buffer } from 'node:buffer';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { formatEndpoint } from '../connection/endpoint';
import { ConnectionHost, ProxyConnection } from './proxy-connection';
import type { ProxyRule } from './proxy-rule';

/**
 * One proxy node: a listener in front of one real node, with its rule lists.
 *
 * @packageDocumentation
 */

/** A host and port. */
export interface ProxyEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Where a proxy node listens and which real node it forwards to. */
export interface ProxyNodeOptions {
  /**
   * Address to listen on (default `127.0.0.1`, ephemeral port). Any 127.x.y.z address works on
   * Linux, so nodes may share a port on distinct addresses (e.g. `127.0.1.1:9042`).
   */
  readonly listen?: { readonly host?: string; readonly port?: number };
  /** The real node. */
  readonly target: ProxyEndpoint;
}

/**
 * A running proxy node (`CqlProxy.nodes[i]`): its address, its connections and its rules,
 * which can be replaced at any time. Rules apply to frames decoded after the change.
 *
 * @example
 * ```ts
 * const node = proxy.nodes[0];
 * node.setRequestRules([rule(Condition.opcode(Opcode.QUERY), Reaction.delay(100))]);
 * console.log(node.address, node.connections.length);
 * node.clearRules();
 * ```
 */
export class ProxyNode {
  private requestRuleList: readonly ProxyRule[] = [];
  private responseRuleList: readonly ProxyRule[] = [];
  private readonly open = new Set<ProxyConnection>();
  private accepted = 0;
  private readonly host: ConnectionHost;

  private constructor(
    /** Index of the node in `CqlProxy.nodes`. */
    readonly index: number,
    /** The real node frames are forwarded to. */
    readonly target: ProxyEndpoint,
    private readonly server: Server,
    reportError: (error: Error) => void,
  ) {
    this.host = {
      index,
      currentRequestRules: () => this.requestRuleList,
      currentResponseRules: () => this.responseRuleList,
      reportError,
      connectionClosed: (connection) => this.open.delete(connection),
    };
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** Starts listening. @internal */
  static async listen(
    index: number,
    options: ProxyNodeOptions,
    reportError: (error: Error) => void,
  ): Promise<ProxyNode> {
    const server = createServer();
    const node = new ProxyNode(
      index,
      { host: options.target.host, port: options.target.port },
      server,
      reportError,
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.listen?.host ?? '127.0.0.1', port: options.listen?.port ?? 0 }, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    return node;
  }

  /** The address drivers connect to. */
  get address(): ProxyEndpoint {
    const info = this.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  /** The listen address as `host:port` (a contact point). */
  get endpoint(): string {
    const { host, port } = this.address;
    return formatEndpoint(host, port);
  }

  /** The real node as `host:port`. */
  get targetEndpoint(): string {
    return formatEndpoint(this.target.host, this.target.port);
  }

  /** Open connections, oldest first. */
  get connections(): readonly ProxyConnection[] {
    return [...this.open];
  }

  /** Connections accepted since the start (the next one gets this ordinal). */
  get acceptedConnections(): number {
    return this.accepted;
  }

  /** Current request (driver → node) rules. */
  get requestRules(): readonly ProxyRule[] {
    return this.requestRuleList;
  }

  /** Current response (node → driver) rules. */
  get responseRules(): readonly ProxyRule[] {
    return this.responseRuleList;
  }

  /** Replaces the request rules (first match wins; no match passes the frame). */
  setRequestRules(rules: readonly ProxyRule[]): void {
    this.requestRuleList = [...rules];
  }

  /** Replaces the response rules. */
  setResponseRules(rules: readonly ProxyRule[]): void {
    this.responseRuleList = [...rules];
  }

  /** Adds request rules after the current ones. */
  appendRequestRules(rules: readonly ProxyRule[]): void {
    this.requestRuleList = [...this.requestRuleList, ...rules];
  }

  /** Adds request rules before the current ones. */
  prependRequestRules(rules: readonly ProxyRule[]): void {
    this.requestRuleList = [...rules, ...this.requestRuleList];
  }

  /** Adds response rules after the current ones. */
  appendResponseRules(rules: readonly ProxyRule[]): void {
    this.responseRuleList = [...this.responseRuleList, ...rules];
  }

  /** Adds response rules before the current ones. */
  prependResponseRules(rules: readonly ProxyRule[]): void {
    this.responseRuleList = [...rules, ...this.responseRuleList];
  }

  /** Removes every rule: frames pass unchanged. */
  clearRules(): void {
    this.requestRuleList = [];
    this.responseRuleList = [];
  }

  /**
   * Sends an EVENT with `body` (e.g. a STATUS_CHANGE) to every connection that sent REGISTER;
   * returns how many received it.
   */
  injectEvent(body: Uint8Array): number {
    const bytes = Buffer.from(body);
    const targets = this.connections.filter((c) => c.registered && !c.closed);
    for (const connection of targets) connection.injectEvent(bytes);
    return targets.length;
  }

  /** Closes every open connection (drivers see them close); the node keeps listening. */
  async closeConnections(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }

  /** Stops listening and closes every connection. @internal */
  async close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.closeConnections();
    await stopped;
    // the listening handle is released by libuv on the next loop turn
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private accept(socket: Socket): void {
    const connection = new ProxyConnection(this.host, this.accepted++, socket, this.target);
    this.open.add(connection);
  }
}
