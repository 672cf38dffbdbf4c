/**
 * A fake cluster for the cluster-awareness unit tests: {@link FakeRing} holds {@link FakeNode}s,
 * each a {@link FakeCqlServer} speaking protocol v4 without compression that answers REGISTER, the
 * system tables the control connection reads (from the ring's shared state), schema tables,
 * PREPARE/EXECUTE of one user table and DDL, and pushes events to registered connections.
 */
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import type { Envelope } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import {
  errorBody,
  FakeCqlServer,
  VOID_RESULT,
  type FakeCqlClient,
  type FakeReply,
} from '../fake-cql/fake-cql-server';

/** Column types the fake node can send. */
export type FakeType =
  | 'text'
  | 'int'
  | 'uuid'
  | 'inet'
  | 'boolean'
  | { readonly set: FakeType }
  | { readonly map: readonly [FakeType, FakeType] };

/** A result column. */
export interface FakeColumn {
  readonly name: string;
  readonly type: FakeType;
}

/** What one node says about itself. */
export interface FakeNodeInfo {
  datacenter: string;
  rack: string;
  hostId: string;
  tokens: string[];
  schemaVersion: string;
  releaseVersion: string;
}

/** One decoded request after the handshake. */
export interface FakeRequest {
  readonly opcode: number;
  readonly stream: number;
  /** CQL text of QUERY/PREPARE. */
  readonly cql?: string;
  /** Bound values of QUERY/EXECUTE (raw bytes). */
  readonly values?: (Buffer | null)[];
  /** Statement id of EXECUTE. */
  readonly statementId?: Buffer;
  /** Default (client) timestamp of QUERY/EXECUTE, when the request carries one. */
  readonly timestamp?: bigint;
}

const TYPE_IDS = { text: 0x000d, int: 0x0009, uuid: 0x000c, inet: 0x0010, boolean: 0x0004 } as const;

function writeType(w: ByteWriter, type: FakeType): void {
  if (typeof type === 'string') {
    w.writeShort(TYPE_IDS[type]);
  } else if ('set' in type) {
    w.writeShort(0x0022);
    writeType(w, type.set);
  } else {
    w.writeShort(0x0021);
    writeType(w, type.map[0]);
    writeType(w, type.map[1]);
  }
}

function encodeValue(type: FakeType, value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'text':
        return Buffer.from(String(value), 'utf8');
      case 'int': {
        const b = Buffer.alloc(4);
        b.writeInt32BE(Number(value));
        return b;
      }
      case 'boolean':
        return Buffer.from([value ? 1 : 0]);
      case 'uuid':
        return Buffer.from(String(value).replace(/-/g, ''), 'hex');
      case 'inet':
        return Buffer.from(String(value).split('.').map(Number));
    }
  }
  const w = new ByteWriter();
  if ('set' in type) {
    const items = value as unknown[];
    w.writeInt(items.length);
    for (const item of items) w.writeBytes(encodeValue(type.set, item));
  } else {
    const entries = Object.entries(value as Record<string, unknown>);
    w.writeInt(entries.length);
    for (const [k, v] of entries) {
      w.writeBytes(encodeValue(type.map[0], k));
      w.writeBytes(encodeValue(type.map[1], v));
    }
  }
  return Buffer.from(w.finish());
}

/** A RESULT Rows body. */
export function rowsBody(columns: readonly FakeColumn[], rows: readonly Record<string, unknown>[]): Buffer {
  const w = new ByteWriter();
  w.writeInt(2); // Rows
  w.writeInt(columns.length > 0 ? 0x0001 : 0); // Global_tables_spec
  w.writeInt(columns.length);
  if (columns.length > 0) w.writeString('system').writeString('t');
  for (const c of columns) {
    w.writeString(c.name);
    writeType(w, c.type);
  }
  w.writeInt(rows.length);
  for (const row of rows) for (const c of columns) w.writeBytes(encodeValue(c.type, row[c.name]));
  return Buffer.from(w.finish());
}

/** What system.local and the peers tables say about every node. */
const NODE_COLUMNS: FakeColumn[] = [
  { name: 'data_center', type: 'text' },
  { name: 'rack', type: 'text' },
  { name: 'host_id', type: 'uuid' },
  { name: 'release_version', type: 'text' },
  { name: 'tokens', type: { set: 'text' } },
  { name: 'schema_version', type: 'uuid' },
];

const LOCAL_COLUMNS: FakeColumn[] = [
  { name: 'key', type: 'text' },
  { name: 'partitioner', type: 'text' },
  { name: 'rpc_address', type: 'inet' },
  ...NODE_COLUMNS,
];

