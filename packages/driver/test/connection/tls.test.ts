import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, ConnectionOptions } from '../../src/connection';
import { ConnectionError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { echo, FakeCqlServer, RawRequest } from '../fake-cql/fake-cql-server';

/** Test PKI made with the openssl CLI: two CAs, two server certificates signed by the first. */
interface Pki {
  caPem: Buffer;
  otherCaPem: Buffer;
  /** SAN IP:127.0.0.1, DNS:localhost */
  server: { key: Buffer; cert: Buffer };
  /** SAN DNS:db.example only */
  namedServer: { key: Buffer; cert: Buffer };
}

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function makePki(dir: string): Pki {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
    );
  }
  const leaf = (name: string, san: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run(
      'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`,
    ); // prettier-ignore
    return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) };
  };
  return {
    server: leaf('server', 'IP:127.0.0.1,DNS:localhost'),
    namedServer: leaf('named', 'DNS:db.example'),
    caPem: readFileSync(join(dir, 'ca.pem')),
    otherCaPem: readFileSync(join(dir, 'other-ca.pem')),
  };
}

describe('TLS', () => {
  let dir: string;
  let pki: Pki;
  let server: FakeCqlServer;
  let namedServer: FakeCqlServer;
  const connections: Connection[] = [];

  beforeAll(async () => {
    // fails loudly rather than skipping: without openssl nothing here would be tested
    if (!haveOpenssl())
      throw new Error('the TLS tests make their certificates with the openssl CLI: install openssl');
    dir = mkdtempSync(join(tmpdir(), 'cqlkit-tls-'));
    pki = makePki(dir);
    server = await FakeCqlServer.start({ tls: pki.server });
    namedServer = await FakeCqlServer.start({ tls: pki.namedServer });
  }, 30_000);

  afterAll(async () => {
    await server.close();
    await namedServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
  });

  async function open(host: string, port: number, tls: ConnectionOptions['tls']) {
    const connection = await Connection.open(host, port, {
      tls,
      heartbeatIntervalMs: 0,
      connectTimeoutMs: 3000,
    });
    connections.push(connection);
    return connection;
  }

  it('connects when the certificate chains to the configured CA (IP SAN)', async () => {
    const connection = await open('127.0.0.1', server.port, { ca: pki.caPem });
    expect((await connection.send(new RawRequest(Buffer.from('q')))).opcode).toBe(Opcode.RESULT);
    expect(connection.protocolVersion).toBe(5);
  });

  it('delivers answers larger than a TLS record and many small ones at once, intact', async () => {
    const echoing = await FakeCqlServer.start({
      tls: pki.server,
      onRequest: (r, c) => c.reply(...echo(r, c)),
    });
    const connection = await open('127.0.0.1', echoing.port, { ca: pki.caPem });
    const big = randomBytes(1_000_000); // incompressible: ~60 TLS records whatever the compression
    const small = Array.from({ length: 200 }, (_, i) => Buffer.from(`request ${i} `.repeat(1 + (i % 7))));
    const [bigAnswer, ...smallAnswers] = await Promise.all([
      connection.send(new RawRequest(big)),
      ...small.map((body) => connection.send(new RawRequest(body))),
    ]);
    expect(echoing.decodeErrors).toEqual([]);
    expect(bigAnswer!.body.equals(big)).toBe(true);
    smallAnswers.forEach((answer, i) => expect(answer.body.toString()).toBe(small[i]!.toString()));
    await connection.close();
    await echoing.close();
  });

  it('connects by host name (DNS SAN)', async () => {
    await open('localhost', server.port, { ca: pki.caPem });
  });

  it.each([
    ['no CA configured (system CAs)', {}],
    ['another CA', () => ({ ca: pki.otherCaPem })],
  ])('fails with a clear ConnectionError with %s', async (_name, tlsOptions) => {
    const tls = typeof tlsOptions === 'function' ? tlsOptions() : tlsOptions;
    const error = (await open('127.0.0.1', server.port, tls).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.endpoint).toBe(`127.0.0.1:${server.port}`);
    expect(error.message).toMatch(/certificate of 127\.0\.0\.1:\d+ could not be verified/);
    expect(error.message).toMatch(/tls\.ca/);
  });

  it('fails when the certificate does not name the host, and works with servername', async () => {
    const error = (await open('127.0.0.1', namedServer.port, { ca: pki.caPem }).catch(
      (e: unknown) => e,
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/could not be verified: it does not match the host/);
    await open('127.0.0.1', namedServer.port, { ca: pki.caPem, servername: 'db.example' });
  });

  it('skips verification only when asked to', async () => {
    await open('127.0.0.1', server.port, { rejectUnauthorized: false });
  });
});
