/**
 * Addresses, ports and directories of one node of a local cluster (ccm's scheme: node i listens on
 * 127.0.0.i, every node uses the same storage/native ports, JMX ports are 7000 + 100·i).
 */
import { join } from 'node:path';

import { balancedMurmur3Tokens } from './tokens';

/** Largest cluster the launcher accepts (one loopback address and JMX port per node). */
export const MAX_NODES = 9;
/** CQL native protocol port of every node. */
export const NATIVE_PORT = 9042;
/** Internode (gossip/messaging) port of every node. */
export const STORAGE_PORT = 7000;

/** Everything that identifies one node on disk and on the network. */
export interface NodeLayout {
  /** 1-based node number. */
  readonly index: number;
  /** Listen and RPC address, `127.0.0.<index>`. */
  readonly address: string;
  readonly nativePort: number;
  readonly storagePort: number;
  /** Local JMX port used by nodetool (`7000 + 100·index`). */
  readonly jmxPort: number;
  /** The node's single Murmur3 token. */
  readonly initialToken: bigint;
  /** Root directory of the node (`<clusterDir>/node<index>`); also `cassandra.storagedir`. */
  readonly dir: string;
  readonly confDir: string;
  readonly dataDir: string;
  readonly commitlogDir: string;
  readonly hintsDir: string;
  readonly savedCachesDir: string;
  readonly cdcRawDir: string;
  readonly triggersDir: string;
  readonly logDir: string;
  readonly yamlPath: string;
  readonly logbackPath: string;
  readonly toolsLogbackPath: string;
  /** Cassandra's own log (INFO). */
  readonly systemLog: string;
  /** The JVM's stdout/stderr, redirected to files. */
  readonly stdoutLog: string;
  readonly stderrLog: string;
}

/** The loopback address of node `index`. */
export function nodeAddress(index: number): string {
  return `127.0.0.${index}`;
}

/** Checks that `nodeCount` is a supported cluster size. */
export function assertNodeCount(nodeCount: number): void {
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_NODES) {
    throw new RangeError(`the number of nodes must be an integer from 1 to ${MAX_NODES}, got ${nodeCount}`);
  }
}

/**
 * Computes the layout of node `index` in an `nodeCount`-node cluster living in `clusterDir`.
 */
export function nodeLayout(clusterDir: string, index: number, nodeCount: number): NodeLayout {
  assertNodeCount(nodeCount);
  if (!Number.isInteger(index) || index < 1 || index > nodeCount) {
    throw new RangeError(`node ${index} does not exist (the cluster has ${nodeCount} node(s))`);
  }
  const dir = join(clusterDir, `node${index}`);
  const confDir = join(dir, 'conf');
  const logDir = join(dir, 'logs');
  return {
    index,
    address: nodeAddress(index),
    nativePort: NATIVE_PORT,
    storagePort: STORAGE_PORT,
    jmxPort: 7000 + 100 * index,
    initialToken: balancedMurmur3Tokens(nodeCount)[index - 1]!,
    dir,
    confDir,
    dataDir: join(dir, 'data'),
    commitlogDir: join(dir, 'commitlog'),
    hintsDir: join(dir, 'hints'),
    savedCachesDir: join(dir, 'saved_caches'),
    cdcRawDir: join(dir, 'cdc_raw'),
    triggersDir: join(dir, 'triggers'),
    logDir,
    yamlPath: join(confDir, 'cassandra.yaml'),
    logbackPath: join(confDir, 'logback.xml'),
    toolsLogbackPath: join(confDir, 'logback-tools.xml'),
    systemLog: join(logDir, 'system.log'),
    stdoutLog: join(logDir, 'stdout.log'),
    stderrLog: join(logDir, 'stderr.log'),
  };
}

/** Layouts of all nodes of an `nodeCount`-node cluster, in node order. */
export function clusterLayout(clusterDir: string, nodeCount: number): NodeLayout[] {
  assertNodeCount(nodeCount);
  return Array.from({ length: nodeCount }, (_, i) => nodeLayout(clusterDir, i + 1, nodeCount));
}
