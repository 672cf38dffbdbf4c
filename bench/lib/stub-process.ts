/** Starts the stub server as a child process and stops it (by its own pid) at the end. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A running stub server. */
export interface StubProcess {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts `bench/stub-server/stub-main.ts` on a free 127.0.0.1 port. */
export function startStub(
  repoRoot: string,
  scanRows: number,
  log: (m: string) => void,
): Promise<StubProcess> {
  const entry = join(repoRoot, 'bench', 'stub-server', 'stub-main.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry, '--port', '0', '--scan-rows', String(scanRows)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => log(text.trimEnd()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the stub server did not start within 30 s'));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`the stub server exited with code ${code}`)));
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      buffered += text;
      const match = /STUB_LISTENING (\d+)/.exec(buffered);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        port: Number(match[1]),
        pid: child.pid,
        stop: async () => {
          child.kill('SIGTERM');
          await waitForExit(child);
        },
      });
    });
  });
}
