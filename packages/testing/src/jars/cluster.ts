/**
 * `LocalCassandraCluster`: a ccm-like manager for a local Apache Cassandra 5.0 cluster of 1–9 nodes
 * on 127.0.0.1…N, run from Maven-resolved jars on JDK 17. All state lives in the cluster dir
 * (`cluster.json` + one dir per node), so CLI calls, Jest setup/teardown and tests can manage the
 * same cluster from different processes.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { DEFAULT_CREDENTIALS, LOCAL_DATA_CENTER } from '../config/cassandra-yaml';
import { withClusterLock } from './cluster-lock';
import {
  type ClusterOptions,
  type ClusterState,
  DEFAULT_CLUSTER_OPTIONS,
  describeClusterOptions,
  readClusterState,
  sameClusterOptions,
  writeClusterState,
} from './cluster-state';
import {
  launchNodesAndWait,
  prepareRuntime,
  type StartupContext,
  writeClusterConfigs,
} from './cluster-startup';
import {
  daemonState,
  findClusterDaemons,
  type ProcessRunState,
  sendSignal,
  terminateDaemon,
  waitForDaemonExit,
} from './daemon-process';
import { DEFAULT_HEAP, nodetoolJvmArgs, parseHeapSize } from '../config/jvm-args';
import { describeNodeLogs, tailFile } from './node-logs';
import { assertNodeCount, clusterLayout, type NodeLayout, nodeLayout } from '../config/node-layout';
import { cassandraVersion, defaultClusterDir, type LauncherEnv } from '../config/paths';
import { type CommandResult, runCommand } from '../run-command';
import { type TlsMaterial, tlsMaterialPaths } from '../config/tls-material';
import { TestingError, type TestingErrorCode } from '../errors';

export { DEFAULT_CREDENTIALS } from '../config/cassandra-yaml';

/** Construction options of {@link LocalCassandraCluster}. */
export interface LocalCassandraClusterConfig {
  /** Cluster directory; default `$CQLKIT_CLUSTER_DIR` or `<cache>/clusters/default`. */
  readonly clusterDir?: string;
  /** Environment to read `CQLKIT_*` settings from (default `process.env`). */
  readonly env?: LauncherEnv;
  /** Progress messages (default: none). */
  readonly log?: (message: string) => void;
  /** Per-node readiness timeout in ms (default 180 000). */
  readonly startTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL in ms (default 60 000). */
  readonly stopTimeoutMs?: number;
}

/** A node as seen by {@link LocalCassandraCluster.status}. */
export interface NodeStatus {
  readonly index: number;
  readonly address: string;
  readonly nativePort: number;
  readonly jmxPort: number;
  /** `stopped` when its process is gone (never started, stopped, killed or crashed). */
  readonly state: 'running' | 'paused' | 'stopped';
  readonly pid?: number;
  readonly dir: string;
  readonly systemLog: string;
}

/** Result of {@link LocalCassandraCluster.status}. */
export interface ClusterStatus {
  readonly clusterDir: string;
  /** Whether a cluster was ever created in the dir (state file present). */
  readonly exists: boolean;
  /** True when it exists and every node is running (not paused). */
  readonly running: boolean;
  readonly options?: ClusterOptions;
  readonly cassandraVersion?: string;
  readonly javaHome?: string;
  readonly heap?: string;
  readonly nodes: readonly NodeStatus[];
  /** CassandraDaemon pids of this cluster dir that the state file does not know. */
  readonly strayPids: readonly number[];
  readonly contactPoints: readonly string[];
  readonly localDataCenter: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly tls?: TlsMaterial;
}

/** Result of {@link LocalCassandraCluster.start}. */
export interface StartResult {
  /** True when every node was already running with the requested options (nothing was started). */
  readonly alreadyRunning: boolean;
  /** Nodes launched by this call. */
  readonly startedNodes: readonly number[];
  readonly elapsedMs: number;
  readonly status: ClusterStatus;
}

/** Result of {@link LocalCassandraCluster.stop}. */
export interface StopResult {
  /** How each node that was running ended. */
  readonly nodes: ReadonlyArray<{ readonly index: number; readonly outcome: 'graceful' | 'killed' }>;
  /** Stray daemons of the cluster dir that were killed. */
  readonly killedStrays: readonly number[];
}

