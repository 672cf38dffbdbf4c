/**
 * Leases of Jest runs on a launcher cluster (`<clusterDir>/leases/jest-<pid>`): a run that started
 * the cluster only stops it in its teardown when no other live Jest run still uses it.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

function leaseDir(clusterDir: string): string {
  return join(clusterDir, 'leases');
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Records that this process (a Jest run) uses the cluster. */
export async function addLease(clusterDir: string): Promise<void> {
  await mkdir(leaseDir(clusterDir), { recursive: true });
  await writeFile(join(leaseDir(clusterDir), `jest-${process.pid}`), `${new Date().toISOString()}\n`);
}

/** Removes this process's lease. */
export async function removeLease(clusterDir: string): Promise<void> {
  await rm(join(leaseDir(clusterDir), `jest-${process.pid}`), { force: true });
}

/** Pids of other live processes holding a lease (stale leases are deleted). */
export async function otherLiveLeases(clusterDir: string): Promise<number[]> {
  const names = await readdir(leaseDir(clusterDir)).catch(() => [] as string[]);
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number(/^jest-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    if (processExists(pid)) pids.push(pid);
    else await rm(join(leaseDir(clusterDir), name), { force: true });
  }
  return pids;
}
