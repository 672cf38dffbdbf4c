/**
 * Authentication and TLS of a Connection against a real Cassandra. These need a cluster started
 * with `npm run cassandra -- start --auth --tls` (the Jest global setup then exports the
 * credentials and CA files; a fresh `npm test` starts it that way). Against a cluster without
 * them the suites FAIL with a message naming the missing option: they are never skipped.
 */
import { readFileSync } from 'node:fs';

import { Connection, ConnectionOptions, PlainTextAuthProvider } from '../../packages/driver/src/connection';
import { AuthenticationError, BadCredentialsError, ConnectionError } from '../../packages/driver/src/errors';
import type { ByteWriter } from '../../packages/driver/src/binary/byte-writer';
import { Opcode, ProtocolVersion } from '../../packages/driver/src/protocol/opcodes';
import {
  authEnabled,
  contactPoints,
  credentials,
  tlsCaPath,
  tlsClientPkcs12,
  tlsEnabled,
  tlsOtherCaPath,
} from '@cqlkit/testing';

function endpoint(): { host: string; port: number } {
  const first = contactPoints()[0]!;
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(first)!;
  return { host: match[1]!, port: match[2] ? Number(match[2]) : 9042 };
}

function open(options: ConnectionOptions): Promise<Connection> {
  const { host, port } = endpoint();
  return Connection.open(host, port, { heartbeatIntervalMs: 0, connectTimeoutMs: 15_000, ...options });
}

const releaseVersion = {
  opcode: Opcode.QUERY,
  encodeBody(w: ByteWriter, version: ProtocolVersion): void {
    w.writeLongString('SELECT release_version FROM system.local').writeShort(0x0001);
    if (version >= 5) w.writeInt(0);
    else w.writeByte(0);
  },
};

/** Authentication also has to succeed when the server requires TLS too. */
function tlsOptions(): ConnectionOptions {
  const ca = tlsCaPath();
  return ca ? { tls: { ca: readFileSync(ca) } } : {};
}

function authOptions(): ConnectionOptions {
  const login = credentials();
  return login ? { authProvider: new PlainTextAuthProvider(login.username, login.password) } : {};
}

function requireClusterFeature(option: '--auth' | '--tls', enabled: boolean): void {
  if (!enabled) {
    throw new Error(
      `this suite needs a cluster started with ${option}: stop the running one (npm run cassandra -- stop) ` +
        `and let npm test start its own, or run npm run cassandra -- start --auth --tls`,
    );
  }
}

describe('authentication (cluster started with --auth)', () => {
  beforeAll(() => requireClusterFeature('--auth', authEnabled()));

  it.each([5, 4, 3] as const)('logs in with the right password (v%i)', async (protocolVersion) => {
    await using connection = await open({ protocolVersion, ...tlsOptions(), ...authOptions() });
    expect(connection.protocolVersion).toBe(protocolVersion);
    expect((await connection.send(releaseVersion)).opcode).toBe(Opcode.RESULT);
  });

  it.each([5, 4] as const)(
    'rejects a wrong password with BadCredentialsError (v%i)',
    async (protocolVersion) => {
      const user = credentials()!.username;
      const error = (await open({
        protocolVersion,
        ...tlsOptions(),
        authProvider: new PlainTextAuthProvider(user, 'definitely-not-the-password'),
      }).catch((e: unknown) => e)) as BadCredentialsError;
      expect(error).toBeInstanceOf(BadCredentialsError);
      expect(error.message).toMatch(/password are incorrect/);
      expect(error.coordinator).toMatch(/:\d+$/);
    },
  );

  it('explains that an authProvider is needed', async () => {
    const error = (await open({ ...tlsOptions() }).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/requires authentication/);
    expect(error.message).toContain('org.apache.cassandra.auth.PasswordAuthenticator');
    expect(error.message).toContain(error.endpoint);
  });
});

describe('TLS (cluster started with --tls)', () => {
  beforeAll(() => requireClusterFeature('--tls', tlsEnabled()));

  it.each([5, 4] as const)('connects when trusting the cluster CA (v%i)', async (protocolVersion) => {
    await using connection = await open({ protocolVersion, ...tlsOptions(), ...authOptions() });
    expect((await connection.send(releaseVersion)).opcode).toBe(Opcode.RESULT);
  });

  it('fails with a clear ConnectionError when trusting another CA', async () => {
    const error = (await open({
      tls: { ca: readFileSync(tlsOtherCaPath()!) },
      ...authOptions(),
    }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/certificate of .* could not be verified/);
    expect(error.message).toContain('tls.ca');
  });

  it('fails with a clear ConnectionError when trusting only the system CAs', async () => {
    const error = (await open({ tls: true, ...authOptions() }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/could not be verified/);
  });

  // This node does not require client certificates: that a node which does refuses a client
  // without one is proven by the cluster project (mutual-tls.suite.ts).
  it('presents a client certificate (PKCS12)', async () => {
    const client = tlsClientPkcs12()!;
    await using connection = await open({
      tls: { ca: readFileSync(tlsCaPath()!), pfx: readFileSync(client.path), passphrase: client.password },
      ...authOptions(),
    });
    expect((await connection.send(releaseVersion)).opcode).toBe(Opcode.RESULT);
  });
});
