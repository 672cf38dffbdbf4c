/**
 * What the 3-node suites share: the launcher options, the cluster handle, driver options for it,
 * and small waiting helpers.
 */
import { Cluster, type ClusterOptions, type Session } from '@cqlkit/driver';

import {
  contactPoints,
  launcherCluster,
  type LocalCassandraCluster,
  localDataCenter,
  uniqueKeyspaceName,
} from '@cqlkit/testing';

/**
 * Launcher options of the cluster project: client TLS requiring client certificates
 * (`require_client_auth`), optional on the port, so that the suites connect in plaintext and the
 * mutual-TLS suite proves that a TLS client without a certificate is refused.
 */
export const THREE_NODES = { nodes: 3, auth: false, tls: true, clientAuth: true } as const;

/** globalThis key of what the global setup did, for the teardown. */
export const CLUSTER_SETUP_KEY = Symbol.for('cqlkit.cluster-project.setup');

/** What the global setup did. */
export interface ClusterSetupRecord {
  readonly clusterDir: string;
  /** True when the setup started the cluster (the teardown then stops it). */
  readonly started: boolean;
}

/** `127.0.0.n:9042`. */
export function endpointOf(node: number): string {
  return `127.0.0.${node}:9042`;
}

/**
 * The launcher cluster of the project.
 *
 * @throws Error when the tests were not started through the `cluster` Jest project
 */
export function threeNodeLauncher(): LocalCassandraCluster {
  const cluster = launcherCluster();
  if (cluster === undefined) {
    throw new Error(
      'no launcher cluster: run these tests with "npx jest test/integration/cluster --selectProjects cluster" ' +
        '(its global setup starts the 3-node cluster)',
    );
  }
  return cluster;
}

/**
 * Fails loudly unless all 3 nodes run (a previous suite may have left one stopped or paused):
 * resumes paused nodes and restarts stopped ones first.
 */
export async function ensureAllNodesUp(): Promise<void> {
  const launcher = threeNodeLauncher();
  const status = await launcher.status();
  if (status.nodes.length !== 3) {
    throw new Error(
      `expected a 3-node launcher cluster, found ${status.nodes.length} node(s) in ${status.clusterDir}`,
    );
  }
  for (const node of status.nodes) {
    if (node.state === 'paused') await launcher.resumeNode(node.index);
    if (node.state === 'stopped') await launcher.restartNode(node.index);
  }
}

/** Driver options for the 3-node cluster: one contact point, merged with `extra`. */
export function threeNodeOptions(extra: Partial<ClusterOptions> = {}): ClusterOptions {
  const [first] = contactPoints();
  return {
    contactPoints: [first ?? '127.0.0.1'],
    localDataCenter: localDataCenter(),
    logger: { warn: () => undefined },
    ...extra,
  };
}

/** A connected cluster and session, and a keyspace created with `replication`, dropped by `close()`. */
export async function openKeyspace(
  prefix: string,
  replicationFactor: number,
  extra: Partial<ClusterOptions> = {},
): Promise<{ cluster: Cluster; session: Session; keyspace: string; close: () => Promise<void> }> {
  const cluster = new Cluster(threeNodeOptions(extra));
  const session = await cluster.connect(undefined, { waitForAllPools: true });
  const keyspace = uniqueKeyspaceName(prefix);
  await session.execute(
    `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replicationFactor}}`,
  );
  return {
    cluster,
    session,
    keyspace,
    close: async () => {
      try {
        await session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster.shutdown();
      }
    },
  };
}

/** Polls `check` every 100 ms; rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

/** The serialized form of a CQL int (a routing key). */
export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
