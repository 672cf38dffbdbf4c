/**
 * `cqlkit-cassandra build-image`: builds, without any image registry, a local Docker image that
 * runs Cassandra like the official `cassandra:5.0` image does — a Debian root file system made by
 * debootstrap with a JRE 17, plus the Maven jars the jar engine resolves — and loads it with
 * `docker import`. The image is tagged with the digest of its inputs (Debian suite and packages,
 * the jars' contents, this recipe), so a second build with the same inputs reuses it; the root file
 * system is cached as a tarball by the digest of its own inputs. Holds no container handling.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  cacheRoot,
  cassandraVersion,
  cassandraVersionDir,
  type LauncherEnv,
  pathExists,
} from '../config/paths';
import { selectJdk } from '../jars/jdk';
import { ensureCassandraJars } from '../jars/maven-resolver';
import { CommandNotFoundError, describeFailure, runCommand } from '../run-command';
import { TestingError, type TestingErrorCode } from '../errors';

/** Bumped whenever the recipe below changes what ends up in the image. */
export const IMAGE_RECIPE_VERSION = 1;
/** Debian release of the root file system (OpenJDK 17 is its default JRE). */
export const DEBIAN_SUITE = 'bookworm';
/** Debian packages installed on top of the minimal base. */
export const IMAGE_PACKAGES: readonly string[] = ['openjdk-17-jre-headless'];
/** Repository of the locally built images; the tag is `<version>-<digest>`. */
export const LOCAL_IMAGE_REPOSITORY = 'cqlkit/cassandra';
/** Where the jars live inside the image (the official image's place for them). */
export const IMAGE_LIB_DIR = '/opt/cassandra/lib';
/** The JRE's java inside the image. */
export const IMAGE_JAVA = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';

/** Raised when the image cannot be built; the message says what is missing. */
export class ImageBuildError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_IMAGE_BUILD';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Options of {@link ensureLocalImage}. */
export interface ImageBuildOptions {
  /** Cassandra version (default `$CQLKIT_CASSANDRA_VERSION` or the launcher's default). */
  readonly version?: string;
  readonly env?: LauncherEnv;
  readonly log?: (message: string) => void;
}

/** Result of {@link ensureLocalImage}. */
export interface LocalImage {
  /** `cqlkit/cassandra:<version>-<digest>`. */
  readonly tag: string;
  /** Digest (hex) of every input of the image. */
  readonly digest: string;
  readonly cassandraVersion: string;
  /** Path of the jars inside the image. */
  readonly libDir: string;
  /** File name of the jamm jar (the daemon's `-javaagent`), when the jars have one. */
  readonly jammJar?: string;
  /** True when this call built it; false when an image with the same digest existed. */
  readonly built: boolean;
  /** True when the root file system came from the cache (no debootstrap). */
  readonly rootfsCached: boolean;
  readonly elapsedMs: number;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Digest of the root file system's inputs (suite, packages, recipe); the mirror does not count. */
export function rootfsDigest(): string {
  return createHash('sha256')
    .update(JSON.stringify({ recipe: IMAGE_RECIPE_VERSION, suite: DEBIAN_SUITE, packages: IMAGE_PACKAGES }))
    .digest('hex');
}

/**
 * Digest of the whole image: the root file system's digest, the version and every jar by name and
 * content.
 */
export function imageDigest(
  rootfs: string,
  version: string,
  jars: ReadonlyArray<readonly [string, string]>,
): string {
  const sorted = [...jars].sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify({ rootfs, version, jars: sorted }))
    .digest('hex');
}

/**
 * The Debian mirror debootstrap downloads from: `$CQLKIT_DEBIAN_MIRROR`, else the first `deb`
 * URI of this machine's apt configuration (the mirror apt already reaches).
 *
 * @throws ImageBuildError when neither is set
 */
export async function debianMirror(env: LauncherEnv = process.env): Promise<string> {
  if (env.CQLKIT_DEBIAN_MIRROR) return env.CQLKIT_DEBIAN_MIRROR;
  const sources: string[] = [];
  const dir = '/etc/apt/sources.list.d';
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    if (name.endsWith('.sources') || name.endsWith('.list')) sources.push(join(dir, name));
  }
  sources.push('/etc/apt/sources.list');
  for (const path of sources) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const mirror = parseAptMirror(text);
    if (mirror) return mirror;
  }
  throw new ImageBuildError(
    'no Debian mirror found in /etc/apt (sources.list or sources.list.d); set CQLKIT_DEBIAN_MIRROR to one',
  );
}

/**
 * The first main-archive mirror of an apt sources text (deb822 `URIs:` or one-line `deb URI`);
 * security and update archives are skipped.
 */