const PEERS_V2_COLUMNS: FakeColumn[] = [
  { name: 'peer', type: 'inet' },
  { name: 'peer_port', type: 'int' },
  { name: 'native_address', type: 'inet' },
  { name: 'native_port', type: 'int' },
  ...NODE_COLUMNS,
];

const PEERS_COLUMNS: FakeColumn[] = [
  { name: 'peer', type: 'inet' },
  { name: 'rpc_address', type: 'inet' },
  ...NODE_COLUMNS,
];

const KEYSPACE_COLUMNS: FakeColumn[] = [
  { name: 'keyspace_name', type: 'text' },
  { name: 'durable_writes', type: 'boolean' },
  { name: 'replication', type: { map: ['text', 'text'] } },
];

/** The prepared statement id the fake nodes hand out for every PREPARE. */
export const PREPARED_ID = Buffer.from('0123456789abcdef', 'hex');

/** A fake node of a {@link FakeRing}. */
export class FakeNode {
  /** Requests after the handshake (OPTIONS excepted), decoded. */
  readonly requests: FakeRequest[] = [];
  private readonly registered = new Set<FakeCqlClient>();
  private server: FakeCqlServer | undefined;
  port = 0;
  /** Connections that stalled (see {@link FakeNode.stallOpenConnections}), with their trickle timer. */
  private readonly stalled = new Map<FakeCqlClient, NodeJS.Timeout | undefined>();
  /**
   * Overrides the answer to a request (return undefined for the default, 'hang' for none); `flags`
   * are the envelope's (e.g. WARNING, with the warnings first in the body).
   */
  respond:
    | ((request: FakeRequest) => { opcode: number; body: Buffer; flags?: number } | undefined | 'hang')
    | undefined;

  constructor(
    readonly ring: FakeRing,
    readonly info: FakeNodeInfo,
  ) {}

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Open client connections. */
  get connectionCount(): number {
    return this.server?.openConnections ?? 0;
  }

  /** Requests of one opcode, optionally whose CQL matches. */
  requestsOf(opcode: number, cql?: RegExp): FakeRequest[] {
    return this.requests.filter((r) => r.opcode === opcode && (cql === undefined || cql.test(r.cql ?? '')));
  }

  /** Starts listening (on the port it had before, after a {@link FakeNode.stop}). */
  async start(): Promise<void> {
    this.server = await FakeCqlServer.start({
      port: this.port,
      supportedVersions: [4],
      compression: [],
      onRequest: (request, client) => this.handle(request, client),
    });
    this.port = this.server.port;
  }

  /** Stops listening and drops every connection (a crash). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const timer of this.stalled.values()) clearInterval(timer);
    this.stalled.clear();
    this.registered.clear();
    await server?.close();
  }

  /**
   * Makes the connections open now stall: the next request on each gets a response header
   * announcing a megabyte, then one byte every 20 ms; nothing else is answered on it. Bytes keep
   * arriving, no response completes. Connections opened later are served normally.
   */
  stallOpenConnections(): void {
    for (const client of this.server?.clients ?? []) {
      if (!client.closed && !this.stalled.has(client)) this.stalled.set(client, undefined);
    }
  }

  /** Answers a request on a stalled connection: the first starts the trickle, the others hang. */
  private trickle(client: FakeCqlClient, stream: number): FakeReply[] {
    if (this.stalled.get(client) !== undefined) return [];
    const header = Buffer.alloc(9);
    header[0] = 0x84;
    header.writeInt16BE(stream, 2);
    header[4] = Opcode.RESULT;
    header.writeInt32BE(1 << 20, 5);
    client.socket.write(header);
    const timer = setInterval(() => {
      if (client.socket.destroyed) clearInterval(timer);
      else client.socket.write(Buffer.from([0]));
    }, 20);
    client.socket.once('close', () => clearInterval(timer));
    this.stalled.set(client, timer);
    return [];
  }

  /** Pushes an EVENT to every registered connection. */
  pushEvent(body: Buffer): void {
    for (const client of this.registered) client.reply({ stream: -1, opcode: Opcode.EVENT, body });
  }

