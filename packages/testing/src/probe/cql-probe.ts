/**
 * Talking to one node with `@cqlkit/driver` (pinned to that node by an allow-list policy) and
 * plain TCP probes: readiness checks of both engines and the Jest setup. Holds no waiting loops
 * (those live with each engine) and no process handling.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';

import { AllowListPolicy, Cluster, DCAwareRoundRobinPolicy, type Session } from '@cqlkit/driver';

import { LOCAL_DATA_CENTER } from '../config/cassandra-yaml';

/** How to authenticate/encrypt a probe connection. */
export interface CqlProbeOptions {
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Connect with TLS, trusting this CA (PEM file). */
  readonly caPemPath?: string;
  readonly port?: number;
}

/** Whether a TCP connection to `host:port` succeeds within `timeoutMs`. */
export async function tcpConnects(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise<boolean>((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A driver session that only ever sends requests to one node; `close()` shuts it down. */
export interface NodeConnection {
  readonly session: Session;
  close(): Promise<void>;
}

/**
 * Opens a driver session that only ever sends requests to `address` (other nodes are discovered
 * but ignored). The caller must `close()` it.
 */
export async function connectToNode(address: string, options: CqlProbeOptions = {}): Promise<NodeConnection> {
  const port = options.port ?? 9042;
  const cluster = new Cluster({
    contactPoints: [address],
    port,
    localDataCenter: LOCAL_DATA_CENTER,
    loadBalancingPolicy: new AllowListPolicy(new DCAwareRoundRobinPolicy({ localDc: LOCAL_DATA_CENTER }), [
      `${address}:${port}`,
    ]),
    schemaMetadataEnabled: false,
    tokenMetadataEnabled: false,
    connectTimeoutMs: 5000,
    defaultProfile: { requestTimeoutMs: 15_000 },
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    ...(options.caPemPath ? { tls: { ca: await readFile(options.caPemPath) } } : {}),
  });
  try {
    const session = await cluster.connect();
    return { session, close: () => cluster.shutdown() };
  } catch (error) {
    await cluster.shutdown().catch(() => undefined);
    throw error;
  }
}

/** `release_version` of the node the connection is pinned to (a real CQL round trip). */
export async function releaseVersion(connection: NodeConnection): Promise<string> {
  const result = await connection.session.execute('SELECT release_version FROM system.local');
  return String(result.first()?.['release_version'] ?? '');
}

/** Addresses listed in the node's `system.peers`. */
export async function peerAddresses(connection: NodeConnection): Promise<string[]> {
  const result = await connection.session.execute('SELECT peer FROM system.peers');
  return result.rows.map((row) => String(row['peer'])).sort();
}

/**
 * One CQL round trip to the node at `address`: connect, `SELECT release_version`, close.
 *
 * @returns the node's release version
 * @throws the driver's error when the node cannot be reached or refuses the login
 */
export async function queryReleaseVersion(address: string, options: CqlProbeOptions = {}): Promise<string> {
  const connection = await connectToNode(address, options);
  try {
    return await releaseVersion(connection);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * Whether something answers CQL at `address:port` (TCP connect + `SELECT release_version`).
 *
 * @returns the release version, or undefined when nothing usable answers
 */
export async function probeCql(address: string, options: CqlProbeOptions = {}): Promise<string | undefined> {
  if (!(await tcpConnects(address, options.port ?? 9042))) return undefined;
  return queryReleaseVersion(address, options).catch(() => undefined);
}
