/**
 * Picks the JDK that runs Cassandra: major version 17 (preferred) or 11. Cassandra 5.0 calls
 * System.setSecurityManager, which JDK 18+ rejects, so newer JDKs are never used.
 */
import { access, readdir, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

import type { LauncherEnv } from '../config/paths';
import { runCommand } from '../run-command';
import { TestingError, type TestingErrorCode } from '../errors';

/** Java major versions Cassandra 5.0 can run on, best first. */
export const SUPPORTED_JAVA_MAJORS: readonly number[] = [17, 11];

/** One JDK found on the machine. */
export interface JdkCandidate {
  /** The JDK home (the directory containing `bin/java`), symlinks resolved. */
  readonly home: string;
  /** Where it was found: `CQLKIT_JAVA_HOME`, `JAVA_HOME`, `/usr/lib/jvm` or `PATH`. */
  readonly source: string;
  /** Major version from `java -version`, or undefined when it could not be determined. */
  readonly major?: number;
  /** First line of `java -version` (or the error), for messages. */
  readonly description: string;
}

/** The JDK chosen to run Cassandra. */
export interface SelectedJdk {
  readonly home: string;
  readonly major: number;
  readonly javaBin: string;
  readonly keytoolBin: string;
  /** True when the JDK has a compiler (then the jdk.compiler/jdk.attach exports are valid). */
  readonly hasJavac: boolean;
  readonly description: string;
}

/** Raised when no JDK 17/11 is available; the message lists what was found. */
export class NoSuitableJdkError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_NO_SUITABLE_JDK';

  constructor(
    readonly candidates: readonly JdkCandidate[],
    explicitHome?: string,
  ) {
    const explicit = explicitHome
      ? `CQLKIT_JAVA_HOME=${explicitHome} is not a usable JDK 17 or 11 (unset it to pick one automatically).\n`
      : '';
    const found = candidates.length
      ? candidates.map((c) => `  - ${c.home} (${c.source}): ${c.description}`).join('\n')
      : '  (no JDK found in CQLKIT_JAVA_HOME, JAVA_HOME, /usr/lib/jvm or PATH)';
    super(
      `${explicit}Cassandra 5.0 needs a JDK with major version 17 (preferred) or 11; JDK 18 and newer cannot run it ` +
        `(System.setSecurityManager is refused).\nFound:\n${found}\n` +
        `Install OpenJDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set CQLKIT_JAVA_HOME to a JDK 17 home.`,
    );
  }
}

/**
 * Extracts the major version from the output of `java -version`
 * (`openjdk version "17.0.15" …` → 17, `java version "1.8.0_292"` → 8, `"25"` → 25, `"21-ea"` → 21).
 *
 * @returns the major version, or undefined when the text has no version string
 */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "([^"]+)"/.exec(versionOutput);
  if (!match) return undefined;
  const parts = match[1]!.split(/[.\-+_]/);
  const first = Number.parseInt(parts[0]!, 10);
  if (Number.isNaN(first)) return undefined;
  if (first === 1 && parts.length > 1) {
    const second = Number.parseInt(parts[1]!, 10);
    return Number.isNaN(second) ? undefined : second;
  }
  return first;
}

/**
 * Chooses the best candidate: the first with major 17, else the first with major 11.
 * Candidates are expected in priority order (explicit setting, JAVA_HOME, /usr/lib/jvm, PATH).
 */
export function chooseJdk(candidates: readonly JdkCandidate[]): JdkCandidate | undefined {
  for (const major of SUPPORTED_JAVA_MAJORS) {
    const found = candidates.find((c) => c.major === major);
    if (found) return found;
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function homesOnPath(env: LauncherEnv): Promise<string[]> {
  const homes: string[] = [];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, 'java')))) {
      homes.push(dirname(dirname(await realpath(join(dir, 'java')))));
    }
  }
  return homes;
}

async function homesUnderUsrLibJvm(): Promise<string[]> {
  try {
    const names = (await readdir('/usr/lib/jvm')).sort();
    return names.map((name) => join('/usr/lib/jvm', name));
  } catch {
    return [];
  }
}

async function probe(home: string, source: string): Promise<JdkCandidate> {
  const java = join(home, 'bin', 'java');
  try {
    const result = await runCommand(java, ['-version'], { timeoutMs: 30_000 });
    const text = `${result.stderr}\n${result.stdout}`.trim();
    return { home, source, major: parseJavaMajorVersion(text), description: text.split('\n')[0] ?? '' };
  } catch (error) {
    return { home, source, description: (error as Error).message };
  }
}

/**
 * Lists the distinct JDKs found in `$CQLKIT_JAVA_HOME`, `$JAVA_HOME`, `/usr/lib/jvm/*` and `java`
 * on `PATH` (in that priority order), with the version each one reports.
 */
export async function findJdkCandidates(env: LauncherEnv = process.env): Promise<JdkCandidate[]> {
  const raw: Array<[string, string]> = [];
  if (env.CQLKIT_JAVA_HOME) raw.push([env.CQLKIT_JAVA_HOME, 'CQLKIT_JAVA_HOME']);
  if (env.JAVA_HOME) raw.push([env.JAVA_HOME, 'JAVA_HOME']);
  for (const home of await homesUnderUsrLibJvm()) raw.push([home, '/usr/lib/jvm']);
  for (const home of await homesOnPath(env)) raw.push([home, 'PATH']);

  const seen = new Set<string>();
  const unique: Array<[string, string]> = [];
  for (const [home, source] of raw) {
    if (!(await isExecutable(join(home, 'bin', 'java')))) continue;
    const real = await realpath(home);
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push([real, source]);
  }
  return Promise.all(unique.map(([home, source]) => probe(home, source)));
}

/**
 * Selects the JDK to run Cassandra with. When `CQLKIT_JAVA_HOME` is set it must be a 17 or 11 JDK.
 *
 * @throws NoSuitableJdkError when none qualifies
 */
export async function selectJdk(env: LauncherEnv = process.env): Promise<SelectedJdk> {
  const candidates = await findJdkCandidates(env);
  const explicit = candidates.find((c) => c.source === 'CQLKIT_JAVA_HOME');
  const chosen = env.CQLKIT_JAVA_HOME ? explicit : chooseJdk(candidates);
  if (!chosen || chosen.major === undefined || !SUPPORTED_JAVA_MAJORS.includes(chosen.major)) {
    throw new NoSuitableJdkError(candidates, env.CQLKIT_JAVA_HOME);
  }
  return {
    home: chosen.home,
    major: chosen.major,
    javaBin: join(chosen.home, 'bin', 'java'),
    keytoolBin: join(chosen.home, 'bin', 'keytool'),
    hasJavac: await isExecutable(join(chosen.home, 'bin', 'javac')),
    description: chosen.description,
  };
}
