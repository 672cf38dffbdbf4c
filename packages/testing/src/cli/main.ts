/**
 * Command line of the local Cassandra launcher: `npx cqlkit-cassandra <command>` (see `--help`).
 * Exit codes: 0 success, 1 failure, 2 usage error; `nodetool` exits with nodetool's code.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { CliUsageError, parseCliArgs, USAGE, type CliCommand } from './args';
import { dockerClusterName, removeDockerCluster } from '../docker/docker-cluster';
import { ensureLocalImage } from '../docker/image-build';
import { LocalCassandraCluster } from '../jars/cluster';
import { formatClusterStatus } from './status-format';

function say(message: string): void {
  process.stdout.write(`[cassandra] ${message}\n`);
}

async function runNodetool(
  cluster: LocalCassandraCluster,
  node: number,
  args: readonly string[],
): Promise<number> {
  const command = await cluster.nodetoolCommand(node, args);
  const child = spawn(command.file, command.args, { stdio: 'inherit' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 1 : 0);
}

async function execute(command: CliCommand): Promise<number> {
  const cluster = new LocalCassandraCluster({ log: say });
  switch (command.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'start': {
      const result = await cluster.start(command.options);
      say(
        result.alreadyRunning
          ? 'already running with these options'
          : `started node(s) ${result.startedNodes.join(', ')} in ${(result.elapsedMs / 1000).toFixed(1)} s`,
      );
      process.stdout.write(`${formatClusterStatus(result.status)}\n`);
      return 0;
    }
    case 'build-image': {
      const image = await ensureLocalImage({ version: command.version, log: say });
      say(
        image.built
          ? `built ${image.tag} in ${(image.elapsedMs / 1000).toFixed(1)} s` +
              `${image.rootfsCached ? ' (root file system from the cache)' : ''}`
          : `${image.tag} is up to date (same input digest)`,
      );
      return 0;
    }
    case 'stop': {
      if (command.docker) {
        const removed = await removeDockerCluster(dockerClusterName(cluster.clusterDir));
        say(
          `removed ${removed} container(s) of the Docker cluster "${dockerClusterName(cluster.clusterDir)}"`,
        );
      }
      const result = await cluster.stop();
      say(
        result.nodes.length || result.killedStrays.length
          ? `stopped; no Cassandra process of ${cluster.clusterDir} remains`
          : 'nothing was running',
      );
      return 0;
    }
    case 'status': {
      const status = await cluster.status();
      process.stdout.write(
        command.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatClusterStatus(status)}\n`,
      );
      return 0;
    }
    case 'wipe':
      await cluster.wipe();
      say('wiped');
      return 0;
    case 'kill':
      await cluster.killNode(command.node);
      return 0;
    case 'pause':
      await cluster.pauseNode(command.node);
      return 0;
    case 'resume':
      await cluster.resumeNode(command.node);
      return 0;
    case 'restart': {
      const started = Date.now();
      await cluster.restartNode(command.node);
      say(`node${command.node} restarted and rejoined in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'logs':
      process.stdout.write(`${await cluster.nodeLogTail(command.node, command.lines)}\n`);
      return 0;
    case 'nodetool':
      return runNodetool(cluster, command.node, command.args);
  }
}

async function main(): Promise<void> {
  // `npx cqlkit-cassandra status | head` closes stdout early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  let command: CliCommand;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await execute(command);
  } catch (error) {
    process.stderr.write(`[cassandra] error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

void main();