  private handle(envelope: Envelope, client: FakeCqlClient): FakeReply[] {
    const { opcode, stream } = envelope;
    if (this.stalled.has(client)) return this.trickle(client, stream);
    const reply = (op: number, body: Buffer): FakeReply[] => [{ stream, opcode: op, body }];
    switch (opcode) {
      case Opcode.OPTIONS:
        return reply(Opcode.SUPPORTED, client.server.supportedBody());
      case Opcode.REGISTER:
        this.requests.push({ opcode, stream });
        if (this.respond?.({ opcode, stream }) === 'hang') return [];
        this.registered.add(client);
        client.socket.once('close', () => this.registered.delete(client));
        return reply(Opcode.READY, Buffer.alloc(0));
    }
    const request = decodeRequest(opcode, stream, envelope.body);
    this.requests.push(request);
    const custom = this.respond?.(request);
    if (custom === 'hang') return [];
    if (custom !== undefined)
      return [{ stream, opcode: custom.opcode, body: custom.body, flags: custom.flags }];
    const answer = this.answer(request);
    return reply(answer.opcode, answer.body);
  }

  private answer(request: FakeRequest): { opcode: number; body: Buffer } {
    const cql = request.cql ?? '';
    if (request.opcode === Opcode.PREPARE) return { opcode: Opcode.RESULT, body: preparedBody() };
    if (request.opcode === Opcode.EXECUTE) return { opcode: Opcode.RESULT, body: VOID_RESULT };
    if (/FROM system\.local/i.test(cql)) {
      return { opcode: Opcode.RESULT, body: rowsBody(LOCAL_COLUMNS, [this.localRow()]) };
    }
    if (/FROM system\.peers_v2/i.test(cql)) {
      if (!this.ring.peersV2) {
        return { opcode: Opcode.ERROR, body: errorBody(0x2200, 'unconfigured table peers_v2') };
      }
      return { opcode: Opcode.RESULT, body: rowsBody(PEERS_V2_COLUMNS, this.peerRows()) };
    }
    if (/FROM system\.peers/i.test(cql)) {
      return { opcode: Opcode.RESULT, body: rowsBody(PEERS_COLUMNS, this.peerRows()) };
    }
    if (/FROM system_schema\.keyspaces/i.test(cql)) {
      const wanted = request.values?.[0]?.toString('utf8');
      const rows = Object.entries(this.ring.keyspaces)
        .filter(([name]) => wanted === undefined || name === wanted)
        .map(([name, replication]) => ({ keyspace_name: name, durable_writes: true, replication }));
      return { opcode: Opcode.RESULT, body: rowsBody(KEYSPACE_COLUMNS, rows) };
    }
    if (/FROM system_(virtual_)?schema\./i.test(cql))
      return { opcode: Opcode.RESULT, body: rowsBody([], []) };
    if (/^\s*(CREATE|ALTER|DROP)\s/i.test(cql)) {
      this.ring.schemaChanged(this);
      const w = new ByteWriter();
      w.writeInt(5).writeString('CREATED').writeString('KEYSPACE').writeString('ks_created');
      return { opcode: Opcode.RESULT, body: Buffer.from(w.finish()) };
    }
    return { opcode: Opcode.RESULT, body: VOID_RESULT };
  }

  localRow(): Record<string, unknown> {
    const i = this.info;
    return {
      key: 'local',
      data_center: i.datacenter,
      rack: i.rack,
      host_id: i.hostId,
      release_version: i.releaseVersion,
      tokens: i.tokens,
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
      rpc_address: '127.0.0.1',
      schema_version: i.schemaVersion,
    };
  }

  private peerRows(): Record<string, unknown>[] {
    return this.ring.members
      .filter((n) => n !== this)
      .map((n) => ({
        peer: '127.0.0.1',
        peer_port: 7000,
        native_address: '127.0.0.1',
        native_port: n.port,
        rpc_address: '127.0.0.1',
        data_center: n.info.datacenter,
        rack: n.info.rack,
        host_id: n.info.hostId,
        release_version: n.info.releaseVersion,
        tokens: n.info.tokens,
        schema_version: n.info.schemaVersion,
      }));
  }
}

/**
 * Several fake nodes forming one cluster. `system.peers` has no port column, so with more than
 * one node only `peers_v2` describes them properly (the fallback test uses one node).
 */
export class FakeRing {
  readonly nodes: FakeNode[] = [];
  /** Nodes listed in system.local/peers (a removed node leaves this list). */
  members: FakeNode[] = [];
  peersV2 = true;
  keyspaces: Record<string, Record<string, string>> = {
    system: { class: 'org.apache.cassandra.locator.LocalStrategy' },
    ks: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' },
  };
  /** Whether a DDL on one node updates every node's schema version (false: only the coordinator's). */
  propagateSchema = true;