/** Raised when `start` asks for options that differ from those of the running cluster. */
export class ClusterOptionsConflictError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_CLUSTER_OPTIONS_CONFLICT';

  constructor(clusterDir: string, running: ClusterOptions, requested: ClusterOptions) {
    super(
      `the cluster in ${clusterDir} is running with (${describeClusterOptions(running)}) but ` +
        `(${describeClusterOptions(requested)}) was requested. Stop it first (npx cqlkit-cassandra stop) ` +
        `or remove it (npx cqlkit-cassandra wipe), then start again.`,
    );
  }
}

/**
 * Manages one local cluster directory. Every method re-reads the state file, so several instances
 * (in several processes) can manage the same cluster one after the other.
 */
export class LocalCassandraCluster {
  /** Absolute path of the cluster directory. */
  readonly clusterDir: string;
  private readonly env: LauncherEnv;
  private readonly log: (message: string) => void;
  private readonly startTimeoutMs: number;
  private readonly stopTimeoutMs: number;

  constructor(config: LocalCassandraClusterConfig = {}) {
    this.env = config.env ?? process.env;
    this.clusterDir = config.clusterDir ?? defaultClusterDir(this.env);
    this.log = config.log ?? (() => undefined);
    this.startTimeoutMs = config.startTimeoutMs ?? 180_000;
    this.stopTimeoutMs = config.stopTimeoutMs ?? 60_000;
  }

  /** Layout (addresses, ports, dirs) of node `index` of the current cluster. */
  async node(index: number): Promise<NodeLayout> {
    const state = await this.requireState();
    return nodeLayout(this.clusterDir, index, state.options.nodes);
  }

  /** Current state of the cluster and of each node (checks the live processes). */
  async status(): Promise<ClusterStatus> {
    const state = await readClusterState(this.clusterDir);
    const all = await findClusterDaemons(this.clusterDir);
    if (!state) {
      return {
        clusterDir: this.clusterDir,
        exists: false,
        running: false,
        nodes: [],
        strayPids: all,
        contactPoints: [],
        localDataCenter: LOCAL_DATA_CENTER,
      };
    }
    const layouts = clusterLayout(this.clusterDir, state.options.nodes);
    const nodes = await Promise.all(
      layouts.map(async (node): Promise<NodeStatus> => {
        const pid = state.nodes.find((n) => n.index === node.index)?.pid;
        const runState = await daemonState(pid, node.dir);
        return {
          index: node.index,
          address: node.address,
          nativePort: node.nativePort,
          jmxPort: node.jmxPort,
          state: runState === 'gone' ? 'stopped' : runState,
          pid: runState === 'gone' ? undefined : pid,
          dir: node.dir,
          systemLog: node.systemLog,
        };
      }),
    );
    const known = new Set(nodes.map((n) => n.pid));
    return {
      clusterDir: this.clusterDir,
      exists: true,
      running: nodes.every((n) => n.state === 'running'),
      options: state.options,
      cassandraVersion: state.cassandraVersion,
      javaHome: state.javaHome,
      heap: state.heap,
      nodes,
      strayPids: all.filter((pid) => !known.has(pid)),
      contactPoints: layouts.map((n) => n.address),
      localDataCenter: LOCAL_DATA_CENTER,
      credentials: state.options.auth ? { ...DEFAULT_CREDENTIALS } : undefined,
      tls: state.options.tls ? tlsMaterialPaths(this.clusterDir) : undefined,
    };
  }

  /**
   * Starts the cluster and waits until every node answers CQL and (for several nodes) they all
   * see each other. Already running with the same options: returns at once. Stopped with other
   * options: wipes the data and regenerates the configuration. Running with other options: throws
   * {@link ClusterOptionsConflictError}. Nodes that are down in a running cluster are started.
   */
  async start(requestedOptions: Partial<ClusterOptions> = {}): Promise<StartResult> {
    const options: ClusterOptions = { ...DEFAULT_CLUSTER_OPTIONS, ...requestedOptions };
    assertNodeCount(options.nodes);
    if (options.clientAuth && !options.tls) {
      throw new RangeError('clientAuth (client certificates) needs tls');
    }
    return this.locked(() => this.startLocked(options));
  }

