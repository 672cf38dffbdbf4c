import { randomBytes } from 'node:crypto';

import { PlainTextAuthProvider } from '../../src/connection/auth';
import { Connection } from '../../src/connection/connection';
import { Opcode } from '../../src/protocol/opcodes';
import { CqlProxy } from '../../src/testing';
import { echo, FakeCqlServer } from '../fake-cql/fake-cql-server';
import { query, startFixture } from './proxy-fixture';
import { RawCqlClient } from './raw-cql-client';

const SEGMENT_PAYLOAD = 4096;

/** Bodies of several sizes: tiny, compressible, and one spanning several small segments. */
function bodies(): Buffer[] {
  return [
    Buffer.from('tiny'),
    Buffer.from('SELECT * FROM ks.t WHERE id = 1; '.repeat(40)),
    randomBytes(20_000), // incompressible: several segments even with lz4
  ];
}

describe('CqlProxy pass-through', () => {
  describe.each([
    [3, null],
    [3, 'lz4'],
    [3, 'snappy'],
    [4, null],
    [4, 'lz4'],
    [4, 'snappy'],
    [5, null],
    [5, 'lz4'],
  ] as const)('protocol v%i, compression %s', (version, compression) => {
    let server: FakeCqlServer;
    let proxy: CqlProxy;

    beforeEach(async () => {
      server = await FakeCqlServer.start({ segmentPayload: SEGMENT_PAYLOAD, onRequest: echo });
      proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    });

    afterEach(async () => {
      await proxy.close();
      await server.close();
    });

    it('forwards both directions byte for byte when no rule applies', async () => {
      const client = await RawCqlClient.connect(proxy.nodes[0]!.address);
      const ready = await client.startup(version, compression, SEGMENT_PAYLOAD);
      expect(ready.opcode).toBe(Opcode.READY);
      const requests = bodies().map((body, i) => ({ version, stream: i + 1, opcode: Opcode.QUERY, body }));
      client.send(...requests);
      client.send({ version, stream: 9, opcode: Opcode.OPTIONS, body: Buffer.alloc(0) });
      const envelopes = await client.waitForEnvelopes(1 + requests.length + 1);

      expect(envelopes.slice(1, 4).map((e) => [e.stream, e.opcode, e.body])).toEqual(
        requests.map((r) => [r.stream, Opcode.RESULT, r.body]),
      );
      const fake = server.client;
      expect(fake.receivedBytes().equals(client.sentBytes())).toBe(true);
      expect(client.receivedBytes().equals(fake.sentBytes())).toBe(true);
      if (version === 5) {
        // the large body really was split over several segments
        expect(fake.sentBytes().length).toBeGreaterThan(20_000 + 4 * 8);
      }
      expect(proxy.errors).toEqual([]);
      const [connection] = proxy.nodes[0]!.connections;
      expect(connection!.protocolVersion).toBe(version);
      expect(connection!.compression).toBe(compression);
      expect(connection!.framed).toBe(version === 5);
      expect(connection!.pendingStreams).toEqual([]);
      await client.close();
    });

    it('carries a driver Connection (handshake, requests, compression)', async () => {
      const { host, port } = proxy.nodes[0]!.address;
      const connection = await Connection.open(host, port, {
        protocolVersion: version,
        compression: compression ?? false,
        heartbeatIntervalMs: 0,
      });
      try {
        expect(connection.protocolVersion).toBe(version);
        expect(connection.compression).toBe(compression);
        const responses = await Promise.all(
          ['SELECT 1', 'SELECT 2', 'x'.repeat(50_000)].map((cql) => connection.send(query(cql))),
        );
        expect(responses.map((r) => r.body.readInt32BE(0))).toEqual([8, 8, 50_000]);
        expect(responses[2]!.body.subarray(4, 50_004).toString()).toBe('x'.repeat(50_000));
      } finally {
        await connection.close();
      }
    });
  });

  it('follows the v5 switch after AUTHENTICATE (auth exchange framed, lz4)', async () => {
    const fixture = await startFixture({ authenticator: 'org.apache.cassandra.auth.PasswordAuthenticator' });
    try {
      const connection = await fixture.open({
        protocolVersion: 5,
        compression: 'lz4',
        authProvider: new PlainTextAuthProvider('user', 'secret'),
      });
      const response = await connection.send(query('SELECT now() FROM system.local'));
      expect(response.opcode).toBe(Opcode.RESULT);
      const opcodes = fixture.server.client.envelopes.map((e) => e.opcode);
      expect(opcodes).toEqual([Opcode.OPTIONS, Opcode.STARTUP, Opcode.AUTH_RESPONSE, Opcode.QUERY]);
      expect(fixture.proxy.nodes[0]!.connections[0]!.framed).toBe(true);
    } finally {
      await fixture.close();
    }
  });

  it('carries a version refusal, then the v4 connection the driver falls back to', async () => {
    const fixture = await startFixture({ supportedVersions: [3, 4] });
    try {
      const connection = await fixture.open({ compression: 'lz4' });
      expect(connection.protocolVersion).toBe(4);
      expect((await connection.send(query('SELECT 1'))).opcode).toBe(Opcode.RESULT);
      expect(fixture.proxy.nodes[0]!.acceptedConnections).toBe(2);
      expect(fixture.proxy.errors).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('negotiates the default version (v5) through the proxy', async () => {
    const fixture = await startFixture();
    try {
      const connection = await fixture.open();
      expect(connection.protocolVersion).toBe(5);
      expect((await connection.send(query('SELECT 1'))).opcode).toBe(Opcode.RESULT);
    } finally {
      await fixture.close();
    }
  });
});
