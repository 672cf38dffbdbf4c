/**
 * Connection against a real Cassandra (5.0 from the harness): every protocol version with and
 * without compression, handshake, multiplexing, multi-segment v5 messages both ways, server
 * errors and events. Messages are written by hand here so that only the connection layer is
 * under test.
 */
import { readFileSync } from 'node:fs';

import {
  Connection,
  ConnectionOptions,
  PlainTextAuthProvider,
  Envelope,
} from '../../packages/driver/src/connection';
import { CqlSyntaxError } from '../../packages/driver/src/errors';
import { ByteReader } from '../../packages/driver/src/binary/byte-reader';
import type { ByteWriter } from '../../packages/driver/src/binary/byte-writer';
import { OptionsRequest } from '../../packages/driver/src/protocol/handshake';
import { Opcode, ProtocolVersion } from '../../packages/driver/src/protocol/opcodes';
import { readResponsePrefix } from '../../packages/driver/src/protocol/response-prefix';
import { contactPoints, credentials, tlsCaPath, uniqueKeyspaceName } from '@cqlkit/testing';

const CONSISTENCY_ONE = 0x0001;
const RESULT_ROWS = 0x0002;

/** A QUERY with no values: [long string] + [consistency] + flags ([byte] v3/v4, [int] v5). */
function query(cql: string) {
  return {
    opcode: Opcode.QUERY,
    encodeBody(w: ByteWriter, version: ProtocolVersion): void {
      w.writeLongString(cql).writeShort(CONSISTENCY_ONE);
      if (version >= 5) w.writeInt(0);
      else w.writeByte(0);
    },
  };
}

function skipStrings(r: ByteReader, count: number): void {
  for (let i = 0; i < count; i++) r.readString();
}

/** The text cells of a Rows RESULT (enough metadata parsing for these tests). */
function textCells(frame: Envelope): (string | null)[][] {
  const r = new ByteReader(frame.body);
  readResponsePrefix(r, frame.flags);
  expect(r.readInt()).toBe(RESULT_ROWS);
  const flags = r.readInt();
  const columns = r.readInt();
  if (flags & 0x0002) r.readBytes(); // paging state
  if (flags & 0x0008) r.readShortBytes(); // new metadata id (v5)
  if (!(flags & 0x0004)) {
    if (flags & 0x0001) skipStrings(r, 2); // global keyspace and table
    for (let i = 0; i < columns; i++) {
      if (!(flags & 0x0001)) skipStrings(r, 2);
      skipStrings(r, 1); // column name
      const type = r.readShort();
      if (type === 0x0000) r.readString();
    }
  }
  const rows = r.readInt();
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => r.readBytes()?.toString('utf8') ?? null),
  );
}

function endpoint(): { host: string; port: number } {
  const first = contactPoints()[0]!;
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(first)!;
  return { host: match[1]!, port: match[2] ? Number(match[2]) : 9042 };
}

/** Auth/TLS of the cluster under test, when it has them. */
function baseOptions(): ConnectionOptions {
  const login = credentials();
  const ca = tlsCaPath();
  return {
    heartbeatIntervalMs: 0,
    connectTimeoutMs: 15_000,
    ...(login ? { authProvider: new PlainTextAuthProvider(login.username, login.password) } : {}),
    ...(ca ? { tls: { ca: readFileSync(ca) } } : {}),
  };
}

async function open(options: ConnectionOptions): Promise<Connection> {
  const { host, port } = endpoint();
  return Connection.open(host, port, { ...baseOptions(), ...options });
}

