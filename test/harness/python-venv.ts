/**
 * A Python virtual environment with ScyllaDB's own Python driver (`scylla-driver` from PyPI), the
 * independent client the simulated ScyllaDB cluster is judged by. Created on first use under the
 * cache root (outside the git tree) and reused; a machine without Python 3 or without access to
 * PyPI makes the tests that need it fail with a message saying what is missing, never skip.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { cacheRoot, describeFailure, runCommand } from '@cqlkit/testing';

/** The ScyllaDB Python driver release the faithfulness tests run (3.29.x). */
export const SCYLLA_DRIVER_VERSION = '3.29.12';

/** A ready environment. */
export interface ScyllaPythonEnv {
  /** The environment's Python interpreter. */
  readonly python: string;
  /** `cassandra.__version__` as the installed driver reports it. */
  readonly driverVersion: string;
}

const PIP_TIMEOUT_MS = 10 * 60_000;

/** Directory of the environment: `<cache>/python/scylla-driver-<version>`. */
export function scyllaPythonDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'python', `scylla-driver-${SCYLLA_DRIVER_VERSION}`);
}

/**
 * The environment, created when missing: `python3 -m venv`, then `pip install
 * scylla-driver==<version>`. `CQLKIT_PYTHON` names another base interpreter. Built in a temporary
 * directory and renamed into place, so concurrent first uses do not see a half-built one.
 *
 * @throws Error naming the failed step (no Python 3, no venv module, pip could not install)
 */
export async function ensureScyllaPythonEnv(env: NodeJS.ProcessEnv = process.env): Promise<ScyllaPythonEnv> {
  const dir = scyllaPythonDir(env);
  const python = join(dir, 'bin', 'python');
  if (!existsSync(python)) await create(dir, env.CQLKIT_PYTHON || 'python3');
  const check = await runCommand(python, ['-c', 'import cassandra; print(cassandra.__version__)']);
  if (check.code !== 0) {
    throw new Error(
      `the Python environment in ${dir} cannot import the ScyllaDB driver; delete the directory to rebuild it. ` +
        describeFailure(`${python} -c 'import cassandra'`, check),
    );
  }
  return { python, driverVersion: check.stdout.trim() };
}

async function create(dir: string, basePython: string): Promise<void> {
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(join(dir, '..'), { recursive: true });
  let venv;
  try {
    venv = await runCommand(basePython, ['-m', 'venv', building], { timeoutMs: 120_000 });
  } catch (error) {
    throw new Error(
      `cannot run ${basePython} to create the Python environment of the ScyllaDB driver tests ` +
        `(install Python 3 with the venv module, or set CQLKIT_PYTHON): ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (venv.code !== 0) throw new Error(describeFailure(`${basePython} -m venv ${building}`, venv));
  const pip = await runCommand(
    join(building, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--quiet',
      `scylla-driver==${SCYLLA_DRIVER_VERSION}`,
    ],
    { timeoutMs: PIP_TIMEOUT_MS },
  );
  if (pip.code !== 0) {
    await rm(building, { recursive: true, force: true });
    throw new Error(
      `pip could not install scylla-driver==${SCYLLA_DRIVER_VERSION} from PyPI (network access to PyPI is needed once). ` +
        describeFailure('pip install', pip),
    );
  }
  try {
    await rename(building, dir);
  } catch (error) {
    // another process finished first: use its environment
    await rm(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'bin', 'python'))) throw error;
  }
}
