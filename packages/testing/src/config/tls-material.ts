/**
 * Test TLS material generated once per cluster with the JDK's keytool: a test CA, a server
 * certificate signed by it (SAN IP:127.0.0.1…N + DNS:localhost), a client certificate for mTLS, and
 * an unrelated second CA that tests use to prove that a wrong CA is rejected.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { nodeAddress } from './node-layout';
import { pathExists } from './paths';
import { describeFailure, runCommand } from '../run-command';

/** Password of every generated keystore/truststore (test material only). */
export const TLS_STORE_PASSWORD = 'cqlkit-test';

/** Paths of the generated files. */
export interface TlsMaterial {
  /** Directory holding everything below (`<clusterDir>/tls`). */
  readonly dir: string;
  /** The test CA certificate (PEM) clients must trust. */
  readonly caPem: string;
  /** A second, unrelated CA certificate (PEM): trusting only this must make the handshake fail. */
  readonly otherCaPem: string;
  /** Server keystore (PKCS12: server key + chain). */
  readonly serverKeystore: string;
  /** Server truststore (PKCS12: the test CA), used when client certificates are verified. */
  readonly serverTruststore: string;
  /** Client key + certificate signed by the test CA (PKCS12, usable as Node's `pfx`). */
  readonly clientPkcs12: string;
  /** The client certificate (PEM). */
  readonly clientCertPem: string;
  /** Password of the PKCS12 files. */
  readonly password: string;
}

/** Paths of the TLS material of the cluster in `clusterDir` (whether generated or not). */
export function tlsMaterialPaths(clusterDir: string): TlsMaterial {
  return tlsMaterialIn(join(clusterDir, 'tls'));
}

/** Paths of the TLS material generated into `dir` (whether generated or not). */
export function tlsMaterialIn(dir: string): TlsMaterial {
  return {
    dir,
    caPem: join(dir, 'ca.pem'),
    otherCaPem: join(dir, 'other-ca.pem'),
    serverKeystore: join(dir, 'server.p12'),
    serverTruststore: join(dir, 'truststore.p12'),
    clientPkcs12: join(dir, 'client.p12'),
    clientCertPem: join(dir, 'client.pem'),
    password: TLS_STORE_PASSWORD,
  };
}

/** The keytool `-ext SAN=` value covering nodes 1…nodeCount and localhost. */
export function subjectAltNames(nodeCount: number): string {
  const ips = Array.from({ length: nodeCount }, (_, i) => `IP:${nodeAddress(i + 1)}`);
  return `SAN=${[...ips, 'DNS:localhost'].join(',')}`;
}

const SAN_RECORD = 'server-san.txt';
const VALIDITY_DAYS = '3650';

class Keytool {
  constructor(
    private readonly keytoolBin: string,
    private readonly dir: string,
  ) {}

