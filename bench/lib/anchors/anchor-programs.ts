/**
 * The native anchors of `npm run bench -- --anchors`: building the Rust program
 * (bench/anchors/rust, cargo, crates.io), installing the Python driver (bench/anchors/python, a
 * virtual environment, PyPI), and the command line of one run of either. Both are benchmark
 * tools only, never dependencies of the packages; both print the harness's phase records.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorName, PhaseJob } from '../job';
import { anchorCacheDir } from './anchor-cache';

/** One run of an anchor: a {@link PhaseJob} plus what the native programs need besides. */
export interface AnchorRun extends Omit<
  PhaseJob,
  'type' | 'driver' | 'variant' | 'maxRequestsPerConnection' | 'client' | 'tokenAware'
> {
  readonly client: AnchorName;
  /** The CQL text of the workload's statement. */
  readonly statement: string;
  /** The workload's bound values (see values-file.ts). */
  readonly valuesFile: string;
}

/** A ready-to-run anchor program. */
export interface AnchorProgram {
  readonly command: string;
  /** What was built or installed, for the report. */
  readonly description: string;
  args(run: AnchorRun): string[];
}

function commonArgs(run: AnchorRun): string[] {
  const t = run.target;
  return [
    '--host',
    t.host,
    '--port',
    String(t.port),
    ...(t.credentials ? ['--username', t.credentials.username, '--password', t.credentials.password] : []),
    '--workload',
    run.workload,
    '--statement',
    run.statement,
    '--values',
    run.valuesFile,
    '--concurrency',
    String(run.concurrency),
    '--cold-ops',
    String(run.coldOps),
    '--warmup-ops',
    String(run.warmupOps),
    '--measure-ops',
    String(run.measureOps),
    ...(t.serverPid !== undefined ? ['--server-pid', String(t.serverPid)] : []),
    '--clock-ticks',
    String(run.clockTicksPerSecond),
    '--rep',
    String(run.rep),
    '--driver',
    run.client,
  ];
}

function run(
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    env: env ?? process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  const output = missing
    ? `${command} was not found (not on PATH)`
    : `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`;
  return { ok: result.status === 0, output };
}

function lastLines(text: string, n = 12): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** The `scylla` crate version locked in bench/anchors/rust/Cargo.lock. */
function lockedVersion(lockFile: string, crate: string): string {
  const match = new RegExp(`name = "${crate}"\\nversion = "([^"]+)"`).exec(readFileSync(lockFile, 'utf8'));
  return match?.[1] ?? 'unknown';
}

/**
 * Builds bench/anchors/rust (release, `--locked`) into the anchors' cache and returns the
 * program. Throws with cargo's last lines when cargo is missing or the build fails.
 */
export function prepareRustAnchor(repoRoot: string, log: (m: string) => void): AnchorProgram {
  const dir = join(repoRoot, 'bench', 'anchors', 'rust');
  const targetDir = join(anchorCacheDir(), 'rust-target');
  const scylla = lockedVersion(join(dir, 'Cargo.lock'), 'scylla');
  const tokio = lockedVersion(join(dir, 'Cargo.lock'), 'tokio');
  log(`building the Rust anchor (scylla ${scylla}, tokio ${tokio}; the first build takes minutes)…`);
  const started = Date.now();
  const build = run(
    'cargo',
    ['build', '--release', '--locked', '--quiet', '--manifest-path', join(dir, 'Cargo.toml')],
    { ...process.env, CARGO_TARGET_DIR: targetDir },
  );
  if (!build.ok) {
    throw new Error(
      `cargo build of bench/anchors/rust failed (it needs cargo and crates.io, or the crates in ~/.cargo):\n${lastLines(build.output)}`,
    );
  }
  log(`Rust anchor ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const binary = join(targetDir, 'release', 'cqlkit-anchor-rust');
  return {
    command: binary,
    description: `scylla ${scylla} (Rust crate), tokio ${tokio}, release build`,
    args: (r) => [
      ...commonArgs(r),
      '--runtime',
      r.client === 'rust-mt' ? 'multi' : 'current',
      '--mode',
      r.client === 'rust-ct-defaults' ? 'defaults' : 'comparable',
    ],
  };
}

/** The pinned Python requirement (bench/anchors/python/requirements.txt), e.g. `scylla-driver==3.29.12`. */
function pythonRequirement(dir: string): string {
  const line = readFileSync(join(dir, 'requirements.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (!line) throw new Error('bench/anchors/python/requirements.txt names no package');
  return line;
}

const PYTHON_CHECK =
  'import cassandra, cassandra.cython_deps as d; from cassandra.io.libevreactor import LibevConnection; ' +
  'print(cassandra.__version__, "cython" if d.HAVE_CYTHON else "pure-python")';

/**
 * Makes sure a virtual environment with the pinned Python driver exists in the anchors' cache
 * (creates it with `python3 -m venv` and pip otherwise) and returns the program. Throws when
 * Python, the venv module or the install fails, or when the driver has no libev reactor.
 */
export function preparePythonAnchor(repoRoot: string, log: (m: string) => void): AnchorProgram {
  const dir = join(repoRoot, 'bench', 'anchors', 'python');
  const requirement = pythonRequirement(dir);
  const venv = join(anchorCacheDir(), `python-${requirement.replace(/[^\w.-]+/g, '-')}`);
  const python = join(venv, 'bin', 'python');
  let check = existsSync(python) ? run(python, ['-c', PYTHON_CHECK]) : { ok: false, output: '' };
  if (!check.ok) {
    log(`installing ${requirement} into ${venv}…`);
    const base = process.env.CQLKIT_PYTHON?.trim() || 'python3';
    const created = run(base, ['-m', 'venv', '--clear', venv]);
    if (!created.ok) throw new Error(`${base} -m venv failed:\n${lastLines(created.output)}`);
    const installed = run(python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '-r',
      join(dir, 'requirements.txt'),
    ]);
    if (!installed.ok) throw new Error(`pip install ${requirement} failed:\n${lastLines(installed.output)}`);
    check = run(python, ['-c', PYTHON_CHECK]);
    if (!check.ok) throw new Error(`the Python driver does not load:\n${lastLines(check.output)}`);
  }
  const [version, build] = check.output.trim().split(/\s+/);
  if (build !== 'cython') log(`warning: the Python driver runs without its Cython extensions (${build})`);
  return {
    command: python,
    description: `scylla-driver ${version ?? '?'} (Python ${build ?? '?'}, libev reactor)`,
    args: (r) => [join(dir, 'anchor.py'), ...commonArgs(r), '--local-dc', r.target.localDataCenter],
  };
}
