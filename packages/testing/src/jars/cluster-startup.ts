/**
 * The start-up half of {@link LocalCassandraCluster}: picking the runtime (JDK + jars), writing the
 * node configurations, launching nodes and waiting until they are ready and see each other.
 */
import { DEFAULT_CREDENTIALS, type ServerTlsStores } from '../config/cassandra-yaml';
import { type ClusterOptions, type ClusterState, readClusterState, writeClusterState } from './cluster-state';
import type { CqlProbeOptions } from '../probe/cql-probe';
import { daemonState, terminateDaemon } from './daemon-process';
import { type SelectedJdk, selectJdk } from './jdk';
import { ensureCassandraJars, findJammJar } from './maven-resolver';
import { assertPortsFree, launchDaemon, writeNodeConfig } from './node-launcher';
import { fileSize } from './node-logs';
import { clusterLayout, type NodeLayout } from '../config/node-layout';
import { cassandraVersionDir, type LauncherEnv } from '../config/paths';
import { type GossipExpectation, type LaunchedNode, waitForGossipUp, waitForNodeReady } from './readiness';
import { waitForPeers } from '../probe/peers';
import { ensureTlsMaterial, tlsMaterialPaths } from '../config/tls-material';

/** What runs the daemons: the selected JDK and the resolved jars. */
export interface CassandraRuntime {
  readonly jdk: SelectedJdk;
  readonly libDir: string;
  /** jamm jar for `-javaagent`, when the lib dir has one. */
  readonly jammJar?: string;
}

/** Settings shared by the start-up steps. */
export interface StartupContext {
  readonly clusterDir: string;
  readonly env: LauncherEnv;
  readonly log: (message: string) => void;
  /** Per-node (and gossip/peers) readiness timeout. */
  readonly startTimeoutMs: number;
}

/** Selects the JDK and makes sure the jars of `version` are resolved. */
export async function prepareRuntime(ctx: StartupContext, version: string): Promise<CassandraRuntime> {
  const jdk = await selectJdk(ctx.env);
  const libDir = await ensureCassandraJars({
    version,
    versionDir: cassandraVersionDir(version, ctx.env),
    javaHome: jdk.home,
    log: ctx.log,
  });
  return { jdk, libDir, jammJar: await findJammJar(libDir) };
}

/**
 * Writes cassandra.yaml/logback files of every node (or only of `only`), generating the TLS
 * material first when the cluster uses TLS.
 */
export async function writeClusterConfigs(
  ctx: StartupContext,
  state: ClusterState,
  runtime: CassandraRuntime,
  only?: readonly number[],
): Promise<void> {
  const layouts = clusterLayout(ctx.clusterDir, state.options.nodes);
  let tls: ServerTlsStores | undefined;
  if (state.options.tls) {
    const material = await ensureTlsMaterial(
      ctx.clusterDir,
      runtime.jdk.keytoolBin,
      state.options.nodes,
      ctx.log,
    );
    tls = {
      keystorePath: material.serverKeystore,
      truststorePath: material.serverTruststore,
      storePassword: material.password,
      requireClientAuth: state.options.clientAuth === true,
    };
  }
  for (const node of layouts) {
    if (only && !only.includes(node.index)) continue;
    await writeNodeConfig({ node, allNodes: layouts, auth: state.options.auth, tls });
  }
}

/** How readiness probes log in / encrypt for a cluster with `options`. */
export function probeOptionsFor(clusterDir: string, options: ClusterOptions): CqlProbeOptions {
  return {
    credentials: options.auth ? DEFAULT_CREDENTIALS : undefined,
    // TLS is optional on the port: with client certificates required, the probe uses plaintext.
    caPemPath: options.tls && !options.clientAuth ? tlsMaterialPaths(clusterDir).caPem : undefined,
  };
}