export function parseAptMirror(text: string): string | undefined {
  const candidates: string[] = [];
  for (const line of text.split('\n')) {
    const deb822 = /^\s*URIs:\s*(\S+)/i.exec(line);
    const oneLine = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (deb822) candidates.push(deb822[1]!);
    else if (oneLine && !oneLine[2]!.includes('security')) candidates.push(oneLine[1]!);
  }
  return candidates.find((uri) => /^https?:\/\//.test(uri) && !/security/.test(uri));
}

async function run(
  file: string,
  args: readonly string[],
  what: string,
  timeoutMs = 30 * 60_000,
): Promise<string> {
  let result;
  try {
    result = await runCommand(file, args, { timeoutMs });
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new ImageBuildError(`${what} needs ${file}, which was not found: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  if (result.code !== 0) throw new ImageBuildError(describeFailure(`${file} ${args.join(' ')}`, result));
  return result.stdout;
}

/** Whether the Docker engine has an image with this tag. */
export async function imageExists(tag: string): Promise<boolean> {
  const result = await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], {
    timeoutMs: 60_000,
  });
  return result.code === 0;
}

async function buildRootfsTarball(tarball: string, mirror: string, log: (m: string) => void): Promise<void> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new ImageBuildError(
      'building the root file system needs root (debootstrap); run cqlkit-cassandra build-image as root once, ' +
        'or use an image from a registry (CQLKIT_CASSANDRA_IMAGE=cassandra:5.0)',
    );
  }
  const work = `${tarball}.work-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    log(`debootstrap ${DEBIAN_SUITE} (minbase + ${IMAGE_PACKAGES.join(', ')}) from ${mirror}…`);
    await run(
      'debootstrap',
      ['--variant=minbase', `--include=${IMAGE_PACKAGES.join(',')}`, DEBIAN_SUITE, work, mirror],
      'building the image (apt-get install debootstrap)',
    );
    // Package caches are not part of the image.
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      for (const name of await readdir(join(work, dir)).catch(() => [] as string[])) {
        if (name !== 'partial' && name !== 'lock')
          await rm(join(work, dir, name), { recursive: true, force: true });
      }
    }
    const partial = `${tarball}.partial-${process.pid}`;
    await run('tar', ['--numeric-owner', '-C', work, '-cf', partial, '.'], 'packing the root file system');
    await rename(partial, tarball);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Returns the local image for the Cassandra version, building it when no image with the digest of
 * its inputs exists: resolves the jars (Maven, as the jar engine does), makes or reuses the
 * Debian root file system, appends the jars and imports the result with `docker import`.
 *
 * @throws ImageBuildError when Docker, debootstrap, root rights, Maven or a JDK is missing
 */
export async function ensureLocalImage(options: ImageBuildOptions = {}): Promise<LocalImage> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const version = options.version ?? cassandraVersion(env);
  const jdk = await selectJdk(env);
  const libDir = await ensureCassandraJars({
    version,
    versionDir: cassandraVersionDir(version, env),
    javaHome: jdk.home,
    log,
  });
  const jarNames = (await readdir(libDir)).filter((name) => name.endsWith('.jar')).sort();
  const jars = await Promise.all(
    jarNames.map(async (name) => [name, await sha256File(join(libDir, name))] as const),
  );
  const rootfs = rootfsDigest();
  const digest = imageDigest(rootfs, version, jars);
  const tag = `${LOCAL_IMAGE_REPOSITORY}:${version}-${digest.slice(0, 12)}`;
  const jamm = jarNames.find((name) => /^jamm-[\d.]+\.jar$/.test(name));
  const result = (built: boolean, rootfsCached: boolean): LocalImage => ({
    tag,
    digest,
    cassandraVersion: version,
    libDir: IMAGE_LIB_DIR,
    ...(jamm ? { jammJar: `${IMAGE_LIB_DIR}/${jamm}` } : {}),
    built,
    rootfsCached,
    elapsedMs: Date.now() - started,
  });
  if (await imageExists(tag)) return result(false, true);

  const imagesDir = join(cacheRoot(env), 'images');
  await mkdir(imagesDir, { recursive: true });
  const tarball = join(imagesDir, `rootfs-${DEBIAN_SUITE}-${rootfs.slice(0, 16)}.tar`);
  const rootfsCached = await pathExists(tarball);
  if (!rootfsCached) await buildRootfsTarball(tarball, await debianMirror(env), log);
  else log(`reusing the cached root file system ${tarball}`);

  // The image tarball = the root file system + opt/cassandra/lib/*.jar appended.
  const stage = join(imagesDir, `stage-${process.pid}`);
  const imageTar = join(imagesDir, `image-${process.pid}.tar`);
  await rm(stage, { recursive: true, force: true });
  try {
    const stagedLib = join(stage, IMAGE_LIB_DIR.slice(1));
    await mkdir(stagedLib, { recursive: true });
    await run('cp', ['-p', ...jarNames.map((name) => join(libDir, name)), stagedLib], 'staging the jars');
    await writeFile(
      join(stage, 'opt', 'cassandra', 'cqlkit-image.json'),
      JSON.stringify({ version, digest }) + '\n',
    );
    await run('cp', [tarball, imageTar], 'copying the root file system');
    // `./opt/cassandra` only: the root file system already has `./opt/`, and Docker refuses a tar
    // with the same path twice.
    await run(
      'tar',
      ['--numeric-owner', '--owner=0', '--group=0', '-C', stage, '-rf', imageTar, './opt/cassandra'],
      'adding the jars',
    );
    log(`docker import → ${tag}`);
    await run(
      'docker',
      [
        'import',
        '--change',
        `LABEL cqlkit.inputs-digest=${digest} cqlkit.cassandra-version=${version}`,
        '--change',
        'ENV LANG=C.UTF-8',
        '--change',
        `ENTRYPOINT ["${IMAGE_JAVA}"]`,
        imageTar,
        tag,
      ],
      'loading the image (a running Docker engine)',
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
    await rm(imageTar, { force: true });
  }
  return result(true, rootfsCached);
}