  private async startLocked(options: ClusterOptions): Promise<StartResult> {
    const started = Date.now();
    const version = cassandraVersion(this.env);
    const heap = parseHeapSize(this.env.CQLKIT_CASSANDRA_HEAP || DEFAULT_HEAP);

    let state = await readClusterState(this.clusterDir);
    if (state) {
      const status = await this.status();
      const alive = status.nodes.filter((n) => n.state !== 'stopped');
      const compatible = sameClusterOptions(state.options, options) && state.cassandraVersion === version;
      if (!compatible) {
        if (alive.length > 0) throw new ClusterOptionsConflictError(this.clusterDir, state.options, options);
        this.log(
          `the cluster in ${this.clusterDir} was created with (${describeClusterOptions(state.options)}, ` +
            `Cassandra ${state.cassandraVersion}); wiping its data and regenerating the configuration for ` +
            `(${describeClusterOptions(options)}, Cassandra ${version})`,
        );
        await this.removeNodeDirs();
        state = undefined;
      } else if (status.running) {
        return { alreadyRunning: true, startedNodes: [], elapsedMs: Date.now() - started, status };
      } else {
        const paused = status.nodes.filter((n) => n.state === 'paused').map((n) => n.index);
        if (paused.length > 0) {
          throw new Error(
            `node(s) ${paused.join(', ')} are paused; resume them first (npx cqlkit-cassandra resume <n>)`,
          );
        }
      }
    }
    if (!state) await this.assertNoStrays();

    const runtime = await prepareRuntime(this.startup, version);
    await mkdir(this.clusterDir, { recursive: true });
    const newState: ClusterState = {
      formatVersion: 1,
      options,
      cassandraVersion: version,
      javaHome: runtime.jdk.home,
      libDir: runtime.libDir,
      heap,
      createdAt: state?.createdAt ?? new Date().toISOString(),
      nodes: state?.nodes ?? clusterLayout(this.clusterDir, options.nodes).map((n) => ({ index: n.index })),
    };
    await writeClusterConfigs(this.startup, newState, runtime);
    const toStart: number[] = [];
    for (const node of clusterLayout(this.clusterDir, options.nodes)) {
      const pid = newState.nodes.find((n) => n.index === node.index)?.pid;
      if ((await daemonState(pid, node.dir)) === 'gone') toStart.push(node.index);
    }
    this.log(
      `starting ${toStart.length === options.nodes ? 'cluster' : `node(s) ${toStart.join(', ')}`} ` +
        `(${describeClusterOptions(options)}, Cassandra ${version}, Java ${runtime.jdk.major}, heap ${heap}) ` +
        `in ${this.clusterDir}`,
    );
    await launchNodesAndWait(this.startup, newState, runtime, toStart);
    return {
      alreadyRunning: false,
      startedNodes: toStart,
      elapsedMs: Date.now() - started,
      status: await this.status(),
    };
  }

  /**
   * Stops every node (SIGTERM, then SIGKILL after the grace period) and kills stray daemons of the
   * cluster dir; verifies that none remains.
   */
  async stop(): Promise<StopResult> {
    return this.locked(() => this.stopLocked());
  }

  private async stopLocked(): Promise<StopResult> {
    const state = await readClusterState(this.clusterDir);
    const results: Array<{ index: number; outcome: 'graceful' | 'killed' }> = [];
    if (state) {
      const layouts = clusterLayout(this.clusterDir, state.options.nodes);
      await Promise.all(
        layouts.map(async (node) => {
          const pid = state.nodes.find((n) => n.index === node.index)?.pid;
          const outcome = await terminateDaemon(pid, node.dir, this.stopTimeoutMs);
          if (outcome !== 'gone') {
            this.log(
              `node${node.index} stopped${outcome === 'killed' ? ' (SIGKILL after the grace period)' : ''}`,
            );
            results.push({ index: node.index, outcome });
          }
        }),
      );
      await this.updateState((s) => s.nodes.forEach((n) => delete n.pid));
    }
    const strays = await findClusterDaemons(this.clusterDir);
    for (const pid of strays) {
      this.log(`killing stray Cassandra process ${pid} of ${this.clusterDir}`);
      sendSignal(pid, 'SIGCONT');
      sendSignal(pid, 'SIGKILL');
    }
    const deadline = Date.now() + 15_000;
    let remaining = await findClusterDaemons(this.clusterDir);
    while (remaining.length > 0 && Date.now() < deadline) {
      await sleep(200);
      remaining = await findClusterDaemons(this.clusterDir);
    }
    if (remaining.length > 0) {
      throw new Error(`Cassandra processes ${remaining.join(', ')} of ${this.clusterDir} are still running`);
    }
    results.sort((a, b) => a.index - b.index);
    return { nodes: results, killedStrays: strays };
  }

