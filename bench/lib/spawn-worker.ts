/**
 * Runs a worker process and collects its records: the harness's Node workers
 * (`node --expose-gc --import tsx <entry> <job json>`) or any other program that prints record
 * lines (the Rust and Python anchors).
 */
import { spawn } from 'node:child_process';
import { type BenchRecord, RECORD_PREFIX } from './job';

/** What a worker produced. */
export interface WorkerOutcome {
  readonly records: BenchRecord[];
  /** Exit code; `null` when killed (timeout). */
  readonly exitCode: number | null;
  /** Last lines of stderr (and of non-record stdout), for failure reports. */
  readonly diagnostics: string;
  readonly elapsedMs: number;
}

const DIAGNOSTIC_LINES = 30;

/** How to run a worker. */
export interface WorkerRunOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly verbose: boolean;
}

/** Spawns the Node worker `entry` with `job`, waits for it to exit (or kills it after `timeoutMs`). */
export function runWorkerProcess(
  entry: string,
  job: object,
  options: WorkerRunOptions,
): Promise<WorkerOutcome> {
  return runRecordingProcess(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', entry, JSON.stringify(job)],
    options,
  );
}

/** Spawns `command args`, collects the record lines it prints, waits for it to exit (or kills it). */
export function runRecordingProcess(
  command: string,
  args: readonly string[],
  options: WorkerRunOptions,
): Promise<WorkerOutcome> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const records: BenchRecord[] = [];
  const diagnostics: string[] = [];
  const note = (line: string): void => {
    diagnostics.push(line);
    if (diagnostics.length > DIAGNOSTIC_LINES) diagnostics.shift();
  };
  let stdoutRest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    const lines = (stdoutRest + text).split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RECORD_PREFIX))
        records.push(JSON.parse(line.slice(RECORD_PREFIX.length)) as BenchRecord);
      else if (line.trim() !== '') note(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    for (const line of text.split('\n')) if (line.trim() !== '') note(line);
    if (options.verbose) process.stderr.write(text);
  });
  const timer = setTimeout(() => {
    note(`killed after ${options.timeoutMs} ms`);
    child.kill('SIGKILL');
  }, options.timeoutMs);
  return new Promise((resolve) => {
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      resolve({
        records,
        exitCode: code,
        diagnostics: diagnostics.join('\n'),
        elapsedMs: Date.now() - started,
      });
    };
    child.once('error', (error) => {
      note(`could not run ${command}: ${error.message}`);
      finish(127);
    });
    child.once('close', (code) => finish(code));
  });
}
