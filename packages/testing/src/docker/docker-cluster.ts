/**
 * The Docker engine: each node in its own container (testcontainers' GenericContainer), with host
 * networking on 127.0.0.i, so that no traffic leaves the loopback range. The container runs the
 * same JVM command line and the same generated cassandra.yaml as the jar engine (config/), from the
 * image built by `build-image` or the official image. testcontainers' reaper container is not used
 * (it would come from a registry): containers are labelled, removed by `stop()`, by an exit hook,
 * and — if a process died without either — by the next start.
 */
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type Dockerode from 'dockerode';
import {
  BoundPorts,
  type ContainerRuntimeClient,
  GenericContainer,
  getContainerRuntimeClient,
  PullPolicy,
} from 'testcontainers';

import { DEFAULT_CREDENTIALS, type ServerTlsStores } from '../config/cassandra-yaml';
import { daemonJvmArgs, DEFAULT_HEAP, parseHeapSize } from '../config/jvm-args';
import { renderDaemonLogback, renderToolsLogback } from '../config/logback-config';
import { assertNodeCount, clusterLayout, type NodeLayout } from '../config/node-layout';
import { cacheRoot, cassandraVersion, type LauncherEnv } from '../config/paths';
import { ensureTlsMaterial, type TlsMaterial } from '../config/tls-material';
import { renderCassandraYaml } from '../config/cassandra-yaml';
import { type ClusterOptions, describeClusterOptions } from '../jars/cluster-state';
import { withClusterLock } from '../jars/cluster-lock';
import { processExists } from '../jars/daemon-process';
import { selectJdk } from '../jars/jdk';
import { addLease, otherLiveLeases, removeLease } from '../jars/leases';
import { assertPortsFree } from '../jars/node-launcher';
import { type CqlProbeOptions, queryReleaseVersion } from '../probe/cql-probe';
import { waitForPeers } from '../probe/peers';
import { CassandraStartError } from '../handle';
import { CassandraReadyWait, containerLogTail, ContainerStartupError } from './container-logs';
import { ensureLocalImage, IMAGE_JAVA, IMAGE_LIB_DIR } from './image-build';
import { TestingError, type TestingErrorCode } from '../errors';

/** Where the node directories live inside the containers. */
export const CONTAINER_CLUSTER_DIR = '/var/lib/cqlkit';
/** Label keys of the containers. */
export const LABELS = {
  cluster: 'dev.cqlkit.cluster',
  node: 'dev.cqlkit.node',
  options: 'dev.cqlkit.options',
  owner: 'dev.cqlkit.owner-pid',
} as const;

/** Inputs of {@link startDockerCluster}. */
export interface DockerClusterConfig {
  readonly options: ClusterOptions;
  /** Name of the cluster (containers `cqlkit-<name>-node<i>`, host dir `<cache>/docker/<name>`). */
  readonly name: string;
  readonly env: LauncherEnv;
  readonly log: (message: string) => void;
  readonly heap?: string;
  readonly version?: string;
  readonly image?: string;
  readonly startTimeoutMs: number;
}

/** One node container. */
export interface DockerNode {
  readonly index: number;
  readonly address: string;
  readonly container: Dockerode.Container;
}

/** A started (or reused) Docker cluster. */
export interface DockerCluster {
  readonly name: string;
  readonly nodes: readonly DockerNode[];
  readonly reused: boolean;
  readonly tls?: TlsMaterial;
  readonly probe: CqlProbeOptions;
  readonly cassandraVersion: string;
  readonly startTimeoutMs: number;
  readonly hostDir: string;
}

/** The image of the official project, used when asked for by name. */
export const OFFICIAL_IMAGE = 'cassandra:5.0';

/** Host directory of a Docker cluster (TLS material, leases, lock). */
export function dockerClusterDir(name: string, env: LauncherEnv = process.env): string {
  return join(cacheRoot(env), 'docker', name);
}

/** The cluster name for a jar-engine cluster dir: its last path segment. */
export function dockerClusterName(clusterDir: string): string {
  return basename(clusterDir).replace(/[^a-zA-Z0-9_.-]/g, '-') || 'default';
}

function containerName(name: string, index: number): string {
  return `cqlkit-${name}-node${index}`;
}

function optionsLabel(options: ClusterOptions): string {
  return JSON.stringify({ nodes: options.nodes, auth: options.auth, tls: options.tls });
}

/** Containers (running or not) labelled as nodes of cluster `name`. */
export async function listClusterContainers(
  client: ContainerRuntimeClient,
  name: string,
): Promise<Dockerode.ContainerInfo[]> {
  return client.container.dockerode.listContainers({
    all: true,
    filters: { label: [`${LABELS.cluster}=${name}`] },
  });
}

