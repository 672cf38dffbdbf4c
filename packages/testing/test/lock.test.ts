import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { lockPath, withClusterLock } from '../src/jars/cluster-lock';
import { addLease, otherLiveLeases, removeLease } from '../src/jars/leases';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('withClusterLock', () => {
  let dir: string;
  let clusterDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqlkit-lock-'));
    clusterDir = join(dir, 'cluster');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the lock file next to the cluster dir and removes it afterwards', async () => {
    expect(lockPath('/a/b/')).toBe('/a/b.lock');
    const inside = await withClusterLock(clusterDir, async () => (await stat(lockPath(clusterDir))).isFile());
    expect(inside).toBe(true);
    await expect(stat(lockPath(clusterDir))).rejects.toThrow();
  });

  it('runs concurrent holders one after the other', async () => {
    const events: string[] = [];
    const task = (name: string) =>
      withClusterLock(clusterDir, async () => {
        events.push(`${name}+`);
        await sleep(50);
        events.push(`${name}-`);
      });

    await Promise.all([task('a'), task('b')]);

    // Whichever file creation the thread pool completes first wins (under load, often b's): the
    // lock promises exclusion, not arrival order.
    expect([
      ['a+', 'a-', 'b+', 'b-'],
      ['b+', 'b-', 'a+', 'a-'],
    ]).toContainEqual(events);
  });

  it('is re-entrant within one call chain', async () => {
    const result = await withClusterLock(clusterDir, () => withClusterLock(clusterDir, async () => 'nested'));
    expect(result).toBe('nested');
  });

  it('releases the lock when the action throws', async () => {
    await expect(
      withClusterLock(clusterDir, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withClusterLock(clusterDir, async () => 'again')).resolves.toBe('again');
  });

  it('takes over a lock whose owner process is gone', async () => {
    await writeFile(lockPath(clusterDir), `${await deadPid()}\n`);
    await expect(withClusterLock(clusterDir, async () => 'taken', { timeoutMs: 2000 })).resolves.toBe(
      'taken',
    );
  });

  it('times out while a live process holds the lock', async () => {
    await writeFile(lockPath(clusterDir), `${process.ppid}\n`);
    await expect(withClusterLock(clusterDir, async () => 'never', { timeoutMs: 600 })).rejects.toThrow(
      /timed out/,
    );
  });
});

describe('Jest leases', () => {
  it('counts the leases of one process: the file goes with the last one', async () => {
    const clusterDir = await mkdtemp(join(tmpdir(), 'cqlkit-lease-'));
    try {
      await addLease(clusterDir);
      await addLease(clusterDir);
      await removeLease(clusterDir);
      expect(await readdir(join(clusterDir, 'leases'))).toEqual([`jest-${process.pid}`]);
      await removeLease(clusterDir);
      expect(await readdir(join(clusterDir, 'leases'))).toEqual([]);
    } finally {
      await rm(clusterDir, { recursive: true, force: true });
    }
  });

  it('lists only other live holders and drops stale leases', async () => {
    const clusterDir = await mkdtemp(join(tmpdir(), 'cqlkit-lease-'));
    try {
      await addLease(clusterDir);
      const stale = await deadPid();
      await writeFile(join(clusterDir, 'leases', `jest-${stale}`), '');
      await writeFile(join(clusterDir, 'leases', `jest-${process.ppid}`), '');

      expect(await otherLiveLeases(clusterDir)).toEqual([process.ppid]);
      expect(await readdir(join(clusterDir, 'leases'))).not.toContain(`jest-${stale}`);

      await removeLease(clusterDir);
      expect(await readdir(join(clusterDir, 'leases'))).toEqual([`jest-${process.ppid}`]);
    } finally {
      await rm(clusterDir, { recursive: true, force: true });
    }
  });
});