  async run(...args: string[]): Promise<void> {
    const result = await runCommand(this.keytoolBin, args, { cwd: this.dir, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(describeFailure(`keytool ${args.join(' ')}`, result));
  }

  /** Self-signed CA key pair in its own PKCS12 + its certificate as PEM. */
  async createCa(store: string, alias: string, dname: string, pem: string): Promise<void> {
    await this.run(...this.genkeypair(store, alias, dname), '-ext', 'bc:c');
    await this.run('-exportcert', '-rfc', '-alias', alias, ...this.store(store), '-file', pem);
  }

  /** Key pair in `store`, signed by the CA in `caStore`; the store ends up with the full chain. */
  async createSigned(
    store: string,
    alias: string,
    dname: string,
    exts: string[],
    caStore: string,
    caPem: string,
    certPem: string,
  ): Promise<void> {
    await this.run(...this.genkeypair(store, alias, dname));
    const csr = `${alias}.csr`;
    await this.run('-certreq', '-alias', alias, ...this.store(store), '-file', csr);
    const extArgs = exts.flatMap((ext) => ['-ext', ext]);
    await this.run(
      '-gencert',
      '-rfc',
      '-alias',
      'ca',
      ...this.store(caStore),
      '-infile',
      csr,
      '-outfile',
      certPem,
      '-validity',
      VALIDITY_DAYS,
      ...extArgs,
    );
    await this.run('-importcert', '-noprompt', '-alias', 'ca', '-file', caPem, ...this.store(store));
    await this.run('-importcert', '-noprompt', '-alias', alias, '-file', certPem, ...this.store(store));
    await rm(join(this.dir, csr), { force: true });
  }

  private store(path: string): string[] {
    return ['-keystore', path, '-storetype', 'PKCS12', '-storepass', TLS_STORE_PASSWORD];
  }

  private genkeypair(store: string, alias: string, dname: string): string[] {
    return [
      '-genkeypair',
      '-alias',
      alias,
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-dname',
      dname,
      '-validity',
      VALIDITY_DAYS,
      ...this.store(store),
      '-keypass',
      TLS_STORE_PASSWORD,
    ];
  }
}

/**
 * Makes sure the TLS material of `clusterDir` exists and its server certificate covers
 * `nodeCount` nodes; CA files that already exist are kept.
 *
 * @param keytoolBin - keytool of the selected JDK
 */
export async function ensureTlsMaterial(
  clusterDir: string,
  keytoolBin: string,
  nodeCount: number,
  log: (message: string) => void,
): Promise<TlsMaterial> {
  const tls = tlsMaterialPaths(clusterDir);
  const san = subjectAltNames(nodeCount);
  const sanRecord = join(tls.dir, SAN_RECORD);
  const recordedSan = (await pathExists(sanRecord)) ? (await readFile(sanRecord, 'utf8')).trim() : '';
  const caStore = join(tls.dir, 'ca.p12');
  const complete =
    recordedSan === san &&
    (
      await Promise.all(
        [tls.caPem, tls.otherCaPem, tls.serverKeystore, tls.serverTruststore, tls.clientPkcs12].map(
          pathExists,
        ),
      )
    ).every(Boolean);
  if (complete) return tls;

  log(`generating test TLS material in ${tls.dir} (keytool)…`);
  await mkdir(tls.dir, { recursive: true });
  const keytool = new Keytool(keytoolBin, tls.dir);
  if (!(await pathExists(caStore)) || !(await pathExists(tls.caPem))) {
    await rm(caStore, { force: true });
    await keytool.createCa(caStore, 'ca', 'CN=cqlkit test CA,O=cqlkit', tls.caPem);
  }
  const otherCaStore = join(tls.dir, 'other-ca.p12');
  if (!(await pathExists(tls.otherCaPem))) {
    await rm(otherCaStore, { force: true });
    await keytool.createCa(otherCaStore, 'ca', 'CN=cqlkit unrelated CA,O=elsewhere', tls.otherCaPem);
  }
  for (const path of [tls.serverKeystore, tls.serverTruststore, tls.clientPkcs12])
    await rm(path, { force: true });
  await keytool.createSigned(
    tls.serverKeystore,
    'node',
    'CN=localhost,O=cqlkit',
    [san, 'KU=digitalSignature,keyEncipherment', 'EKU=serverAuth,clientAuth'],
    caStore,
    tls.caPem,
    join(tls.dir, 'server.pem'),
  );
  await keytool.createSigned(
    tls.clientPkcs12,
    'client',
    'CN=cqlkit test client,O=cqlkit',
    ['KU=digitalSignature,keyEncipherment', 'EKU=clientAuth'],
    caStore,
    tls.caPem,
    tls.clientCertPem,
  );
  await keytool.run(
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    tls.caPem,
    ...['-keystore', tls.serverTruststore, '-storetype', 'PKCS12', '-storepass', TLS_STORE_PASSWORD],
  );
  await writeFile(sanRecord, `${san}\n`);
  return tls;
}
