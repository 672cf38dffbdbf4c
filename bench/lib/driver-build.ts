/**
 * Builds the cqlkit code the workers measure: `driver-entry.ts` bundled by esbuild into one
 * CommonJS file, as plain JavaScript like the published package (tsc output) and like
 * cassandra-driver.
 *
 * Why not run the sources through tsx, as the rest of the harness does: tsx compiles TypeScript
 * with esbuild's `keepNames`, which wraps every named function expression in a
 * `__name(fn, "name")` call (an `Object.defineProperty` on each closure created). That code does
 * not exist in the shipped package; on the request path it cost about 1 µs per operation
 * (≈ 20% of the client CPU of a prepared INSERT against the stub). `--from-source` keeps the
 * old behaviour.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The part of esbuild's API used here. */
interface Esbuild {
  buildSync(options: Record<string, unknown>): unknown;
}

/** esbuild as tsx (a dev dependency of the repository) ships it: no dependency of our own. */
function esbuild(): Esbuild {
  const fromTsx = createRequire(require.resolve('tsx'));
  return fromTsx('esbuild') as Esbuild;
}

/** Environment variable through which workers learn where the built driver is. */
export const BUILT_DRIVER_ENV = 'CQLKIT_BENCH_DRIVER';

/**
 * Bundles `bench/lib/driver-entry.ts` into `bench/dist/driver.cjs` (git-ignored) and returns the
 * path. Native compression modules stay external (resolved from the repository's node_modules);
 * `long` is bundled from the driver's own dependency. Type errors do not stop the build.
 */
export function buildDriver(repoRoot: string): string {
  const outfile = join(repoRoot, 'bench', 'dist', 'driver.cjs');
  esbuild().buildSync({
    entryPoints: [join(repoRoot, 'bench', 'lib', 'driver-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['lz4-napi', 'snappy'],
    keepNames: false,
    minify: false,
    sourcemap: false,
    logLevel: 'error',
  });
  return outfile;
}
