/**
 * The JSON state file (`<clusterDir>/cluster.json`) through which separate processes (CLI calls,
 * Jest setup/teardown, tests) manage the same cluster: options, versions and node pids.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Options that define a cluster's configuration; changing them regenerates it. */
export interface ClusterOptions {
  /** Number of nodes (127.0.0.1…N). */
  readonly nodes: number;
  /** PasswordAuthenticator (user cassandra / password cassandra). */
  readonly auth: boolean;
  /** Client TLS (optional: the same port also accepts plaintext). */
  readonly tls: boolean;
  /**
   * With `tls`: TLS clients must present a certificate signed by the test CA
   * (`require_client_auth: true`); plaintext clients are still accepted. Absent means false.
   */
  readonly clientAuth?: boolean;
}

/** Defaults of `start` without flags: one plain node. */
export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { nodes: 1, auth: false, tls: false };

/** Persisted facts about one node. */
export interface NodeState {
  readonly index: number;
  /** Pid of the daemon last launched for this node (it may have died since). */
  pid?: number;
  /** When it was launched (ISO-8601). */
  launchedAt?: string;
}

/** Contents of `cluster.json`. */
export interface ClusterState {
  readonly formatVersion: 1;
  readonly options: ClusterOptions;
  readonly cassandraVersion: string;
  /** JDK and jars used by the last launch. */
  javaHome: string;
  libDir: string;
  /** Heap of each node at the last launch (e.g. 512M). */
  heap: string;
  readonly createdAt: string;
  nodes: NodeState[];
}

/** File name of the state file inside the cluster dir. */
export const STATE_FILE = 'cluster.json';

/** Whether two option sets describe the same configuration. */
export function sameClusterOptions(a: ClusterOptions, b: ClusterOptions): boolean {
  return (
    a.nodes === b.nodes &&
    a.auth === b.auth &&
    a.tls === b.tls &&
    (a.clientAuth ?? false) === (b.clientAuth ?? false)
  );
}

/** `3 nodes, auth, tls` style summary for messages. */
export function describeClusterOptions(options: ClusterOptions): string {
  const parts = [`${options.nodes} node${options.nodes === 1 ? '' : 's'}`];
  parts.push(options.auth ? 'auth' : 'no auth');
  parts.push(options.tls ? (options.clientAuth ? 'tls with client certificates' : 'tls') : 'no tls');
  return parts.join(', ');
}

function isClusterState(value: unknown): value is ClusterState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ClusterState>;
  return v.formatVersion === 1 && typeof v.options === 'object' && Array.isArray(v.nodes);
}

/**
 * Reads the state of the cluster in `clusterDir`.
 *
 * @returns the state, or undefined when the cluster has never been created
 * @throws Error when the file exists but is not a launcher state file
 */
export async function readClusterState(clusterDir: string): Promise<ClusterState | undefined> {
  let text: string;
  try {
    text = await readFile(join(clusterDir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isClusterState(parsed)) {
    throw new Error(`${join(clusterDir, STATE_FILE)} is not a cqlkit cluster state file`);
  }
  return parsed;
}

/** Writes the state atomically (temp file + rename) so readers never see half a file. */
export async function writeClusterState(clusterDir: string, state: ClusterState): Promise<void> {
  const target = join(clusterDir, STATE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state, null, 2) + '\n');
  await rename(temp, target);
}