  /** Stops everything and deletes the cluster directory. */
  async wipe(): Promise<void> {
    await this.locked(async () => {
      await this.stopLocked();
      await this.removeClusterDir();
    });
  }

  private async removeClusterDir(): Promise<void> {
    const entries = await readdir(this.clusterDir).catch(() => undefined);
    if (entries === undefined) return;
    const ours = entries.every((e) => /^(node\d+|tls|leases|cluster\.json.*)$/.test(e));
    if (!ours) {
      throw new Error(
        `refusing to delete ${this.clusterDir}: it contains files the launcher did not create (${entries.join(', ')})`,
      );
    }
    await rm(this.clusterDir, { recursive: true, force: true });
    this.log(`deleted ${this.clusterDir}`);
  }

  /** Sends SIGKILL to node `index` (a crash: no drain, no shutdown announcement). */
  async killNode(index: number): Promise<void> {
    return this.locked(async () => {
      const { node, pid } = await this.liveNode(index, ['running', 'paused']);
      sendSignal(pid, 'SIGKILL');
      if (!(await waitForDaemonExit(pid, node.dir, 15_000))) throw new Error(`node${index} survived SIGKILL`);
      await this.updateState((s) => delete s.nodes.find((n) => n.index === index)?.pid);
      this.log(`node${index} killed (SIGKILL)`);
    });
  }

  /** Stops node `index` gracefully (SIGTERM, SIGKILL after the grace period). */
  async stopNode(index: number): Promise<'graceful' | 'killed'> {
    return this.locked(async () => {
      const { node, pid } = await this.liveNode(index, ['running', 'paused']);
      const outcome = await terminateDaemon(pid, node.dir, this.stopTimeoutMs);
      await this.updateState((s) => delete s.nodes.find((n) => n.index === index)?.pid);
      this.log(`node${index} stopped`);
      return outcome === 'gone' ? 'graceful' : outcome;
    });
  }

  /** Freezes node `index` with SIGSTOP (unresponsive, sockets stay open). */
  async pauseNode(index: number): Promise<void> {
    return this.locked(async () => {
      const { node, pid } = await this.liveNode(index, ['running']);
      sendSignal(pid, 'SIGSTOP');
      await this.waitForRunState(pid, node.dir, 'paused');
      this.log(`node${index} paused (SIGSTOP)`);
    });
  }

  /** Resumes a paused node `index` with SIGCONT. */
  async resumeNode(index: number): Promise<void> {
    return this.locked(async () => {
      const { node, pid } = await this.liveNode(index, ['paused']);
      sendSignal(pid, 'SIGCONT');
      await this.waitForRunState(pid, node.dir, 'running');
      this.log(`node${index} resumed (SIGCONT)`);
    });
  }

  /**
   * Restarts node `index` on the same directories: graceful stop if it is alive, start again, wait
   * until it answers CQL and it and the other running nodes see each other UP.
   */
  async restartNode(index: number): Promise<void> {
    return this.locked(async () => {
      const state = await this.requireState();
      const node = nodeLayout(this.clusterDir, index, state.options.nodes);
      const pid = state.nodes.find((n) => n.index === index)?.pid;
      if ((await daemonState(pid, node.dir)) !== 'gone') {
        this.log(`stopping node${index}…`);
        await terminateDaemon(pid, node.dir, this.stopTimeoutMs);
      }
      const runtime = await prepareRuntime(this.startup, state.cassandraVersion);
      state.javaHome = runtime.jdk.home;
      state.libDir = runtime.libDir;
      await writeClusterConfigs(this.startup, state, runtime, [index]);
      this.log(`starting node${index}…`);
      await launchNodesAndWait(this.startup, state, runtime, [index]);
    });
  }

