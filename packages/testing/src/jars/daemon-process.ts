/**
 * Inspecting and signalling the Cassandra daemons of a cluster by pid. A pid only counts as a node
 * of the cluster when its command line is a CassandraDaemon whose storage dir is that node's dir,
 * so a recycled pid is never signalled.
 */
import { readFile, readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { DAEMON_MAIN_CLASS } from '../config/jvm-args';

/** What the OS says about a pid. */
export type ProcessRunState = 'running' | 'paused' | 'gone';

/** The `-D` argument that ties a daemon to its node directory. */
export function storageDirArg(nodeDir: string): string {
  return `-Dcassandra.storagedir=${nodeDir}`;
}

/** Parses the state letter of `/proc/<pid>/stat` (the field after the parenthesised name). */
export function parseProcStatState(stat: string): ProcessRunState {
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X' || state === '') return 'gone';
  if (state === 'T' || state === 't') return 'paused';
  return 'running';
}

async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg) => arg.length > 0);
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (signal 0; EPERM means it exists but is not ours). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the argument list is a CassandraDaemon of the node living in `nodeDir`. */
export function isDaemonOfNode(args: readonly string[], nodeDir: string): boolean {
  return args.includes(DAEMON_MAIN_CLASS) && args.includes(storageDirArg(nodeDir));
}

/**
 * State of the daemon of the node in `nodeDir` if `pid` still is that daemon, else `gone`.
 * Without /proc (non-Linux) it falls back to "the pid exists".
 */
export async function daemonState(pid: number | undefined, nodeDir: string): Promise<ProcessRunState> {
  if (pid === undefined || pid <= 0) return 'gone';
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    const hasProc = await readFile('/proc/self/stat', 'utf8').then(
      () => true,
      () => false,
    );
    return !hasProc && processExists(pid) ? 'running' : 'gone';
  }
  const state = parseProcStatState(stat);
  if (state === 'gone') return 'gone';
  const args = await commandLine(pid);
  return args && isDaemonOfNode(args, nodeDir) ? state : 'gone';
}

/**
 * Pids of every CassandraDaemon whose storage dir lies inside `clusterDir` (including strays that
 * the state file does not know about).
 */
export async function findClusterDaemons(clusterDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const prefix = storageDirArg(clusterDir.endsWith('/') ? clusterDir : `${clusterDir}/`);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const args = await commandLine(pid);
    if (!args?.includes(DAEMON_MAIN_CLASS) || !args.some((arg) => arg.startsWith(prefix))) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (parseProcStatState(stat) !== 'gone') pids.push(pid);
  }
  return pids;
}

/** Sends `signal` to `pid`; a pid that no longer exists is not an error. */
export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Waits until the daemon `pid` of `nodeDir` is gone.
 *
 * @returns true when it exited within `timeoutMs`
 */
export async function waitForDaemonExit(pid: number, nodeDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await daemonState(pid, nodeDir)) === 'gone') return true;
    await sleep(200);
  }
  return (await daemonState(pid, nodeDir)) === 'gone';
}

/**
 * Graceful stop: SIGCONT (in case it is paused), SIGTERM, wait up to `graceMs`, then SIGKILL.
 *
 * @returns `graceful` or `killed`; `gone` when it was not running
 */
export async function terminateDaemon(
  pid: number | undefined,
  nodeDir: string,
  graceMs: number,
): Promise<'graceful' | 'killed' | 'gone'> {
  if (pid === undefined || (await daemonState(pid, nodeDir)) === 'gone') return 'gone';
  sendSignal(pid, 'SIGCONT');
  sendSignal(pid, 'SIGTERM');
  if (await waitForDaemonExit(pid, nodeDir, graceMs)) return 'graceful';
  sendSignal(pid, 'SIGKILL');
  if (!(await waitForDaemonExit(pid, nodeDir, 15_000))) {
    throw new Error(`process ${pid} (${nodeDir}) survived SIGKILL`);
  }
  return 'killed';
}
