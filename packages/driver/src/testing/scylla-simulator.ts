import { Buffer } from 'node:buffer';
import { isIPv4 } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import type { AuthProvider } from '../connection/auth';
import { MURMUR3_MAX_TOKEN, MURMUR3_MIN_TOKEN } from '../routing/murmur3';
import type { ProxyEndpoint } from './proxy-node';
import {
  SimulatedClusterModel,
  type SimulatedReplica,
  type SimulatedRequest,
  type SimulatedRequestFilter,
  type SimulatedTablet,
} from './scylla-sim-model';
import type { RateLimitRule, SimulatedExtensions } from './scylla-sim-connection';
import { SimulatedNode } from './scylla-sim-node';

/**
 * A simulated ScyllaDB cluster for tests: one simulated node in front of each real Cassandra
 * node, forwarding frames so that data and CQL are real, and behaving towards clients as
 * ScyllaDB does (shards, shard-aware ports, extensions, tablets), while recording where every
 * request arrived and where its token is owned.
 *
 * @packageDocumentation
 */

/** One simulated node. */
export interface SimulatedNodeOptions {
  /** The real node it forwards to. */
  readonly target: ProxyEndpoint;
  /** Its own loopback address (default `127.0.0.<11 + index>`). */
  readonly address?: string;
}

/** TLS of the simulated nodes (they terminate TLS and speak plain CQL to the real nodes). */
export interface SimulatedTlsOptions {
  /** Key and certificate (`key`/`cert` or `pfx`/`passphrase`) presented to clients. */
  readonly secureContext: SecureContextOptions;
  /** TLS regular port (default 9142). */
  readonly port?: number;
  /** TLS shard-aware port, announced as `SCYLLA_SHARD_AWARE_PORT_SSL` (default 19142). */
  readonly shardAwarePort?: number;
}

/** Options of {@link ScyllaSimulator.start}. */
export interface ScyllaSimulatorOptions {
  /** One entry per real node (simulate every node of the real cluster). */
  readonly nodes: readonly SimulatedNodeOptions[];
  /** Shards per node (default 4). */
  readonly shards?: number;
  /** `SCYLLA_SHARDING_IGNORE_MSB` (default 12). */
  readonly ignoreMsb?: number;
  /** Regular port of every node (default 9042). */
  readonly port?: number;
  /** Shard-aware port of every node (default 19042). */
  readonly shardAwarePort?: number;
  /** TLS ports and material; without it the nodes speak plain CQL only. */
  readonly tls?: SimulatedTlsOptions;
  /**
   * Behave as if a NAT rewrote client source ports: the shard-aware port gives connections a
   * shard that ignores the source port (default false).
   */
  readonly nat?: boolean;
  /** Extensions offered (default: all). */
  readonly extensions?: SimulatedExtensions;
  /**
   * Authentication of the simulator's own short connections to the real nodes (it reads their
   * host ids, tokens and keyspaces), when they require it.
   */
  readonly authProvider?: AuthProvider;
  /** Requests kept in the record (default 200 000; the oldest go first). */
  readonly maxRecords?: number;
  /** Seed of the simulator's random choices (NAT shards). Default 1. */
  readonly seed?: number;
  /** Called with each simulator-side failure; they are also kept in {@link ScyllaSimulator.errors}. */
  readonly onError?: (error: Error) => void;
}

/** Options of {@link ScyllaSimulator.splitIntoTablets}. */
export interface TabletSplitOptions {
  /** Number of tablets, splitting the token range evenly (default 8). */
  readonly count?: number;
  /** Replicas per tablet, on distinct nodes (default 1). */
  readonly replicationFactor?: number;
}

