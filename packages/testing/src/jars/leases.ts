/**
 * Leases on a cluster (`<clusterDir>/leases/jest-<pid>`, one file per process — the name older
 * harnesses read too): a process that started the cluster only stops it when no other live
 * process still uses it. Within one process the leases are counted, so several handles share the
 * file and the last one removes it.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { processExists } from './daemon-process';

function leaseDir(clusterDir: string): string {
  return join(clusterDir, 'leases');
}

/** Leases this process holds, per cluster dir. */
const held = new Map<string, number>();

/** Records that this process (a Jest run, a handle) uses the cluster. */
export async function addLease(clusterDir: string): Promise<void> {
  held.set(clusterDir, (held.get(clusterDir) ?? 0) + 1);
  await mkdir(leaseDir(clusterDir), { recursive: true });
  await writeFile(join(leaseDir(clusterDir), `jest-${process.pid}`), `${new Date().toISOString()}\n`);
}

/** Gives one lease back; the file goes with this process's last lease on the cluster. */
export async function removeLease(clusterDir: string): Promise<void> {
  const left = (held.get(clusterDir) ?? 1) - 1;
  if (left > 0) {
    held.set(clusterDir, left);
    return;
  }
  held.delete(clusterDir);
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