  /** Contact points (`127.0.0.1`, …) of all nodes of the cluster. */
  async contactPoints(): Promise<string[]> {
    const state = await this.requireState();
    return clusterLayout(this.clusterDir, state.options.nodes).map((n) => n.address);
  }

  /** TLS material paths when the cluster was started with `tls`, else undefined. */
  async tlsMaterial(): Promise<TlsMaterial | undefined> {
    const state = await this.requireState();
    return state.options.tls ? tlsMaterialPaths(this.clusterDir) : undefined;
  }

  /** The last `lines` lines of node `index`'s system.log ('' when it has none yet). */
  async nodeLogTail(index: number, lines = 50): Promise<string> {
    return (await tailFile((await this.node(index)).systemLog, lines)) ?? '';
  }

  /** system.log, stdout and stderr tails of node `index`, labelled. */
  async describeNodeLogs(index: number, lines = 40): Promise<string> {
    return describeNodeLogs(await this.node(index), lines);
  }

  /** The java executable and arguments that run `nodetool <args>` against node `index`. */
  async nodetoolCommand(index: number, args: readonly string[]): Promise<{ file: string; args: string[] }> {
    const state = await this.requireState();
    const node = nodeLayout(this.clusterDir, index, state.options.nodes);
    const runtime = await prepareRuntime(this.startup, state.cassandraVersion);
    return { file: runtime.jdk.javaBin, args: nodetoolJvmArgs(node, runtime.libDir, args) };
  }

  /** Runs `nodetool <args>` against node `index` and returns its output. */
  async nodetool(index: number, args: readonly string[]): Promise<CommandResult> {
    const command = await this.nodetoolCommand(index, args);
    return runCommand(command.file, command.args, { timeoutMs: 120_000 });
  }

  private get startup(): StartupContext {
    const { clusterDir, env, log, startTimeoutMs } = this;
    return { clusterDir, env, log, startTimeoutMs };
  }

  private async locked<T>(action: () => Promise<T>): Promise<T> {
    return withClusterLock(this.clusterDir, action, { log: this.log });
  }

  private async requireState(): Promise<ClusterState> {
    const state = await readClusterState(this.clusterDir);
    if (!state) {
      throw new Error(`no cluster in ${this.clusterDir}; start one with: npx cqlkit-cassandra start`);
    }
    return state;
  }

  private async updateState(change: (state: ClusterState) => void): Promise<void> {
    const state = await readClusterState(this.clusterDir);
    if (!state) return;
    change(state);
    await writeClusterState(this.clusterDir, state);
  }

  private async liveNode(
    index: number,
    accepted: ReadonlyArray<Exclude<ProcessRunState, 'gone'>>,
  ): Promise<{ node: NodeLayout; pid: number }> {
    const state = await this.requireState();
    const node = nodeLayout(this.clusterDir, index, state.options.nodes);
    const pid = state.nodes.find((n) => n.index === index)?.pid;
    const runState = await daemonState(pid, node.dir);
    if (pid === undefined || runState === 'gone' || !accepted.includes(runState)) {
      const now = runState === 'gone' ? 'not running' : runState;
      throw new Error(`node${index} is ${now} (expected ${accepted.join(' or ')})`);
    }
    return { node, pid };
  }

  private async waitForRunState(pid: number, dir: string, wanted: ProcessRunState): Promise<void> {
    const deadline = Date.now() + 5000;
    while ((await daemonState(pid, dir)) !== wanted) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not become ${wanted}`);
      await sleep(50);
    }
  }

  private async assertNoStrays(): Promise<void> {
    const strays = await findClusterDaemons(this.clusterDir);
    if (strays.length > 0) {
      throw new Error(
        `Cassandra processes ${strays.join(', ')} are running from ${this.clusterDir} but its state file is ` +
          `missing; run npx cqlkit-cassandra stop (or wipe) first`,
      );
    }
  }

  private async removeNodeDirs(): Promise<void> {
    const entries = await readdir(this.clusterDir).catch(() => [] as string[]);
    await Promise.all(
      entries
        .filter((e) => /^node\d+$/.test(e))
        .map((e) => rm(join(this.clusterDir, e), { recursive: true })),
    );
  }
}
