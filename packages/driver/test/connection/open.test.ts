import * as net from 'node:net';
import { Connection, PlainTextAuthProvider } from '../../src/connection';
import type { Authenticator } from '../../src/connection';
import {
  AuthenticationError,
  BadCredentialsError,
  ConnectionError,
  ConnectTimeoutError,
  InvalidOptionsError,
  RequestAbortedError,
  UnsupportedProtocolVersionError,
} from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { FakeCqlServer, FakeCqlServerOptions, RawRequest } from '../fake-cql/fake-cql-server';

const servers: FakeCqlServer[] = [];
const connections: Connection[] = [];

async function server(options: FakeCqlServerOptions = {}): Promise<FakeCqlServer> {
  const s = await FakeCqlServer.start(options);
  servers.push(s);
  return s;
}

async function open(port: number, options: Parameters<typeof Connection.open>[2] = {}): Promise<Connection> {
  const c = await Connection.open('127.0.0.1', port, { heartbeatIntervalMs: 0, ...options });
  connections.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('protocol version negotiation', () => {
  it('falls back from v5 to v4 when the server answers a protocol error', async () => {
    const s = await server({ supportedVersions: [3, 4] });
    const connection = await open(s.port);
    expect(connection.protocolVersion).toBe(4);
    expect(s.attemptedVersions).toEqual([5, 4]);
    const frame = await connection.send(new RawRequest(Buffer.from('q')));
    expect(frame.opcode).toBe(Opcode.RESULT);
    expect(frame.version).toBe(4);
  });

  it('jumps straight to the highest version the error message lists', async () => {
    const s = await server({ supportedVersions: [3] });
    const connection = await open(s.port);
    expect(connection.protocolVersion).toBe(3);
    expect(s.attemptedVersions).toEqual([5, 3]);
  });

  it('does not fall back from a pinned version', async () => {
    const s = await server({ supportedVersions: [3, 4] });
    const error = (await open(s.port, { protocolVersion: 5 }).catch(
      (e: unknown) => e,
    )) as UnsupportedProtocolVersionError;
    expect(error).toBeInstanceOf(UnsupportedProtocolVersionError);
    expect(error.message).toMatch(
      /does not support protocol version 5, pinned by the protocolVersion option/,
    );
    expect(error.message).toContain('supported versions are (3/v3, 4/v4)');
    expect(error.triedVersions).toEqual([5]);
    expect(s.attemptedVersions).toEqual([5]);
  });

  it('opens a pinned lower version directly', async () => {
    const s = await server();
    const connection = await open(s.port, { protocolVersion: 3 });
    expect(connection.protocolVersion).toBe(3);
    expect(s.attemptedVersions).toEqual([3]);
  });
});

describe('authentication', () => {
  const authenticatorClass = 'org.apache.cassandra.auth.PasswordAuthenticator';

  it('sends SASL PLAIN credentials', async () => {
    const s = await server({ authenticator: authenticatorClass });
    const connection = await open(s.port, { authProvider: new PlainTextAuthProvider('alice', 'sécret') });
    expect(s.client.authTokens).toEqual([Buffer.from('\0alice\0sécret', 'utf8')]);
    expect((await connection.send(new RawRequest(Buffer.from('q')))).opcode).toBe(Opcode.RESULT);
  });

  it.each([3, 4, 5] as const)('runs a multi-round custom exchange (v%i)', async (protocolVersion) => {
    const s = await server({
      authenticator: 'com.example.ChallengeAuthenticator',
      onAuthResponse: (token, round) =>
        round < 2
          ? { challenge: Buffer.from(`challenge-${round}`) }
          : { success: Buffer.from(`done:${token}`) },
    });
    const seen: { endpoint?: string; className?: string; challenges: string[]; final?: string } = {
      challenges: [],
    };
    const connection = await open(s.port, {
      protocolVersion,
      authProvider: {
        newAuthenticator(endpoint, className): Authenticator {
          seen.endpoint = endpoint;
          seen.className = className;
          return {
            initialResponse: async () => Buffer.from('hello'),
            evaluateChallenge: (challenge) => {
              seen.challenges.push(challenge.toString());
              return Buffer.from(`answer-${seen.challenges.length}`);
            },
            onSuccess: (token) => {
              seen.final = token?.toString();
            },
          };
        },
      },
    });
    expect(seen).toEqual({
      endpoint: `127.0.0.1:${s.port}`,
      className: 'com.example.ChallengeAuthenticator',
      challenges: ['challenge-0', 'challenge-1'],
      final: 'done:answer-2',
    });
    expect(s.client.authTokens.map(String)).toEqual(['hello', 'answer-1', 'answer-2']);
    expect(connection.protocolVersion).toBe(protocolVersion);
    expect((await connection.send(new RawRequest(Buffer.from('q')))).opcode).toBe(Opcode.RESULT);
  });

  it('fails with AuthenticationError naming the endpoint and authenticator when no provider is set', async () => {
    const s = await server({ authenticator: authenticatorClass });
    const error = (await open(s.port).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.endpoint).toBe(`127.0.0.1:${s.port}`);
    expect(error.message).toContain(`127.0.0.1:${s.port} requires authentication`);
    expect(error.message).toContain(authenticatorClass);
    expect(error.message).toContain('authProvider');
  });

  it('surfaces the server BadCredentialsError', async () => {
    const s = await server({
      authenticator: authenticatorClass,
      onAuthResponse: () => ({ badCredentials: 'Provided username alice and/or password are incorrect' }),
    });
    const error = (await open(s.port, { authProvider: new PlainTextAuthProvider('alice', 'wrong') }).catch(
      (e: unknown) => e,
    )) as BadCredentialsError;
    expect(error).toBeInstanceOf(BadCredentialsError);
    expect(error.message).toBe(
      `Provided username alice and/or password are incorrect (from 127.0.0.1:${s.port})`,
    );
  });

  it('wraps authenticator failures in AuthenticationError', async () => {
    const s = await server({ authenticator: 'x.Auth' });
    const error = await open(s.port, {
      authProvider: {
        newAuthenticator: () => ({
          initialResponse: () => {
            throw new Error('token service down');
          },
          evaluateChallenge: () => Buffer.alloc(0),
        }),
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/initialResponse\(\) failed .*token service down/);
  });

  it('rejects NUL characters in PLAIN credentials', () => {
    expect(() => new PlainTextAuthProvider('a\0b', 'c')).toThrow(InvalidOptionsError);
  });
});

describe('opening failures', () => {
  it('times out when the server never answers STARTUP, naming the stage', async () => {
    const s = await server({ answerStartup: false });
    const started = Date.now();
    const error = (await open(s.port, { connectTimeoutMs: 150 }).catch(
      (e: unknown) => e,
    )) as ConnectTimeoutError;
    expect(error).toBeInstanceOf(ConnectTimeoutError);
    expect(error.message).toMatch(/timed out after 150 ms \(stage: STARTUP, protocol v5\)/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out on a silent TCP server', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await expect(open(port, { connectTimeoutMs: 100 })).rejects.toBeInstanceOf(ConnectTimeoutError);
    } finally {
      silent.close();
    }
  });

  it('is abortable with a signal', async () => {
    const s = await server({ answerStartup: false });
    const controller = new AbortController();
    const opening = open(s.port, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(opening).rejects.toBeInstanceOf(RequestAbortedError);
    await expect(open(s.port, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('reports a refused connection as ConnectionError with the endpoint', async () => {
    const s = await server();
    const port = s.port;
    await s.close();
    servers.length = 0;
    const error = (await open(port).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(new RegExp(`could not connect to 127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  });

  it.each([
    [{ protocolVersion: 2 }, /protocolVersion/],
    [{ compression: 'zstd' }, /compression/],
    [{ maxStreams: 0 }, /maxStreams/],
    [{ connectTimeoutMs: -1 }, /connectTimeoutMs/],
  ])('rejects invalid options %p', async (options, message) => {
    await expect(Connection.open('127.0.0.1', 9, options as never)).rejects.toThrow(message);
  });
});
