/**
 * Talking to one node with the npm `cassandra-driver` (pinned to that node by an allow-list policy)
 * and plain TCP probes; used for readiness checks and by the Jest setup.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';

import { auth, Client, policies } from 'cassandra-driver';

import { LOCAL_DATA_CENTER } from './cassandra-yaml';

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

/**
 * Opens a driver client that only ever sends requests to `address` (other nodes are discovered
 * but ignored). The caller must `shutdown()` it.
 */
export async function connectToNode(address: string, options: CqlProbeOptions = {}): Promise<Client> {
  const endpoint = `${address}:${options.port ?? 9042}`;
  const { loadBalancing } = policies;
  const client = new Client({
    contactPoints: [endpoint],
    localDataCenter: LOCAL_DATA_CENTER,
    policies: {
      loadBalancing: new loadBalancing.AllowListPolicy(
        new loadBalancing.DCAwareRoundRobinPolicy(LOCAL_DATA_CENTER),
        [endpoint],
      ),
    },
    isMetadataSyncEnabled: false,
    socketOptions: { connectTimeout: 5000, readTimeout: 15000 },
    ...(options.credentials
      ? {
          authProvider: new auth.PlainTextAuthProvider(
            options.credentials.username,
            options.credentials.password,
          ),
        }
      : {}),
    ...(options.caPemPath
      ? { sslOptions: { ca: [await readFile(options.caPemPath)], rejectUnauthorized: true } }
      : {}),
  });
  try {
    await client.connect();
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    throw error;
  }
  return client;
}

/** `release_version` of the node the client is pinned to (a real CQL round trip). */
export async function releaseVersion(client: Client): Promise<string> {
  const result = await client.execute('SELECT release_version FROM system.local');
  return String(result.first()?.['release_version'] ?? '');
}

/** Addresses listed in the node's `system.peers`. */
export async function peerAddresses(client: Client): Promise<string[]> {
  const result = await client.execute('SELECT peer FROM system.peers');
  return result.rows.map((row) => String(row['peer'])).sort();
}

/**
 * Whether something answers CQL at `address:port` (TCP connect + `SELECT release_version`).
 *
 * @returns the release version, or undefined when nothing usable answers
 */
export async function probeCql(address: string, options: CqlProbeOptions = {}): Promise<string | undefined> {
  if (!(await tcpConnects(address, options.port ?? 9042))) return undefined;
  let client: Client | undefined;
  try {
    client = await connectToNode(address, options);
    return await releaseVersion(client);
  } catch {
    return undefined;
  } finally {
    await client?.shutdown().catch(() => undefined);
  }
}