describe('Connection against Cassandra', () => {
  let offered: string[] = [];

  beforeAll(async () => {
    await using connection = await open({ compression: false });
    const supported = new ByteReader((await connection.send(new OptionsRequest())).body).readStringMultimap();
    offered = (supported['COMPRESSION'] ?? []).map((c) => c.toLowerCase());
    expect(offered).toContain('lz4');
  });

  it('negotiates v5 by default', async () => {
    await using connection = await open({});
    expect(connection.protocolVersion).toBe(5);
    expect(connection.compression).toBe('lz4');
  });

  describe.each([
    [5, false],
    [5, 'lz4'],
    [4, false],
    [4, 'lz4'],
    [4, 'snappy'],
    [3, false],
    [3, 'lz4'],
    [3, 'snappy'],
  ] as const)('protocol v%i, compression %s', (version, compression) => {
    let connection: Connection;

    beforeAll(async () => {
      connection = await open({ protocolVersion: version, compression });
    });

    afterAll(async () => {
      await connection?.close();
    });

    it('opens with the requested settings', () => {
      expect(connection.protocolVersion).toBe(version);
      const expected = compression === 'snappy' && !offered.includes('snappy') ? null : compression || null;
      expect(connection.compression).toBe(expected);
    });

    it('answers OPTIONS with SUPPORTED', async () => {
      const frame = await connection.send(new OptionsRequest());
      expect(frame.opcode).toBe(Opcode.SUPPORTED);
      expect(frame.version).toBe(version);
      const supported = new ByteReader(frame.body).readStringMultimap();
      expect(supported['CQL_VERSION']).toBeDefined();
    });

    it('runs SELECT release_version FROM system.local', async () => {
      const frame = await connection.send(query('SELECT release_version FROM system.local'));
      expect(frame.opcode).toBe(Opcode.RESULT);
      const rows = textCells(frame);
      expect(rows).toHaveLength(1);
      expect(rows[0]![0]).toMatch(/^5\.0\./);
    });

    it('multiplexes 500 concurrent queries', async () => {
      const frames = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          connection.send(i % 2 ? query(`SELECT release_version FROM system.local`) : new OptionsRequest()),
        ),
      );
      frames.forEach((frame, i) => expect(frame.opcode).toBe(i % 2 ? Opcode.RESULT : Opcode.SUPPORTED));
      expect(connection.inFlight).toBe(0);
    });

    it('sends and receives messages larger than a v5 segment (128 KiB)', async () => {
      const text = Array.from({ length: 40_000 }, (_, i) => (i * 7919).toString(36)).join('');
      expect(text.length).toBeGreaterThan(200_000);
      const frame = await connection.send(
        query(`SELECT blobAsText(textAsBlob('${text}')) AS t FROM system.local`),
      );
      expect(textCells(frame)[0]![0]).toBe(text);
    });

    it('rejects with the decoded server error and stays usable', async () => {
      await expect(connection.send(query('SELEKT nothing'))).rejects.toBeInstanceOf(CqlSyntaxError);
      expect(connection.closed).toBe(false);
      expect((await connection.send(new OptionsRequest())).opcode).toBe(Opcode.SUPPORTED);
    });
  });

  it.each([5, 4] as const)('receives schema change events after REGISTER (v%i)', async (version) => {
    await using events = await open({ protocolVersion: version });
    await using ddl = await open({ protocolVersion: version });
    const register = {
      opcode: Opcode.REGISTER,
      encodeBody: (w: ByteWriter) => void w.writeStringList(['SCHEMA_CHANGE']),
    };
    expect((await events.send(register)).opcode).toBe(Opcode.READY);
    const received: Envelope[] = [];
    events.onEvent((frame) => received.push({ ...frame, body: Buffer.from(frame.body) }));
    const keyspace = uniqueKeyspaceName('conn_events');
    await ddl.send(
      query(
        `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
      ),
    );
    await ddl.send(query(`DROP KEYSPACE ${keyspace}`));
    const deadline = Date.now() + 10_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const changes = received.map((frame) => {
      const r = new ByteReader(frame.body);
      return [frame.stream, r.readString(), r.readString(), r.readString()];
    });
    expect(changes).toEqual([
      [-1, 'SCHEMA_CHANGE', 'CREATED', 'KEYSPACE'],
      [-1, 'SCHEMA_CHANGE', 'DROPPED', 'KEYSPACE'],
    ]);
  });

  it('answers heartbeats on an idle connection', async () => {
    await using connection = await open({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 600));
    expect(connection.closed).toBe(false);
    expect(connection.socketWrites).toBeGreaterThanOrEqual(3); // OPTIONS, STARTUP, then heartbeats
  });
});
