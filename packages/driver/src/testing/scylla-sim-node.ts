import * as net from 'node:net';
import * as tls from 'node:tls';
import { formatEndpoint } from '../connection/endpoint';
import { ConnectionHost, ProxyConnection } from './proxy-connection';
import type { ProxyEndpoint } from './proxy-node';
import type { ProxyRule } from './proxy-rule';
import { SeededRandom } from './seeded-random';
import type { SimulatedPort } from './scylla-sim-model';
import { SimulatedConnection, type SimulatedNodeContext } from './scylla-sim-connection';

/**
 * One simulated ScyllaDB node: its listeners (the regular port, the shard-aware port, and their
 * TLS twins when TLS is configured) in front of one real node, the shard each accepted connection
 * gets, and its open connections. Frames go through a `ProxyConnection` (the fault proxy's) with
 * the node's `SimulatedConnection` as interceptor, so the proxy's rules apply here too.
 *
 * @packageDocumentation
 */

/** Ports of a simulated node. */
export interface SimulatedNodePorts {
  /** Regular CQL port: the node picks the least-connected shard. */
  readonly port: number;
  /** Shard-aware port: the shard is the client's source port modulo the shard count. */
  readonly shardAwarePort: number;
  /** TLS regular port (with TLS). */
  readonly sslPort: number | undefined;
  /** TLS shard-aware port (with TLS). */
  readonly shardAwarePortSsl: number | undefined;
}

/** What a node needs to start. @internal */
export interface SimulatedNodeInit {
  readonly context: SimulatedNodeContext;
  readonly address: string;
  readonly target: ProxyEndpoint;
  readonly ports: SimulatedNodePorts;
  readonly tls: tls.SecureContextOptions | undefined;
  /** The shard-aware port ignores source ports (as behind a NAT rewriting them). */
  readonly nat: boolean;
  readonly seed: number;
  readonly reportError: (error: Error) => void;
}

/**
 * A simulated node (`ScyllaSimulator.nodes[i]`).
 *
 * @example
 * ```ts
 * const node = simulator.nodes[0];
 * node.connectionsPerShard(); // [1, 1, 1, 1]
 * await node.closeConnections();
 * ```
 */
export class SimulatedNode {
  private readonly servers: net.Server[] = [];
  private readonly open = new Map<ProxyConnection, SimulatedConnection>();
  private readonly perShard: number[];
  private accepted = 0;
  private requestRuleList: readonly ProxyRule[] = [];
  private responseRuleList: readonly ProxyRule[] = [];
  private readonly random: SeededRandom;
  private readonly host: ConnectionHost;

  private constructor(private readonly init: SimulatedNodeInit) {
    this.perShard = new Array<number>(init.context.model.sharder.nrShards).fill(0);
    this.random = new SeededRandom(init.seed);
    this.host = {
      index: init.context.index,
      currentRequestRules: () => this.requestRuleList,
      currentResponseRules: () => this.responseRuleList,
      reportError: init.reportError,
      connectionClosed: (connection) => this.closed(connection),
    };
  }

  /** Starts the node's listeners. @internal */
  static async listen(init: SimulatedNodeInit): Promise<SimulatedNode> {
    const node = new SimulatedNode(init);
    try {
      await node.serve(init.ports.port, 'regular', undefined);
      await node.serve(init.ports.shardAwarePort, 'shard-aware', undefined);
      if (init.tls !== undefined) {
        await node.serve(init.ports.sslPort!, 'regular', init.tls);
        await node.serve(init.ports.shardAwarePortSsl!, 'shard-aware', init.tls);
      }
    } catch (error) {
      await node.close();
      throw error;
    }
    return node;
  }

  /** Index of the node in `ScyllaSimulator.nodes`. */
  get index(): number {
    return this.init.context.index;
  }

  /** The node's address (a loopback address of its own). */
  get address(): string {
    return this.init.address;
  }

  /** `address:port` of the regular port (a contact point). */
  get endpoint(): string {
    return formatEndpoint(this.init.address, this.init.ports.port);
  }

  /** The node's ports. */
  get ports(): SimulatedNodePorts {
    return this.init.ports;
  }

  /** The real node behind it. */
  get target(): ProxyEndpoint {
    return this.init.target;
  }

  /** Host id (the real node's), once the model learned it. */
  get hostId(): string | undefined {
    return this.init.context.model.hostIdOf(this.index);
  }

  /** Open connections per shard. */
  connectionsPerShard(): number[] {
    return [...this.perShard];
  }

  /**
   * Open connections with their shard, listener, TLS use and whether the client accepted result
   * metadata ids (`SCYLLA_USE_METADATA_ID`).
   */
  connections(): {
    shard: number;
    port: SimulatedPort;
    tls: boolean;
    ordinal: number;
    metadataIds: boolean;
  }[] {
    return [...this.open.values()].map((c) => ({
      shard: c.shard,
      port: c.port,
      tls: c.tls,
      ordinal: c.ordinal,
      metadataIds: c.metadataIds,
    }));
  }

  /** Replaces the fault rules for requests (see `CqlProxy`); they apply after the simulation. */
  setRequestRules(rules: readonly ProxyRule[]): void {
    this.requestRuleList = [...rules];
  }

  /** Replaces the fault rules for responses. */
  setResponseRules(rules: readonly ProxyRule[]): void {
    this.responseRuleList = [...rules];
  }

  /** Closes every open connection (clients see them close); the node keeps listening. */
  async closeConnections(): Promise<void> {
    await Promise.all([...this.open.keys()].map((c) => c.close()));
  }

  /** Stops listening and closes every connection. @internal */
  async close(): Promise<void> {
    const stopped = Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    await this.closeConnections();
    await stopped;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private async serve(
    port: number,
    kind: SimulatedPort,
    secure: tls.SecureContextOptions | undefined,
  ): Promise<void> {
    const accept = (socket: net.Socket): void => this.accept(socket, kind, secure !== undefined);
    const server = secure ? tls.createServer(secure, accept) : net.createServer(accept);
    if (secure) {
      server.on('tlsClientError', (error: Error) =>
        this.init.reportError(
          new Error(`simulated node ${this.index}: TLS handshake failed (${error.message})`),
        ),
      );
    }
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.init.address, port }, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  }

  private accept(socket: net.Socket, kind: SimulatedPort, secure: boolean): void {
    const shard =
      kind === 'shard-aware' ? this.shardOfSourcePort(socket.remotePort ?? 0) : this.leastConnectedShard();
    const ordinal = this.accepted++;
    const simulated = new SimulatedConnection(this.init.context, shard, kind, secure, ordinal);
    this.perShard[shard]!++;
    const connection = new ProxyConnection(this.host, ordinal, socket, this.init.target, simulated);
    this.open.set(connection, simulated);
  }

  /** Shard-aware port: source port modulo the shard count, or any shard behind a NAT. */
  private shardOfSourcePort(port: number): number {
    const sharder = this.init.context.model.sharder;
    if (this.init.nat) return Math.floor(this.random.next() * sharder.nrShards);
    return sharder.shardOfSourcePort(port);
  }

  /** Regular port: the shard with the fewest connections (the lowest on a tie). */
  private leastConnectedShard(): number {
    let best = 0;
    for (let shard = 1; shard < this.perShard.length; shard++) {
      if (this.perShard[shard]! < this.perShard[best]!) best = shard;
    }
    return best;
  }

  private closed(connection: ProxyConnection): void {
    const simulated = this.open.get(connection);
    if (simulated === undefined) return;
    this.open.delete(connection);
    this.perShard[simulated.shard]!--;
  }
}
