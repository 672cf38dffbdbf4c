import { Buffer } from 'node:buffer';
import { Host } from '../cluster/host';
import { Connection } from '../connection/connection';
import type { ConnectionOptions } from '../connection/connection-options';
import { Consistency } from '../consistency';
import { decodeResponseBody, QueryMessage } from '../protocol/messages';
import { decodeRows } from '../request/row-decoding';
import type { ReplicationOptions } from '../routing/replication-strategy';
import { murmur3Token } from '../routing/murmur3';
import { composeRoutingKey } from '../routing/murmur3-routing-key';
import { Sharder } from '../routing/sharder';
import { TabletMap } from '../routing/tablet-map';
import { TokenMap } from '../routing/token-map';
import type { PreparedInfo } from './scylla-sim-wire';

/**
 * The simulated ScyllaDB cluster's model of itself: each simulated node's identity (host id,
 * tokens, data center, learned from the real node behind it), keyspace replication, the token map
 * and sharder that say where a token is owned, the tablets configured per table, the prepared
 * statements seen, and the record of every request. No sockets of its own except the short-lived
 * connections that read the real nodes' system tables.
 *
 * @packageDocumentation
 */

/** A (node, shard) pair: where a request arrived, or a replica of its token. */
export interface SimulatedReplica {
  /** Index of the simulated node (`ScyllaSimulator.nodes[i]`). */
  readonly node: number;
  /** Shard of that node. */
  readonly shard: number;
}

/** A tablet of a simulated table: the token range `(firstToken, lastToken]` and its replicas. */
export interface SimulatedTablet {
  readonly firstToken: bigint;
  readonly lastToken: bigint;
  /** Replicas, first one first (as the server lists them). */
  readonly replicas: readonly SimulatedReplica[];
}

/** Which listener a connection came through. */
export type SimulatedPort = 'regular' | 'shard-aware';

/**
 * One request as the simulated cluster saw it: where it arrived and where its token is owned.
 *
 * @example
 * ```ts
 * const hits = simulator.requests({ table: 'kv' }).filter((r) => r.onOwner).length;
 * ```
 */
export interface SimulatedRequest {
  /** Order of arrival over the whole cluster, from 0. */
  readonly seq: number;
  /** The node the request arrived on. */
  readonly node: number;
  /** The shard of the connection it arrived on. */
  readonly shard: number;
  /** The listener of that connection. */
  readonly port: SimulatedPort;
  /** Whether that connection is TLS. */
  readonly tls: boolean;
  /** Ordinal of the connection on its node. */
  readonly connection: number;
  /** `query`, `execute` or `batch`. */
  readonly kind: 'query' | 'execute' | 'batch';
  /** Keyspace and table of a prepared statement (of a batch: of its first prepared statement). */
  readonly keyspace: string | undefined;
  readonly table: string | undefined;
  /** Token of the partition, when the statement's partition key is bound. */
  readonly token: bigint | undefined;
  /** The statement is conditional (an LWT). */
  readonly lwt: boolean;
  /** The owners of the token, primary first (tablet replicas for tables with tablets); empty when unknown. */
  readonly owners: readonly SimulatedReplica[];
  /** Whether `owners` came from a tablet. */
  readonly tablet: boolean;
  /** The request arrived on one of the owners, on the owning shard. */
  readonly onOwner: boolean;
  /** The request arrived on the first owner (the primary replica), on the owning shard. */
  readonly onPrimary: boolean;
  /** The result carried a `tablets-routing-v1` payload (the request reached a non-owner). */
  readonly tabletPayload: boolean;
  /**
   * The ROWS answer said Metadata_changed (`SCYLLA_USE_METADATA_ID`: the result metadata id the
   * client sent was stale), with the new id and columns.
   */
  readonly metadataChanged: boolean;
  /** The simulator answered with a rate-limit error. */
  readonly rateLimited: boolean;
}

/** A request record while its answer is pending. @internal */
export type MutableRequest = { -readonly [K in keyof SimulatedRequest]: SimulatedRequest[K] };

/** Filter of {@link ScyllaSimulator.requests}. */
export interface SimulatedRequestFilter {
  readonly keyspace?: string;
  readonly table?: string;
  readonly kind?: SimulatedRequest['kind'];
  /** Only requests with a known token. */
  readonly routed?: boolean;
}

/** What the model knows about a simulated node. @internal */
export interface SimulatedNodeIdentity {
  readonly index: number;
  /** The address clients use (the simulated node's). */
  readonly address: string;
  /** The real node behind it. */
  readonly target: { readonly host: string; readonly port: number };
}

/** A statement the cluster prepared. */
interface StatementInfo extends PreparedInfo {
  readonly lwt: boolean;
}

const NO_OWNERS: readonly SimulatedReplica[] = Object.freeze([]);