/**
 * A running simulated ScyllaDB cluster. Point a driver (cqlkit, or ScyllaDB's own) at
 * {@link ScyllaSimulator.contactPoints}; `system.local` / `system.peers` advertise the simulated
 * addresses, so every node is reached through the simulator.
 *
 * Per connection, ScyllaDB's behaviour: a shard (least-connected on the regular port, source port
 * modulo the shard count on the shard-aware port), `SCYLLA_*` entries in SUPPORTED, protocol v5
 * refused (ScyllaDB speaks v3/v4), the LWT mark in PREPARED metadata of conditional statements,
 * rate-limit errors on demand, `system.peers_v2` absent, `system_schema.scylla_keyspaces`
 * answered, and `tablets-routing-v1` payloads when a prepared request reaches a node or shard that
 * does not own its tablet.
 *
 * @example
 * ```ts
 * await using simulator = await ScyllaSimulator.start({
 *   nodes: [{ target: { host: '127.0.0.1', port: 9042 } }],
 *   authProvider: new PlainTextAuthProvider('cassandra', 'cassandra'),
 * });
 * const cluster = new Cluster({ contactPoints: simulator.contactPoints(), localDataCenter: 'datacenter1' });
 * // … run requests, then:
 * const records = simulator.requests({ table: 'kv', routed: true });
 * const hitRatio = records.filter((r) => r.onOwner).length / records.length;
 * ```
 */
