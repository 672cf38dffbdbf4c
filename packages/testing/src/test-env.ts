/**
 * What tests running in Jest workers (or any child process) need to know about the server they run
 * against. The global setup (jest/global-setup.ts, or the repository's own) fills these
 * environment variables; they can also be set by hand to run the tests against any cluster (then
 * set at least `CQLKIT_CONTACT_POINTS`). Holds no starting or stopping.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { tlsMaterialIn } from './config/tls-material';
import { LocalCassandraCluster } from './jars/cluster';

/** Environment variables shared by the Jest setup and the tests. */
export const TEST_ENV = {
  /** Comma-separated contact points (`127.0.0.1` or `host:port`, …). Required. */
  contactPoints: 'CQLKIT_CONTACT_POINTS',
  /** Local data center name (default `datacenter1`). */
  localDataCenter: 'CQLKIT_LOCAL_DC',
  /** Credentials when the server requires authentication. */
  username: 'CQLKIT_USERNAME',
  password: 'CQLKIT_PASSWORD',
  /** CA certificate (PEM) to trust when the server offers TLS; set ⇒ TLS tests run. */
  tlsCaFile: 'CQLKIT_TLS_CA_FILE',
  /** An unrelated CA (PEM): trusting only it must make the TLS handshake fail. */
  tlsOtherCaFile: 'CQLKIT_TLS_OTHER_CA_FILE',
  /** Client certificate + key (PKCS12) signed by the test CA, and its password. */
  tlsClientPkcs12File: 'CQLKIT_TLS_CLIENT_PKCS12_FILE',
  tlsClientPkcs12Password: 'CQLKIT_TLS_CLIENT_PKCS12_PASSWORD',
  /** Cluster dir of a launcher-managed cluster (enables kill/pause/restart in tests). */
  clusterDir: 'CQLKIT_CLUSTER_DIR',
  /** The engine that runs the cluster (`jars` or `docker`), when `@cqlkit/testing` started it. */
  engine: 'CQLKIT_TEST_ENGINE',
} as const;

