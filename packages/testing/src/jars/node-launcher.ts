/**
 * Preparing a node's directories and configuration files, and launching its daemon detached
 * (own process group, stdio to files) so that it outlives the process that started it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';

import { type CassandraYamlInput, renderCassandraYaml } from '../config/cassandra-yaml';
import type { SelectedJdk } from './jdk';
import { daemonJvmArgs } from '../config/jvm-args';
import { renderDaemonLogback, renderToolsLogback } from '../config/logback-config';
import { fileSize } from './node-logs';
import type { NodeLayout } from '../config/node-layout';
import type { LaunchedNode } from './readiness';
import { TestingError, type TestingErrorCode } from '../errors';

/**
 * Creates the node's directories and (re)writes cassandra.yaml, logback.xml and logback-tools.xml.
 */
export async function writeNodeConfig(input: CassandraYamlInput): Promise<void> {
  const { node } = input;
  const dirs = [
    node.confDir,
    node.dataDir,
    node.commitlogDir,
    node.hintsDir,
    node.savedCachesDir,
    node.cdcRawDir,
    node.triggersDir,
    node.logDir,
  ];
  await Promise.all(dirs.map((dir) => mkdir(dir, { recursive: true })));
  await writeFile(node.yamlPath, renderCassandraYaml(input));
  await writeFile(node.logbackPath, renderDaemonLogback(node.systemLog));
  await writeFile(node.toolsLogbackPath, renderToolsLogback());
}

async function portIsFree(host: string, port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen({ host, port, exclusive: true });
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** Raised when a port a node needs is taken (another Cassandra, or another engine's cluster). */
export class PortInUseError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_PORT_IN_USE';

  constructor(message: string) {
    super(message);
  }
}

/**
 * Checks that the node's native, storage and JMX ports can be bound.
 *
 * @throws PortInUseError naming the busy port (e.g. another Cassandra already on 127.0.0.1:9042)
 */
export async function assertPortsFree(node: NodeLayout): Promise<void> {
  const checks: Array<[string, number, string]> = [
    [node.address, node.nativePort, 'CQL native'],
    [node.address, node.storagePort, 'storage'],
    ['127.0.0.1', node.jmxPort, 'JMX'],
  ];
  for (const [host, port, label] of checks) {
    if (!(await portIsFree(host, port))) {
      throw new PortInUseError(
        `cannot start node${node.index}: the ${label} port ${host}:${port} is already in use by another process ` +
          `(another Cassandra? check with: ss -ltnp | grep ${port})`,
      );
    }
  }
}

/** Inputs of {@link launchDaemon}. */
export interface LaunchInput {
  readonly node: NodeLayout;
  readonly jdk: SelectedJdk;
  readonly libDir: string;
  readonly jammJar?: string;
  readonly heap: string;
}

/**
 * Starts the node's CassandraDaemon in the background and returns at once (readiness is checked
 * separately). stdout/stderr are appended to files in the node's log dir.
 */
export async function launchDaemon(input: LaunchInput): Promise<LaunchedNode> {
  const { node, jdk } = input;
  const logOffset = await fileSize(node.systemLog);
  const args = daemonJvmArgs({
    node,
    libDir: input.libDir,
    jammJar: input.jammJar,
    heap: input.heap,
    hasJavac: jdk.hasJavac,
  });
  const stdout = await open(node.stdoutLog, 'a');
  const stderr = await open(node.stderrLog, 'a');
  try {
    const header = `\n===== ${new Date().toISOString()} launching node${node.index}: ${jdk.javaBin} ${args.join(' ')}\n`;
    await stdout.write(header);
    await stderr.write(header);
    const child = spawn(jdk.javaBin, args, {
      cwd: node.dir,
      detached: true,
      stdio: ['ignore', stdout.fd, stderr.fd],
      env: { ...process.env, JAVA_HOME: jdk.home, MALLOC_ARENA_MAX: '4' },
    });
    await Promise.race([
      once(child, 'spawn'),
      once(child, 'error').then(([error]: unknown[]) => {
        throw new Error(`cannot start ${jdk.javaBin} for node${node.index}: ${(error as Error).message}`);
      }),
    ]);
    child.unref();
    if (child.pid === undefined) throw new Error(`no pid for node${node.index}'s java process`);
    return { node, pid: child.pid, logOffset };
  } finally {
    await stdout.close();
    await stderr.close();
  }
}
