/**
 * No open handles and no unhandled rejections after `cluster.shutdown()`: a child process uses the
 * driver (queries, paging, errors, an abort, a request in flight at shutdown), shuts it down and
 * must then exit by itself, with nothing left on the event loop.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

describe('lifecycle', () => {
  it('leaves no handle and no unhandled rejection after shutdown(); the process exits by itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'leak-check-script.ts')], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = await new Promise<number | 'hung'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('hung');
      }, 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    expect({ exited, stderr }).toEqual({ exited: 0, stderr: '' });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { unhandled: number; left: string[] };
    expect(report).toEqual({ unhandled: 0, left: [] });
  });
});