export class ScyllaSimulator implements AsyncDisposable {
  private rule: RateLimitRule | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    /** The nodes, in the order of `options.nodes`. */
    readonly nodes: readonly SimulatedNode[],
    private readonly model: SimulatedClusterModel,
    private readonly failures: Error[],
  ) {}

  /**
   * Reads the real nodes' identities, then starts every node's listeners. Rejects (after closing
   * what was started) when an address or port is taken, or a real node cannot be read.
   */
  static async start(options: ScyllaSimulatorOptions): Promise<ScyllaSimulator> {
    if (!options || !Array.isArray(options.nodes) || options.nodes.length === 0) {
      throw new TypeError('ScyllaSimulator.start: options.nodes must list at least one node');
    }
    const failures: Error[] = [];
    const report = (error: Error): void => {
      failures.push(error);
      options.onError?.(error);
    };
    const port = options.port ?? 9042;
    const shardAwarePort = options.shardAwarePort ?? 19042;
    const tls = options.tls;
    const identities = options.nodes.map((n, index) => ({
      index,
      address: n.address ?? `127.0.0.${11 + index}`,
      target: { host: n.target.host, port: n.target.port },
    }));
    for (const identity of identities) {
      if (!isIPv4(identity.address) || !isIPv4(identity.target.host)) {
        throw new TypeError(
          `ScyllaSimulator: node ${identity.index} needs IPv4 addresses (got ${identity.address} → ${identity.target.host})`,
        );
      }
    }
    const model = new SimulatedClusterModel(
      identities,
      options.shards ?? 4,
      options.ignoreMsb ?? 12,
      options.authProvider === undefined ? {} : { authProvider: options.authProvider },
      options.maxRecords ?? 200_000,
      report,
    );
    await model.refresh();
    const addresses = new Map(
      identities.map((n) => [
        n.target.host,
        { address: Buffer.from(n.address.split('.').map(Number)), port },
      ]),
    );
    const addressBytes = new Map([...addresses].map(([real, sim]) => [real, sim.address]));
    const extensions = {
      sharding: options.extensions?.sharding ?? true,
      lwt: options.extensions?.lwt ?? true,
      rateLimit: options.extensions?.rateLimit ?? true,
      tablets: options.extensions?.tablets ?? true,
      metadataId: options.extensions?.metadataId ?? true,
    };
    const simulator: { rule: () => RateLimitRule | undefined } = { rule: () => undefined };
    const nodes: SimulatedNode[] = [];
    try {
      for (const identity of identities) {
        nodes.push(
          await SimulatedNode.listen({
            context: {
              index: identity.index,
              model,
              extensions,
              shardAwarePort,
              shardAwarePortSsl: tls ? (tls.shardAwarePort ?? 19142) : undefined,
              addresses,
              addressBytes,
              rateLimitRule: () => simulator.rule(),
            },
            address: identity.address,
            target: identity.target,
            ports: {
              port,
              shardAwarePort,
              sslPort: tls ? (tls.port ?? 9142) : undefined,
              shardAwarePortSsl: tls ? (tls.shardAwarePort ?? 19142) : undefined,
            },
            tls: tls?.secureContext,
            nat: options.nat ?? false,
            seed: (options.seed ?? 1) + identity.index,
            reportError: report,
          }),
        );
      }
    } catch (error) {
      await Promise.all(nodes.map((n) => n.close()));
      throw error;
    }
    const instance = new ScyllaSimulator(nodes, model, failures);
    simulator.rule = () => instance.rule;
    return instance;
  }

  /** Contact points: every node's `address:port`. */
  contactPoints(): string[] {
    return this.nodes.map((n) => n.endpoint);
  }

  /** Shards per node. */
  get shards(): number {
    return this.model.sharder.nrShards;
  }

  /** The shard owning `token` on every node (vnode tables). */
  shardOf(token: bigint): number {
    return this.model.sharder.shardOf(token);
  }

  /** Simulator-side failures so far. */
  get errors(): readonly Error[] {
    return this.failures;
  }

  /** Requests recorded so far (QUERY, EXECUTE, BATCH), oldest first. */
  requests(filter?: SimulatedRequestFilter): SimulatedRequest[] {
    return this.model.requests(filter);
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.model.clearRequests();
  }

  /** Re-reads the real nodes' tokens and keyspaces now (schema changes also trigger it). */
  refreshMetadata(): Promise<void> {
    return this.model.refresh();
  }

  /**
   * Gives a table tablets (its keyspace then uses tablets, as `system_schema.scylla_keyspaces`
   * tells). Replicas name simulated nodes and shards.
   */
  setTablets(keyspace: string, table: string, tablets: readonly SimulatedTablet[]): void {
    this.model.setTablets(keyspace, table, tablets);
  }

  /**
   * Splits the whole token range of a table evenly into tablets and spreads their replicas over
   * the nodes and shards (tablet i: nodes i, i+1, … and shards unrelated to the vnode sharding).
   * Returns the tablets.
   */
  splitIntoTablets(keyspace: string, table: string, options: TabletSplitOptions = {}): SimulatedTablet[] {
    const count = options.count ?? 8;
    const rf = options.replicationFactor ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`tablet count must be ≥ 1, got ${count}`);
    if (!Number.isInteger(rf) || rf < 1 || rf > this.nodes.length) {
      throw new RangeError(`replication factor must be from 1 to ${this.nodes.length}, got ${rf}`);
    }
    const span = MURMUR3_MAX_TOKEN - MURMUR3_MIN_TOKEN;
    const tablets: SimulatedTablet[] = [];
    for (let i = 0; i < count; i++) {
      const first = MURMUR3_MIN_TOKEN + (span * BigInt(i)) / BigInt(count);
      const last =
        i === count - 1 ? MURMUR3_MAX_TOKEN : MURMUR3_MIN_TOKEN + (span * BigInt(i + 1)) / BigInt(count);
      const replicas: SimulatedReplica[] = [];
      for (let r = 0; r < rf; r++) {
        replicas.push({ node: (i + r) % this.nodes.length, shard: (i * 3 + r + 1) % this.shards });
      }
      tablets.push({ firstToken: first, lastToken: last, replicas });
    }
    this.model.setTablets(keyspace, table, tablets);
    return tablets;
  }

  /** Moves the tablet holding `token` to other replicas (as a tablet migration does). */
  moveTablet(
    keyspace: string,
    table: string,
    token: bigint,
    replicas: readonly SimulatedReplica[],
  ): SimulatedTablet {
    return this.model.moveTablet(keyspace, table, token, replicas);
  }

  /** The tablets of a table, in token order. */
  tablets(keyspace: string, table: string): SimulatedTablet[] {
    return this.model.tablets(keyspace, table);
  }

  /**
   * Answers the requests matching `rule.when` with ScyllaDB's rate-limit error (or, on
   * connections that did not accept the extension, the configuration error ScyllaDB sends
   * instead); `undefined` removes the rule.
   */
  setRateLimit(rule: RateLimitRule | undefined): void {
    this.rule = rule;
  }

  /** Stops every node and closes every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.nodes.map((n) => n.close())).then(() => undefined);
    return this.closing;
  }

  /** `await using simulator = await ScyllaSimulator.start(…)` closes it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