  static async start(
    count: number,
    info: (i: number) => Partial<FakeNodeInfo> = () => ({}),
  ): Promise<FakeRing> {
    const ring = new FakeRing();
    for (let i = 0; i < count; i++) await ring.addNode(info(i));
    return ring;
  }

  /** Adds and starts a node (listed as a member). */
  async addNode(info: Partial<FakeNodeInfo> = {}): Promise<FakeNode> {
    const i = this.nodes.length;
    const node = new FakeNode(this, {
      datacenter: 'dc1',
      rack: `rack${(i % 3) + 1}`,
      hostId: `00000000-0000-4000-8000-00000000000${i + 1}`,
      tokens: [String(BigInt(i) * 3_000_000_000_000_000_000n - 6_000_000_000_000_000_000n)],
      schemaVersion: 'aaaaaaaa-0000-4000-8000-000000000000',
      releaseVersion: '5.0.9',
      ...info,
    });
    await node.start();
    this.nodes.push(node);
    this.members.push(node);
    return node;
  }

  schemaChanged(coordinator: FakeNode): void {
    const version = `bbbbbbbb-0000-4000-8000-${String(Date.now() % 1e12).padStart(12, '0')}`;
    for (const node of this.propagateSchema ? this.members : [coordinator]) node.info.schemaVersion = version;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}

/** A v4 PREPARED body for `INSERT INTO ks.t (k, v) VALUES (?, ?)`: k int is the partition key. */
function preparedBody(): Buffer {
  const w = new ByteWriter();
  w.writeInt(4).writeShortBytes(PREPARED_ID);
  w.writeInt(0x0001).writeInt(2).writeInt(1).writeShort(0); // flags, 2 columns, 1 pk column at 0
  w.writeString('ks').writeString('t');
  w.writeString('k').writeShort(TYPE_IDS.int);
  w.writeString('v').writeShort(TYPE_IDS.text);
  w.writeInt(0x0004).writeInt(0); // result metadata: No_metadata
  return Buffer.from(w.finish());
}

function decodeRequest(opcode: number, stream: number, body: Buffer): FakeRequest {
  const reader = new ByteReader(body);
  if (opcode === Opcode.QUERY) {
    const cql = reader.readLongString();
    return { opcode, stream, cql, ...readParameters(reader) };
  }
  if (opcode === Opcode.PREPARE) return { opcode, stream, cql: reader.readLongString() };
  if (opcode === Opcode.EXECUTE) {
    const statementId = Buffer.from(reader.readShortBytes());
    return { opcode, stream, statementId, ...readParameters(reader) };
  }
  return { opcode, stream };
}

/** Reads the values and the default timestamp of QUERY/EXECUTE parameters (v4). */
function readParameters(reader: ByteReader): { values: (Buffer | null)[]; timestamp?: bigint } {
  reader.readShort();
  const flags = reader.readByte();
  const values: (Buffer | null)[] = [];
  if (flags & 0x01) {
    const n = reader.readShort();
    for (let i = 0; i < n; i++) {
      if (flags & 0x40) reader.readString();
      const v = reader.readBytes();
      values.push(v === null ? null : Buffer.from(v));
    }
  }
  if (flags & 0x04) reader.readInt(); // page size
  if (flags & 0x08) reader.readBytes(); // paging state
  if (flags & 0x10) reader.readShort(); // serial consistency
  return flags & 0x20 ? { values, timestamp: reader.readLong() } : { values };
}

/** EVENT bodies. */
export const events = {
  topology(change: 'NEW_NODE' | 'REMOVED_NODE' | 'MOVED_NODE', port: number): Buffer {
    return eventBody('TOPOLOGY_CHANGE', change, port);
  },
  status(change: 'UP' | 'DOWN', port: number): Buffer {
    return eventBody('STATUS_CHANGE', change, port);
  },
  schema(
    change: 'CREATED' | 'UPDATED' | 'DROPPED',
    target: 'KEYSPACE' | 'TABLE',
    keyspace: string,
    name?: string,
  ): Buffer {
    const w = new ByteWriter();
    w.writeString('SCHEMA_CHANGE').writeString(change).writeString(target).writeString(keyspace);
    if (name !== undefined) w.writeString(name);
    return Buffer.from(w.finish());
  },
};

function eventBody(type: string, change: string, port: number): Buffer {
  const w = new ByteWriter();
  w.writeString(type)
    .writeString(change)
    .writeByte(4)
    .writeRaw(Buffer.from([127, 0, 0, 1]))
    .writeInt(port);
  return Buffer.from(w.finish());
}