/**
 * Connects to the Docker engine testcontainers finds (DOCKER_HOST, the socket…). The containers
 * share the host's network, so the host they are reached at is 127.0.0.1:
 * `TESTCONTAINERS_HOST_OVERRIDE` defaults to it. (Without it, testcontainers running inside a
 * container looks for the gateway of Docker's `bridge` network — which `dockerd --bridge=none`
 * does not have — and then runs an `alpine` container from a registry to find one.)
 *
 * @throws CassandraStartError (`reason` `ENGINE_UNAVAILABLE`), saying how to get an engine, when there is none
 */
export async function dockerClient(): Promise<ContainerRuntimeClient> {
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new CassandraStartError(
      'ENGINE_UNAVAILABLE',
      `no Docker engine answers (${(error as Error).message}). Start one — on Debian as root: ` +
        'apt-get install docker.io && dockerd --bridge=none --iptables=false & — or use the jar engine',
      { cause: error },
    );
  }
}

async function removeContainers(
  client: ContainerRuntimeClient,
  ids: readonly string[],
  graceSeconds: number,
): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const container = client.container.getById(id);
      await container.unpause().catch(() => undefined);
      await container.stop({ t: graceSeconds }).catch(() => undefined);
      await container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
    }),
  );
}

/** Ids of containers this process started and has not removed yet (for the exit hook). */
const ownedContainers = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    if (ownedContainers.size === 0) return;
    try {
      execFileSync('docker', ['rm', '--force', '--volumes', ...ownedContainers], {
        stdio: 'ignore',
        timeout: 60_000,
      });
    } catch {
      // The next start removes containers whose owner process is gone.
    }
  });
}

/** What the containers run: the image, its java and jars. */
interface ImageChoice {
  readonly image: string;
  readonly libDir: string;
  readonly jammJar?: string;
  readonly version: string;
  readonly pull: boolean;
}

async function chooseImage(config: DockerClusterConfig): Promise<ImageChoice> {
  const requested = config.image ?? config.env.CQLKIT_CASSANDRA_IMAGE;
  if (requested) {
    // Another image: the official layout (jars in /opt/cassandra/lib, java on PATH).
    return { image: requested, libDir: IMAGE_LIB_DIR, version: requested, pull: true };
  }
  const local = await ensureLocalImage({
    version: config.version ?? cassandraVersion(config.env),
    env: config.env,
    log: config.log,
  });
  if (local.built) config.log(`built ${local.tag} in ${(local.elapsedMs / 1000).toFixed(1)} s`);
  return {
    image: local.tag,
    libDir: local.libDir,
    jammJar: local.jammJar,
    version: local.cassandraVersion,
    pull: false,
  };
}

function probeFor(options: ClusterOptions, tls: TlsMaterial | undefined): CqlProbeOptions {
  return {
    credentials: options.auth ? DEFAULT_CREDENTIALS : undefined,
    caPemPath: tls?.caPem,
  };
}

async function nodeContainerSpec(
  choice: ImageChoice,
  node: NodeLayout,
  all: readonly NodeLayout[],
  config: DockerClusterConfig,
  tls: TlsMaterial | undefined,
): Promise<GenericContainer> {
  const containerTls: ServerTlsStores | undefined = tls
    ? {
        keystorePath: `${CONTAINER_CLUSTER_DIR}/tls/server.p12`,
        truststorePath: `${CONTAINER_CLUSTER_DIR}/tls/truststore.p12`,
        storePassword: tls.password,
        requireClientAuth: false,
      }
    : undefined;
  const yaml = renderCassandraYaml({ node, allNodes: all, auth: config.options.auth, tls: containerTls });
  const heap = parseHeapSize(config.heap ?? (config.env.CQLKIT_CASSANDRA_HEAP || DEFAULT_HEAP));
  const args = daemonJvmArgs({
    node,
    libDir: choice.libDir,
    jammJar: choice.jammJar,
    heap,
    hasJavac: false,
    foreground: true,
  });
  const contents = [
    { content: yaml, target: node.yamlPath },
    { content: renderDaemonLogback(node.systemLog, 'INFO'), target: node.logbackPath },
    { content: renderToolsLogback(), target: node.toolsLogbackPath },
    { content: '', target: join(node.logDir, '.keep') },
    { content: '', target: join(node.triggersDir, '.keep') },
  ];
  const container = new GenericContainer(choice.image)
    .withName(containerName(config.name, node.index))
    .withLabels({
      [LABELS.cluster]: config.name,
      [LABELS.node]: String(node.index),
      [LABELS.options]: optionsLabel(config.options),
      [LABELS.owner]: String(process.pid),
    })
    .withNetworkMode('host')
    .withEntrypoint([choice.pull ? 'java' : IMAGE_JAVA])
    .withCommand(args)
    .withEnvironment({ MALLOC_ARENA_MAX: '4', LANG: 'C.UTF-8' })
    .withCopyContentToContainer(contents)
    .withAutoCleanup(false)
    .withAutoRemove(false)
    .withPullPolicy(choice.pull ? PullPolicy.defaultPolicy() : neverPull)
    .withWaitStrategy(new CassandraReadyWait(node.index, node.address))
    .withStartupTimeout(config.startTimeoutMs);
  if (tls) {
    container.withCopyFilesToContainer([
      { source: tls.serverKeystore, target: `${CONTAINER_CLUSTER_DIR}/tls/server.p12` },
      { source: tls.serverTruststore, target: `${CONTAINER_CLUSTER_DIR}/tls/truststore.p12` },
    ]);
  }
  return container;
}