/** The model shared by the simulated nodes. @internal */
export class SimulatedClusterModel {
  readonly sharder: Sharder;
  /** `Host` objects of the simulated nodes (their addresses), for the token and tablet maps. */
  private hosts: Host[];
  private readonly nodeOfHost = new Map<Host, number>();
  private readonly hostById = new Map<string, Host>();
  private tokenMap = TokenMap.EMPTY;
  private readonly tabletMap = new TabletMap();
  private readonly initialTablets = new Map<string, number>();
  private readonly statements = new Map<string, StatementInfo>();
  private readonly records: SimulatedRequest[] = [];
  private seq = 0;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  constructor(
    readonly nodes: readonly SimulatedNodeIdentity[],
    shards: number,
    ignoreMsb: number,
    private readonly connectionOptions: ConnectionOptions,
    private readonly maxRecords: number,
    private readonly reportError: (error: Error) => void,
  ) {
    this.sharder = new Sharder(shards, ignoreMsb);
    this.hosts = nodes.map((n) => new Host({ address: n.address, port: 9042 }));
  }

  /** Host id of a node, once learned. */
  hostIdOf(node: number): string | undefined {
    return this.hosts[node]?.hostId;
  }

  /** Index of the node with this host id. */
  nodeOfHostId(hostId: string): number | undefined {
    const host = this.hostById.get(hostId);
    return host === undefined ? undefined : this.nodeOfHost.get(host);
  }

  /**
   * Reads every real node's `system.local` (host id, tokens, data center, rack) and the keyspaces'
   * replication, then rebuilds the token map. Concurrent calls share one refresh (and one more
   * runs after it when asked meanwhile).
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = this.load().finally(() => {
      this.refreshing = undefined;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh().catch((error: unknown) => this.reportError(asError(error)));
      }
    });
    this.refreshing = run;
    return run;
  }

  /** A schema changed: refresh in the background (failures are reported). */
  schemaChanged(): void {
    void this.refresh().catch((error: unknown) => this.reportError(asError(error)));
  }

  private async load(): Promise<void> {
    const hosts: Host[] = [];
    let keyspaces: Map<string, ReplicationOptions> | undefined;
    for (const node of this.nodes) {
      const connection = await Connection.open(node.target.host, node.target.port, {
        ...this.connectionOptions,
        protocolVersion: 4,
        heartbeatIntervalMs: 0,
      });
      try {
        const [local] = await queryRows(
          connection,
          "SELECT host_id, tokens, data_center, rack, release_version FROM system.local WHERE key = 'local'",
        );
        if (local === undefined) throw new Error(`${node.target.host} has no system.local row`);
        hosts.push(
          new Host({
            address: node.address,
            port: 9042,
            hostId: String(local['host_id']),
            datacenter: asString(local['data_center']),
            rack: asString(local['rack']),
            releaseVersion: asString(local['release_version']),
            tokens: [...((local['tokens'] as Iterable<string> | null) ?? [])],
          }),
        );
        if (keyspaces === undefined) {
          keyspaces = new Map();
          for (const row of await queryRows(
            connection,
            'SELECT keyspace_name, replication FROM system_schema.keyspaces',
          )) {
            keyspaces.set(String(row['keyspace_name']), toReplication(row['replication']));
          }
        }
      } finally {
        await connection.close();
      }
    }
    this.hosts = hosts;
    this.nodeOfHost.clear();
    this.hostById.clear();
    hosts.forEach((host, index) => {
      this.nodeOfHost.set(host, index);
      if (host.hostId !== undefined) this.hostById.set(host.hostId, host);
    });
    this.tokenMap = TokenMap.build({ hosts, keyspaces: keyspaces ?? new Map() });
    this.tabletMap.maintain({
      resolve: (id) => this.hostById.get(id),
      tabletKeyspaces: new Set(this.initialTablets.keys()),
      tableExists: () => true,
    });
  }

  // ---- prepared statements ------------------------------------------------------------------

  /** Remembers a statement the cluster prepared. */
  prepared(info: PreparedInfo): StatementInfo {
    const statement = { ...info, lwt: info.conditional };
    this.statements.set(info.id.toString('hex'), statement);
    return statement;
  }

  /** A statement by id. */
  statement(id: Buffer): StatementInfo | undefined {
    return this.statements.get(id.toString('hex'));
  }

  /** The token of a prepared statement's execution with these positional values. */
  tokenOf(statement: StatementInfo, values: readonly (Buffer | null)[] | undefined): bigint | undefined {
    const indexes = statement.partitionKeyIndexes;
    if (values === undefined || indexes.length === 0) return undefined;
    const parts: Buffer[] = [];
    for (const index of indexes) {
      const value = values[index];
      if (value === undefined || value === null) return undefined;
      parts.push(value);
    }
    return murmur3Token(composeRoutingKey(parts));
  }

  // ---- tablets --------------------------------------------------------------------------------

  /**
   * Keyspaces that use tablets (those with tablets configured), with their `initial_tablets`
   * (the most tablets set for one of their tables).
   */
  tabletKeyspaces(): ReadonlyMap<string, number> {
    return this.initialTablets;
  }

  /** Replaces the tablets of a table (the keyspace then uses tablets). */
  setTablets(keyspace: string, table: string, tablets: readonly SimulatedTablet[]): void {
    this.initialTablets.set(keyspace, Math.max(this.initialTablets.get(keyspace) ?? 0, tablets.length));
    this.tabletMap.dropTable(keyspace, table);
    for (const tablet of tablets) this.addTablet(keyspace, table, tablet);
  }

