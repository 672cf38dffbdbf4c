/**
 * The fault-injecting proxy (@cqlkit/driver/testing) in front of the real Cassandra: traffic of
 * every protocol version passes unchanged, forged errors arrive as the driver's error classes,
 * dropped and delayed frames behave as on a slow or lossy network, and a closed connection fails
 * what is in flight. The proxy listens on 127.0.1.1 (ephemeral port) and speaks plain TCP to the
 * node (the test cluster accepts both TLS and plain clients).
 */
import { performance } from 'node:perf_hooks';

import { Cluster, Consistency, OverloadedError, WriteTimeoutError } from '@cqlkit/driver';
import { Connection, ConnectionOptions, PlainTextAuthProvider } from '../../packages/driver/src/connection';
import {
  ConnectionClosedError,
  RequestAbortedError,
  UnavailableError,
} from '../../packages/driver/src/errors';
import { ByteReader } from '../../packages/driver/src/binary/byte-reader';
import type { ByteWriter } from '../../packages/driver/src/binary/byte-writer';
import type { RequestMessage } from '../../packages/driver/src/protocol/envelope';
import type { ProtocolVersion } from '../../packages/driver/src/protocol/opcodes';
import { readResponsePrefix } from '../../packages/driver/src/protocol/response-prefix';
import {
  Condition,
  CqlProxy,
  Errors,
  FeedbackQueue,
  Opcode,
  Reaction,
  rule,
} from '../../packages/driver/src/testing';
import { contactPoints, credentials } from '@cqlkit/testing';
import { testClusterOptions } from './driver/driver-test-cluster';

const RESULT_ROWS = 0x0002;

/** A QUERY with no values at consistency ONE. */
function query(cql: string): RequestMessage {
  return {
    opcode: Opcode.QUERY,
    encodeBody(w: ByteWriter, version: ProtocolVersion): void {
      w.writeLongString(cql).writeShort(Consistency.ONE);
      if (version >= 5) w.writeInt(0);
      else w.writeByte(0);
    },
  };
}

/** The RESULT kind and row count of a Rows response. */
function rowCount(frame: { body: Buffer; flags: number }): number {
  const r = new ByteReader(frame.body);
  readResponsePrefix(r, frame.flags);
  expect(r.readInt()).toBe(RESULT_ROWS);
  const flags = r.readInt();
  const columns = r.readInt();
  if (flags & 0x0002) r.readBytes();
  if (flags & 0x0008) r.readShortBytes();
  if (!(flags & 0x0004)) {
    const global = (flags & 0x0001) !== 0;
    if (global) skipStrings(r, 2);
    for (let i = 0; i < columns; i++) {
      skipStrings(r, global ? 1 : 3); // [keyspace, table,] name
      skipType(r);
    }
  }
  return r.readInt();
}

function skipStrings(r: ByteReader, count: number): void {
  for (let i = 0; i < count; i++) r.readString();
}

/** Skips a column [option] (collections and UDTs nest). */
function skipType(r: ByteReader): void {
  const id = r.readShort();
  if (id === 0x0000) r.readString();
  else if (id === 0x0020 || id === 0x0022) skipType(r);
  else if (id === 0x0021) {
    skipType(r);
    skipType(r);
  } else if (id === 0x0030) {
    r.readString();
    r.readString();
    const n = r.readShort();
    for (let i = 0; i < n; i++) {
      r.readString();
      skipType(r);
    }
  } else if (id === 0x0031) {
    const n = r.readShort();
    for (let i = 0; i < n; i++) skipType(r);
  }
}

function realNode(): { host: string; port: number } {
  const first = contactPoints()[0]!;
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(first)!;
  return { host: match[1]!, port: match[2] ? Number(match[2]) : 9042 };
}

function connectionOptions(extra: ConnectionOptions = {}): ConnectionOptions {
  const login = credentials();
  return {
    heartbeatIntervalMs: 0,
    connectTimeoutMs: 15_000,
    ...(login ? { authProvider: new PlainTextAuthProvider(login.username, login.password) } : {}),
    ...extra,
  };
}