function read(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Contact points of the server under test.
 *
 * @throws Error when `CQLKIT_CONTACT_POINTS` is not set (the test was not started through the
 *   Jest integration project, whose global setup provides a server): tests fail, never skip
 */
export function contactPoints(): string[] {
  const value = read(TEST_ENV.contactPoints);
  if (!value) {
    throw new Error(
      `${TEST_ENV.contactPoints} is not set: run the tests through a Jest project whose globalSetup starts ` +
        `Cassandra (@cqlkit/testing/jest-global-setup; in this repository: npx jest --selectProjects integration) ` +
        `or set ${TEST_ENV.contactPoints} to a running cluster`,
    );
  }
  return value
    .split(',')
    .map((point) => point.trim())
    .filter((point) => point.length > 0);
}

/** Local data center of the server under test (default `datacenter1`). */
export function localDataCenter(): string {
  return read(TEST_ENV.localDataCenter) ?? 'datacenter1';
}

/** Credentials to log in with, when the server requires authentication. */
export function credentials(): { username: string; password: string } | undefined {
  const username = read(TEST_ENV.username);
  if (!username) return undefined;
  return { username, password: read(TEST_ENV.password) ?? '' };
}

/** Whether the server requires authentication. */
export function authEnabled(): boolean {
  return credentials() !== undefined;
}

/** Whether the server offers TLS on its native port (a CA file is known). */
export function tlsEnabled(): boolean {
  return tlsCaPath() !== undefined;
}

/** Path of the CA certificate (PEM) that signed the server certificate. */
export function tlsCaPath(): string | undefined {
  return read(TEST_ENV.tlsCaFile);
}

/** Path of an unrelated CA certificate (PEM), for wrong-CA tests. */
export function tlsOtherCaPath(): string | undefined {
  return read(TEST_ENV.tlsOtherCaFile);
}

/** Client PKCS12 (key + certificate signed by the test CA) for mutual TLS. */
export function tlsClientPkcs12(): { path: string; password: string } | undefined {
  const path = read(TEST_ENV.tlsClientPkcs12File);
  return path ? { path, password: read(TEST_ENV.tlsClientPkcs12Password) ?? '' } : undefined;
}

/**
 * The nodes' own server key and certificate chain (PKCS12 signed by the test CA, SAN
 * `127.0.0.1`…N and `localhost`), and its password, for a test that stands a TLS server of its own
 * in front of the nodes (a proxy, the simulated ScyllaDB). Found beside the CA file, where
 * `@cqlkit/testing` generates both; undefined without TLS or when the CA came from elsewhere.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { tlsServerPkcs12 } from '@cqlkit/testing';
 *
 * const server = tlsServerPkcs12();
 * const secureContext = server && { pfx: readFileSync(server.path), passphrase: server.password };
 * ```
 */
export function tlsServerPkcs12(): { path: string; password: string } | undefined {
  const caPath = tlsCaPath();
  if (caPath === undefined) return undefined;
  const material = tlsMaterialIn(dirname(caPath));
  return existsSync(material.serverKeystore)
    ? { path: material.serverKeystore, password: material.password }
    : undefined;
}

/** What {@link exportConnectionEnv} publishes; a `CassandraHandle` is one. */
export interface ConnectionFacts {
  readonly contactPoints: readonly string[];
  readonly localDataCenter: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly tls?: {
    readonly caFile: string;
    readonly otherCaFile: string;
    readonly clientPkcs12File: string;
    readonly clientPkcs12Password: string;
  };
  readonly engine?: string;
  /** The jar engine's cluster dir, which lets tests control the nodes ({@link launcherCluster}). */
  readonly clusterDir?: string;
}

/**
 * Publishes how to reach a cluster as the `CQLKIT_*` variables of {@link TEST_ENV}, for the test
 * workers (or child processes) started after this call.
 *
 * @example
 * ```ts
 * import { exportConnectionEnv, startCassandra } from '@cqlkit/testing';
 *
 * const cassandra = await startCassandra();
 * exportConnectionEnv(cassandra); // workers then call connectionOptions()
 * ```
 */
export function exportConnectionEnv(facts: ConnectionFacts, env: NodeJS.ProcessEnv = process.env): void {
  env[TEST_ENV.contactPoints] = facts.contactPoints.join(',');
  env[TEST_ENV.localDataCenter] = facts.localDataCenter;
  if (facts.engine) env[TEST_ENV.engine] = facts.engine;
  if (facts.clusterDir) env[TEST_ENV.clusterDir] = facts.clusterDir;
  if (facts.credentials) {
    env[TEST_ENV.username] = facts.credentials.username;
    env[TEST_ENV.password] = facts.credentials.password;
  }
  if (facts.tls) {
    env[TEST_ENV.tlsCaFile] = facts.tls.caFile;
    env[TEST_ENV.tlsOtherCaFile] = facts.tls.otherCaFile;
    env[TEST_ENV.tlsClientPkcs12File] = facts.tls.clientPkcs12File;
    env[TEST_ENV.tlsClientPkcs12Password] = facts.tls.clientPkcs12Password;
  }
}

/** Connection options for `new Cluster(…)` of `@cqlkit/driver`, read from the environment. */
export interface EnvConnectionOptions {
  readonly contactPoints: string[];
  readonly localDataCenter: string;
  readonly credentials?: { username: string; password: string };
  readonly tls?: { ca: Buffer };
}

/**
 * Everything a test needs to connect, from the variables the global setup exported.
 *
 * @example
 * ```ts
 * import { Cluster } from '@cqlkit/driver';
 * import { connectionOptions } from '@cqlkit/testing';
 *
 * await using cluster = new Cluster(connectionOptions());
 * ```
 * @throws Error when `CQLKIT_CONTACT_POINTS` is not set
 */
export function connectionOptions(): EnvConnectionOptions {
  const ca = tlsCaPath();
  const login = credentials();
  return {
    contactPoints: contactPoints(),
    localDataCenter: localDataCenter(),
    ...(login ? { credentials: login } : {}),
    ...(ca ? { tls: { ca: readFileSync(ca) } } : {}),
  };
}

/**
 * The launcher cluster the tests run against, for tests that kill/pause/restart nodes; undefined
 * when the server is external (`CQLKIT_CONTACT_POINTS` set by hand without `CQLKIT_CLUSTER_DIR`).
 */
export function launcherCluster(): LocalCassandraCluster | undefined {
  const clusterDir = read(TEST_ENV.clusterDir);
  return clusterDir ? new LocalCassandraCluster({ clusterDir }) : undefined;
}

/**
 * A keyspace name unique to this call, e.g. `smoke_m3k9x2_a1b2c3`: lowercase, ≤ 48 characters
 * (Cassandra's limit). Each suite creates its own keyspace and drops it afterwards.
 *
 * @param prefix - letters, digits and underscores; starts with a letter
 */
export function uniqueKeyspaceName(prefix = 'ks'): string {
  const clean = prefix.toLowerCase();
  if (!/^[a-z][a-z0-9_]*$/.test(clean)) {
    throw new Error(
      `invalid keyspace prefix "${prefix}" (letters, digits, underscores; start with a letter)`,
    );
  }
  const suffix = `_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return clean.slice(0, 48 - suffix.length) + suffix;
}