  /** Replaces the replicas of the tablet holding `token`. */
  moveTablet(
    keyspace: string,
    table: string,
    token: bigint,
    replicas: readonly SimulatedReplica[],
  ): SimulatedTablet {
    const current = this.tabletMap.find(keyspace, table, token);
    if (current === undefined) throw new RangeError(`no tablet of ${keyspace}.${table} holds token ${token}`);
    const moved = { firstToken: current.firstToken, lastToken: current.lastToken, replicas };
    this.addTablet(keyspace, table, moved);
    return moved;
  }

  /** The tablets of a table, in token order. */
  tablets(keyspace: string, table: string): SimulatedTablet[] {
    return this.tabletMap.tabletsOf(keyspace, table).map((t) => ({
      firstToken: t.firstToken,
      lastToken: t.lastToken,
      replicas: t.replicas.map((r) => ({ node: this.nodeOfHostId(r.hostId) ?? -1, shard: r.shard })),
    }));
  }

  /** The tablet holding `token`, as the server would report it. */
  tabletOf(keyspace: string, table: string, token: bigint): ReturnType<TabletMap['find']> {
    return this.tabletMap.find(keyspace, table, token);
  }

  private addTablet(keyspace: string, table: string, tablet: SimulatedTablet): void {
    if (tablet.replicas.length === 0) throw new RangeError('a tablet needs at least one replica');
    const replicas = tablet.replicas.map((r) => {
      const hostId = this.hostIdOf(r.node);
      if (hostId === undefined)
        throw new RangeError(`no simulated node ${r.node} (or its host id is not known yet)`);
      if (!Number.isInteger(r.shard) || r.shard < 0 || r.shard >= this.sharder.nrShards) {
        throw new RangeError(`shard ${r.shard} is not one of the ${this.sharder.nrShards} shards`);
      }
      return { hostId, shard: r.shard };
    });
    this.tabletMap.add(
      keyspace,
      table,
      { firstToken: tablet.firstToken, lastToken: tablet.lastToken, replicas },
      (id) => this.hostById.get(id),
    );
  }

  // ---- ownership and records -----------------------------------------------------------------

  /** The owners of a token of a table: its tablet's replicas, or the ring's replicas on the token's shard. */
  ownersOf(
    keyspace: string | undefined,
    table: string | undefined,
    token: bigint | undefined,
  ): { owners: readonly SimulatedReplica[]; tablet: boolean } {
    if (keyspace === undefined || token === undefined) return { owners: NO_OWNERS, tablet: false };
    if (table !== undefined && this.tabletMap.hasTablets(keyspace, table)) {
      const tablet = this.tabletMap.find(keyspace, table, token);
      if (tablet !== undefined) {
        return {
          owners: tablet.replicas.map((r) => ({ node: this.nodeOfHostId(r.hostId) ?? -1, shard: r.shard })),
          tablet: true,
        };
      }
    }
    const shard = this.sharder.shardOf(token);
    const owners = this.tokenMap
      .getReplicas(keyspace, token)
      .map((host) => ({ node: this.nodeOfHost.get(host) ?? -1, shard }));
    return { owners, tablet: false };
  }

  /** Records a request (the oldest records go beyond `maxRecords`). */
  record(entry: Omit<MutableRequest, 'seq'>): MutableRequest {
    const record: MutableRequest = { seq: this.seq++, ...entry };
    if (this.records.length >= this.maxRecords)
      this.records.splice(0, this.records.length - this.maxRecords + 1);
    this.records.push(record);
    return record;
  }

  /** The records matching `filter`, oldest first. */
  requests(filter: SimulatedRequestFilter = {}): SimulatedRequest[] {
    return this.records.filter(
      (r) =>
        (filter.keyspace === undefined || r.keyspace === filter.keyspace) &&
        (filter.table === undefined || r.table === filter.table) &&
        (filter.kind === undefined || r.kind === filter.kind) &&
        (filter.routed === undefined || (r.token !== undefined) === filter.routed),
    );
  }

  /** Forgets the records. */
  clearRequests(): void {
    this.records.length = 0;
  }
}

/** Runs an unpaged query at ONE on an admin connection and decodes its rows. */
async function queryRows(connection: Connection, cql: string): Promise<Record<string, unknown>[]> {
  const frame = await connection.send(new QueryMessage(cql, { consistency: Consistency.ONE }));
  const { message } = decodeResponseBody(frame, connection.endpoint);
  if (message.type === 'error') throw message.error;
  if (
    message.type !== 'result' ||
    message.result.kind !== 'rows' ||
    message.result.metadata.columns === undefined
  ) {
    throw new Error(`simulated ScyllaDB: unexpected answer to ${cql}`);
  }
  return decodeRows(message.result, message.result.metadata.columns, 'object', undefined);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function toReplication(value: unknown): ReplicationOptions {
  if (value instanceof Map) return Object.fromEntries(value as Map<string, string>) as ReplicationOptions;
  return (value ?? {}) as ReplicationOptions;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