describe('CqlProxy in front of Cassandra', () => {
  let proxy: CqlProxy;

  beforeAll(async () => {
    proxy = await CqlProxy.start({ nodes: [{ listen: { host: '127.0.1.1', port: 0 }, target: realNode() }] });
  });

  afterAll(async () => {
    await proxy?.close();
  });

  afterEach(() => {
    proxy.clearRules();
    expect(proxy.errors).toEqual([]);
  });

  async function open(extra: ConnectionOptions = {}): Promise<Connection> {
    const { host, port } = proxy.nodes[0]!.address;
    return Connection.open(host, port, connectionOptions(extra));
  }

  describe.each([
    [5, 'lz4'],
    [5, false],
    [4, 'lz4'],
    [4, false],
    [3, 'snappy'],
    [3, false],
  ] as const)('pass-through on protocol v%i, compression %s', (version, compression) => {
    it('handshakes (with authentication) and carries small and large results', async () => {
      const auth = new FeedbackQueue();
      proxy.nodes[0]!.setRequestRules([
        rule(Condition.opcode(Opcode.AUTH_RESPONSE), Reaction.pass().withFeedback(auth)),
      ]);
      await using connection = await open({ protocolVersion: version, compression });
      expect(connection.protocolVersion).toBe(version);
      if (credentials()) {
        // v5: the SASL exchange already travels in segments (the switch follows AUTHENTICATE)
        expect((await auth.next()).frame.framed).toBe(version === 5);
      }
      expect(connection.compression).toBe(compression || null);
      expect(rowCount(await connection.send(query('SELECT release_version FROM system.local')))).toBe(1);
      // 150 KB each way: several v5 segments, large compressed v3/v4 bodies
      const big = 'cqlkit proxy '.repeat(12_000);
      const echoed = await connection.send(query(`SELECT (text)'${big}' AS big FROM system.local`));
      expect(rowCount(echoed)).toBe(1);
      expect(echoed.body.includes(Buffer.from(big))).toBe(true);
      expect(rowCount(await connection.send(query('SELECT * FROM system_schema.columns')))).toBeGreaterThan(
        100,
      );
      const own = proxy.nodes[0]!.connections.find((c) => c.protocolVersion === version && !c.closed);
      expect(own?.framed).toBe(version === 5);
    });
  });

  it('forges an Unavailable for a matching QUERY; other queries reach the node', async () => {
    await using connection = await open({ compression: 'lz4' });
    proxy.nodes[0]!.setRequestRules([
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('FROM system.peers')),
        Reaction.forgeError(Errors.unavailable({ consistency: Consistency.QUORUM, required: 2, alive: 1 })),
      ),
    ]);
    const error = await connection.send(query('SELECT * FROM system.peers')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ consistency: Consistency.QUORUM, required: 2, alive: 1 });
    expect(rowCount(await connection.send(query('SELECT release_version FROM system.local')))).toBe(1);
  });

  it('a dropped request stays pending until the client aborts it', async () => {
    await using connection = await open();
    const seen = new FeedbackQueue();
    proxy.nodes[0]!.setRequestRules([
      rule(Condition.bodyContains('cluster_name'), Reaction.drop().withFeedback(seen)),
    ]);
    const start = performance.now();
    const lost = connection.send(query('SELECT cluster_name FROM system.local'), AbortSignal.timeout(400));
    await expect(lost).rejects.toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - start).toBeGreaterThanOrEqual(390);
    expect((await seen.next()).reaction).toBe('drop');
    // the node never answered: the stream is still held as orphaned; the connection still works
    expect(connection.orphanedStreams).toBe(1);
    expect(rowCount(await connection.send(query('SELECT release_version FROM system.local')))).toBe(1);
  });

  it('a delayed response is observably late', async () => {
    await using connection = await open({ compression: 'lz4' });
    const t0 = performance.now();
    await connection.send(query('SELECT release_version FROM system.local'));
    const baseline = performance.now() - t0;
    proxy.nodes[0]!.setResponseRules([
      rule(
        Condition.opcode(Opcode.RESULT).and(Condition.inResponseTo(Condition.opcode(Opcode.QUERY))),
        Reaction.delay(300),
      ),
    ]);
    const t1 = performance.now();
    await connection.send(query('SELECT release_version FROM system.local'));
    const delayed = performance.now() - t1;
    expect(delayed).toBeGreaterThanOrEqual(295);
    expect(delayed).toBeGreaterThan(baseline + 200);
  });

  it('closing the connection rejects requests in flight with ConnectionClosedError', async () => {
    const connection = await open({ compression: 'lz4' });
    proxy.nodes[0]!.setRequestRules([
      rule(Condition.bodyContains('cluster_name'), Reaction.drop()),
      rule(Condition.bodyContains('data_center'), Reaction.closeConnection()),
    ]);
    const pending = connection.send(query('SELECT cluster_name FROM system.local')).catch((e: unknown) => e);
    const closing = connection.send(query('SELECT data_center FROM system.local')).catch((e: unknown) => e);
    expect(await pending).toBeInstanceOf(ConnectionClosedError);
    expect(await closing).toBeInstanceOf(ConnectionClosedError);
    expect(connection.closed).toBe(true);
    await connection.close();
  });

  it('a Cluster reaches the node through the proxy and sees forged errors', async () => {
    const seen = new FeedbackQueue();
    proxy.nodes[0]!.setRequestRules([
      rule(Condition.registered(), Reaction.pass().withFeedback(seen)),
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('INSERT INTO proxy_never.t')),
        Reaction.forgeError(
          Errors.writeTimeout({
            consistency: Consistency.ONE,
            received: 0,
            blockFor: 1,
            writeType: 'SIMPLE',
          }),
        ),
      ),
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('overload me')),
        Reaction.forgeError(Errors.overloaded()),
      ),
    ]);
    const cluster = new Cluster(
      testClusterOptions({
        contactPoints: proxy.contactPoints(),
        addressTranslator: proxy.addressTranslator(),
      }),
    );
    try {
      const session = await cluster.connect();
      const rs = await session.execute('SELECT release_version FROM system.local');
      expect(rs.rows).toHaveLength(1);
      const error = await session
        .execute('INSERT INTO proxy_never.t (id) VALUES (1)')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteTimeoutError);
      expect(error).toMatchObject({ received: 0, blockFor: 1, writeType: 'SIMPLE' });
      await expect(session.execute("SELECT 'overload me' FROM system.local")).rejects.toBeInstanceOf(
        OverloadedError,
      );
      // the control connection registered for events and talks through the proxy too
      expect(proxy.nodes[0]!.connections.some((c) => c.registered)).toBe(true);
      expect(seen.count).toBeGreaterThan(0);
    } finally {
      await cluster.shutdown();
    }
  });
});
