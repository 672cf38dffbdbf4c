/**
 * Where the local Cassandra launcher keeps its files: the Maven-resolved jars (shared by every
 * cluster, outside the git tree) and the cluster directories (config, data, logs, state file).
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Cassandra release the launcher runs unless `CQLKIT_CASSANDRA_VERSION` says otherwise. */
export const DEFAULT_CASSANDRA_VERSION = '5.0.9';

/** Environment variables the launcher reads; a subset of `process.env`. */
export type LauncherEnv = Readonly<Record<string, string | undefined>>;

/**
 * Root of the launcher's cache: `$CQLKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/cqlkit`, else
 * `~/.cache/cqlkit`.
 */
export function cacheRoot(env: LauncherEnv = process.env): string {
  if (env.CQLKIT_CACHE_DIR) return resolve(env.CQLKIT_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(xdg, 'cqlkit');
}

/** The Cassandra version to run: `$CQLKIT_CASSANDRA_VERSION` or {@link DEFAULT_CASSANDRA_VERSION}. */
export function cassandraVersion(env: LauncherEnv = process.env): string {
  return env.CQLKIT_CASSANDRA_VERSION || DEFAULT_CASSANDRA_VERSION;
}

/** Directory holding everything resolved for one Cassandra version (pom, lib dir, marker). */
export function cassandraVersionDir(version: string, env: LauncherEnv = process.env): string {
  return join(cacheRoot(env), 'cassandra', version);
}

/** Directory of the jars of one Cassandra version (the classpath of the daemon and nodetool). */
export function cassandraLibDir(version: string, env: LauncherEnv = process.env): string {
  return join(cassandraVersionDir(version, env), 'lib');
}

/** The cluster directory: `$CQLKIT_CLUSTER_DIR`, else `<cache>/clusters/default`. */
export function defaultClusterDir(env: LauncherEnv = process.env): string {
  if (env.CQLKIT_CLUSTER_DIR) return resolve(env.CQLKIT_CLUSTER_DIR);
  return join(cacheRoot(env), 'clusters', 'default');
}

/** Whether a file or directory exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
