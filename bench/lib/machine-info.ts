/** Facts about the run recorded with the results (numbers carry their setup). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** The machine and software of a run. */
export interface MachineInfo {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly kernel: string;
  readonly memoryGB: number;
  readonly clockTicksPerSecond: number;
  readonly gitCommit: string | undefined;
  readonly cqlkitVersion: string;
  readonly cassandraDriverVersion: string;
  readonly loadAverageAtStart: readonly number[];
}

function packageVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function command(file: string, args: string[], cwd: string): string | undefined {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Collects {@link MachineInfo}. */
export function machineInfo(repoRoot: string): MachineInfo {
  return {
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    kernel: release(),
    memoryGB: Math.round(totalmem() / 2 ** 30),
    clockTicksPerSecond: Number(command('getconf', ['CLK_TCK'], repoRoot) ?? 100) || 100,
    gitCommit: command('git', ['rev-parse', '--short', 'HEAD'], repoRoot),
    cqlkitVersion: packageVersion(join(repoRoot, 'packages', 'driver', 'package.json')),
    cassandraDriverVersion: packageVersion(
      join(repoRoot, 'node_modules', 'cassandra-driver', 'package.json'),
    ),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
