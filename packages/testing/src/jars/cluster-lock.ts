/**
 * An inter-process lock per cluster dir (`<clusterDir>.lock`, next to the dir so that `wipe` can
 * delete the dir while holding it). Two Jest runs or CLI calls that start/stop the same cluster at
 * the same time take turns instead of racing. A lock whose owner process is gone is taken over.
 * The lock is re-entrant within one async call chain (a locked operation may call another one).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { processExists } from './daemon-process';

/** Path of the lock file of `clusterDir`. */
export function lockPath(clusterDir: string): string {
  return `${clusterDir.replace(/\/+$/, '')}.lock`;
}

/** Lock files held by the current async call chain. */
const heldLocks = new AsyncLocalStorage<ReadonlySet<string>>();

async function tryAcquire(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function ownerOf(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isNaN(pid) ? undefined : pid;
}

/** Options of {@link withClusterLock}. */
export interface ClusterLockOptions {
  /** Give up after this long (default 15 minutes: a 9-node start fits). */
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Runs `action` while holding the lock of `clusterDir`.
 *
 * @throws Error when the lock stays held by a live process for longer than the timeout
 */
export async function withClusterLock<T>(
  clusterDir: string,
  action: () => Promise<T>,
  options: ClusterLockOptions = {},
): Promise<T> {
  const path = lockPath(clusterDir);
  const held = heldLocks.getStore() ?? new Set<string>();
  if (held.has(path)) return action();
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let announced = false;
  while (!(await tryAcquire(path))) {
    const owner = await ownerOf(path);
    if (owner !== undefined && owner !== process.pid && !processExists(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${path} (held by process ${owner ?? 'unknown'})`);
    }
    if (!announced) {
      options.log?.(`waiting for another launcher command (pid ${owner ?? '?'}) working on ${clusterDir}…`);
      announced = true;
    }
    await sleep(500);
  }
  try {
    return await heldLocks.run(new Set([...held, path]), action);
  } finally {
    await rm(path, { force: true });
  }
}