/** Pull policy of locally built images: never pull (they exist in no registry). */
const neverPull = { shouldPull: (): boolean => false };

async function waitForCql(node: DockerNode, probe: CqlProbeOptions, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      return await queryReleaseVersion(node.address, probe);
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const tail = await containerLogTail(node.container, 40).catch(() => '');
  throw new ContainerStartupError(
    node.index,
    `node${node.index} (${node.address}) logged that it listens but answered no CQL round trip within ` +
      `${timeoutMs / 1000} s (last error: ${lastError})\n----- container output -----\n${tail}`,
  );
}

/**
 * Starts the cluster's containers (or reuses them when they run with the same options), waits
 * until every node answers CQL and lists the others in system.peers.
 */
export async function startDockerCluster(config: DockerClusterConfig): Promise<DockerCluster> {
  assertNodeCount(config.options.nodes);
  const client = await dockerClient();
  const hostDir = dockerClusterDir(config.name, config.env);
  await mkdir(hostDir, { recursive: true });
  return withClusterLock(hostDir, async () => {
    const existing = await listClusterContainers(client, config.name);
    const tls = config.options.tls ? await hostTlsMaterial(hostDir, config) : undefined;
    const probe = probeFor(config.options, tls);
    const running = existing.filter((c) => c.State === 'running' || c.State === 'paused');
    if (running.length > 0) {
      const sameOptions = running.every((c) => c.Labels[LABELS.options] === optionsLabel(config.options));
      const ownerAlive = running.some((c) => processExists(Number(c.Labels[LABELS.owner])));
      const leased = (await otherLiveLeases(hostDir)).length > 0;
      if (ownerAlive || leased) {
        if (
          !sameOptions ||
          running.length !== config.options.nodes ||
          running.some((c) => c.State !== 'running')
        ) {
          const labels = running[0]!.Labels[LABELS.options] ?? '?';
          throw new ClusterConflict(
            `the Docker cluster "${config.name}" runs with ${labels} (${running.length} container(s) up) but ` +
              `(${describeClusterOptions(config.options)}) was requested; stop it first (its handle's stop(), or npx cqlkit-cassandra stop --docker)`,
          );
        }
        config.log(`reusing the running Docker cluster "${config.name}" (${running.length} container(s))`);
        const nodes = running
          .map((c) => ({
            index: Number(c.Labels[LABELS.node]),
            address: `127.0.0.${c.Labels[LABELS.node]}`,
            container: client.container.getById(c.Id),
          }))
          .sort((a, b) => a.index - b.index);
        const version = await waitForCql(nodes[0]!, probe, config.startTimeoutMs);
        await addLease(hostDir);
        return {
          name: config.name,
          nodes,
          reused: true,
          tls,
          probe,
          cassandraVersion: version,
          startTimeoutMs: config.startTimeoutMs,
          hostDir,
        };
      }
    }
    if (existing.length > 0) {
      config.log(`removing ${existing.length} leftover container(s) of the Docker cluster "${config.name}"`);
      await removeContainers(
        client,
        existing.map((c) => c.Id),
        0,
      );
    }
    const layouts = clusterLayout(CONTAINER_CLUSTER_DIR, config.options.nodes);
    for (const node of layouts) await assertPortsFree(node);
    const choice = await chooseImage(config);
    config.log(
      `starting ${config.options.nodes} container(s) of ${choice.image} (${describeClusterOptions(config.options)}; ` +
        'host network, 127.0.0.1…)',
    );
    installExitHook();
    const nodes: DockerNode[] = [];
    try {
      await Promise.all(
        layouts.map(async (node) => {
          const spec = await nodeContainerSpec(choice, node, layouts, config, tls);
          const started = Date.now();
          const container = await spec.start();
          ownedContainers.add(container.getId());
          nodes.push({
            index: node.index,
            address: node.address,
            container: client.container.getById(container.getId()),
          });
          config.log(
            `node${node.index} (${node.address}) listens after ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
        }),
      );
      nodes.sort((a, b) => a.index - b.index);
      const versions = await Promise.all(nodes.map((n) => waitForCql(n, probe, config.startTimeoutMs)));
      if (nodes.length > 1) await waitForPeers(nodes, nodes, probe, config.startTimeoutMs);
      await addLease(hostDir);
      return {
        name: config.name,
        nodes,
        reused: false,
        tls,
        probe,
        cassandraVersion: versions[0]!,
        startTimeoutMs: config.startTimeoutMs,
        hostDir,
      };
    } catch (error) {
      config.log('startup failed; removing the containers started by this call');
      const leftovers = await listClusterContainers(client, config.name).catch(() => []);
      await removeContainers(
        client,
        leftovers.map((c) => c.Id),
        0,
      );
      for (const c of leftovers) ownedContainers.delete(c.Id);
      throw error;
    }
  });
}

/** Raised when another Docker cluster of the same name runs with other options. */
export class ClusterConflict extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_DOCKER_CLUSTER_CONFLICT';

  constructor(message: string) {
    super(message);
  }
}

async function hostTlsMaterial(hostDir: string, config: DockerClusterConfig): Promise<TlsMaterial> {
  const jdk = await selectJdk(config.env);
  return ensureTlsMaterial(hostDir, jdk.keytoolBin, 9, config.log);
}

/**
 * Releases this process's lease; removes the containers when this call started them and no other
 * live process uses them.
 */
export async function stopDockerCluster(
  cluster: DockerCluster,
  log: (message: string) => void,
): Promise<void> {
  const client = await dockerClient();
  await withClusterLock(cluster.hostDir, async () => {
    await removeLease(cluster.hostDir);
    if (cluster.reused) return;
    const others = await otherLiveLeases(cluster.hostDir);
    if (others.length > 0) {
      log(
        `leaving the Docker cluster "${cluster.name}" running: process(es) ${others.join(', ')} still use it`,
      );
      return;
    }
    const ids = (await listClusterContainers(client, cluster.name)).map((c) => c.Id);
    await removeContainers(client, ids, 30);
    for (const id of ids) ownedContainers.delete(id);
    log(`removed the ${ids.length} container(s) of the Docker cluster "${cluster.name}"`);
  });
}

/** Removes every container of cluster `name` whatever its state (the CLI's `stop --engine docker`). */
export async function removeDockerCluster(name: string): Promise<number> {
  const client = await dockerClient();
  const ids = (await listClusterContainers(client, name)).map((c) => c.Id);
  await removeContainers(client, ids, 30);
  return ids.length;
}

function nodeOf(cluster: DockerCluster, index: number): DockerNode {
  const node = cluster.nodes.find((n) => n.index === index);
  if (!node)
    throw new RangeError(`node ${index} does not exist (the cluster has ${cluster.nodes.length} node(s))`);
  return node;
}

/** `docker kill` (SIGKILL) of node `index`; the container stays, `restartDockerNode` starts it again. */
export async function killDockerNode(cluster: DockerCluster, index: number): Promise<void> {
  const node = nodeOf(cluster, index);
  await node.container.unpause().catch(() => undefined);
  await node.container.kill({ signal: 'SIGKILL' });
  await node.container.wait({ condition: 'not-running' });
}

/** `docker pause` (cgroup freezer) of node `index`. */
export async function pauseDockerNode(cluster: DockerCluster, index: number): Promise<void> {
  await nodeOf(cluster, index).container.pause();
}

/** `docker unpause` of node `index`. */
export async function resumeDockerNode(cluster: DockerCluster, index: number): Promise<void> {
  await nodeOf(cluster, index).container.unpause();
}

/**
 * Stops node `index` gracefully if it runs (SIGTERM, SIGKILL after 60 s), starts its container
 * again and waits until it listens, answers CQL and the cluster's nodes list each other.
 */
export async function restartDockerNode(cluster: DockerCluster, index: number): Promise<void> {
  const node = nodeOf(cluster, index);
  const inspect = await node.container.inspect();
  if (inspect.State.Paused) await node.container.unpause();
  if (inspect.State.Running) await node.container.stop({ t: 60 });
  const since = new Date(Date.now() - 1000);
  await node.container.start();
  await new CassandraReadyWait(index, node.address)
    .withStartupTimeout(cluster.startTimeoutMs)
    .waitUntilReady(node.container, new BoundPorts(), since);
  await waitForCql(node, cluster.probe, cluster.startTimeoutMs);
  if (cluster.nodes.length > 1)
    await waitForPeers([node], cluster.nodes, cluster.probe, cluster.startTimeoutMs);
}

/** The last `lines` lines of node `index`'s output. */
export async function dockerNodeLogs(cluster: DockerCluster, index: number, lines: number): Promise<string> {
  return containerLogTail(nodeOf(cluster, index).container, lines);
}
