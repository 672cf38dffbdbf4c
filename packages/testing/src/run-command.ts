/**
 * Runs a short-lived external command (java -version, keytool, mvn, a Python venv's pip) and
 * collects its output. Never long-running daemons: the node processes live in jars/daemon-process.
 */
import { spawn } from 'node:child_process';
import { TestingError, type TestingErrorCode } from './errors';

/** Result of {@link runCommand}. */
export interface CommandResult {
  /** Exit code, or null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command (SIGKILL) after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** Thrown when the executable does not exist (ENOENT) or cannot be started. */
export class CommandNotFoundError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_COMMAND_NOT_FOUND';

  constructor(
    readonly command: string,
    cause: Error,
  ) {
    super(`cannot run ${command}: ${cause.message}`, { cause });
  }
}

/**
 * Spawns `file args…` without a shell, waits for it to exit and returns its exit status and output.
 * Never throws for a non-zero exit; throws {@link CommandNotFoundError} when it cannot be started.
 *
 * @example
 * ```ts
 * import { describeFailure, runCommand } from '@cqlkit/testing';
 *
 * const result = await runCommand('java', ['-version'], { timeoutMs: 10_000 });
 * if (result.code !== 0) throw new Error(describeFailure('java -version', result));
 * ```
 */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise<CommandResult>((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(new CommandNotFoundError(file, error));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/**
 * A description of a failed command for error messages: its exit status and the last 30 lines of
 * its output.
 *
 * @example
 * ```ts
 * import { describeFailure, runCommand } from '@cqlkit/testing';
 *
 * const result = await runCommand('python3', ['-m', 'venv', '/tmp/venv']);
 * if (result.code !== 0) throw new Error(describeFailure('python3 -m venv', result));
 * ```
 */
export function describeFailure(command: string, result: CommandResult): string {
  const status = result.code === null ? `signal ${result.signal}` : `exit code ${result.code}`;
  const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
  return `${command} failed with ${status}${output ? `:\n${output}` : ''}`;
}