/** Every "observer logs subject UP" pair that must hold once `launched` joined `running`. */
function gossipExpectations(
  launched: readonly LaunchedNode[],
  running: readonly NodeLayout[],
  runningOffsets: ReadonlyMap<number, number>,
): GossipExpectation[] {
  const expectations: GossipExpectation[] = [];
  for (const target of launched) {
    for (const other of running) {
      expectations.push({ observer: target.node, observerLogOffset: target.logOffset, subject: other });
      expectations.push({
        observer: other,
        observerLogOffset: runningOffsets.get(other.index) ?? 0,
        subject: target.node,
      });
    }
    for (const other of launched) {
      if (other !== target) {
        expectations.push({
          observer: target.node,
          observerLogOffset: target.logOffset,
          subject: other.node,
        });
      }
    }
  }
  return expectations;
}

async function forgetPids(clusterDir: string, launched: readonly LaunchedNode[]): Promise<void> {
  const state = await readClusterState(clusterDir);
  if (!state) return;
  for (const node of state.nodes) {
    if (launched.some((l) => l.pid === node.pid)) delete node.pid;
  }
  await writeClusterState(clusterDir, state);
}

/**
 * Launches nodes `indices` in parallel, records their pids in the state file, waits for each to
 * be ready, then (several nodes) for gossip — launched ↔ every other running node — and
 * system.peers. On failure the nodes launched here are killed (their logs are kept) and the error,
 * which carries the log tails, is rethrown.
 */
export async function launchNodesAndWait(
  ctx: StartupContext,
  state: ClusterState,
  runtime: CassandraRuntime,
  indices: readonly number[],
): Promise<void> {
  const layouts = clusterLayout(ctx.clusterDir, state.options.nodes);
  const launching = layouts.filter((n) => indices.includes(n.index));
  const running: NodeLayout[] = [];
  for (const node of layouts) {
    if (indices.includes(node.index)) continue;
    const runState = await daemonState(state.nodes.find((n) => n.index === node.index)?.pid, node.dir);
    if (runState === 'running') running.push(node);
    if (runState === 'paused') ctx.log(`node${node.index} is paused; not waiting for it to see the others`);
  }
  const runningOffsets = new Map(
    await Promise.all(running.map(async (n) => [n.index, await fileSize(n.systemLog)] as const)),
  );
  for (const node of launching) await assertPortsFree(node);

  const launched: LaunchedNode[] = [];
  try {
    for (const node of launching) {
      const { jdk, libDir, jammJar } = runtime;
      launched.push(await launchDaemon({ node, jdk, libDir, jammJar, heap: state.heap }));
    }
  } finally {
    const launchedAt = new Date().toISOString();
    state.nodes = layouts.map((layout) => {
      const fresh = launched.find((l) => l.node.index === layout.index);
      const previous = state.nodes.find((n) => n.index === layout.index) ?? { index: layout.index };
      return fresh ? { index: layout.index, pid: fresh.pid, launchedAt } : previous;
    });
    await writeClusterState(ctx.clusterDir, state);
  }

  const probe = probeOptionsFor(ctx.clusterDir, state.options);
  try {
    await Promise.all(
      launched.map(async (target) => {
        const started = Date.now();
        const version = await waitForNodeReady(target, probe, ctx.startTimeoutMs);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        ctx.log(
          `node${target.node.index} (${target.node.address}) ready: Cassandra ${version}, pid ${target.pid}, ${seconds} s`,
        );
      }),
    );
    if (layouts.length > 1) {
      await waitForGossipUp(gossipExpectations(launched, running, runningOffsets), ctx.startTimeoutMs);
      await waitForPeers(launching, layouts, probe, ctx.startTimeoutMs);
      ctx.log(`all ${layouts.length} nodes see each other (gossip UP, system.peers)`);
    }
  } catch (error) {
    ctx.log('startup failed; killing the nodes launched by this command (their logs are kept)');
    await Promise.all(launched.map((l) => terminateDaemon(l.pid, l.node.dir, 5000).catch(() => undefined)));
    await forgetPids(ctx.clusterDir, launched);
    throw error;
  }
}
