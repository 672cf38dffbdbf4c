/**
 * Loads JavaScript and TypeScript migration modules.
 *
 * - `.js`, `.mjs`, `.cjs`: Node's own `import()`.
 * - `.ts`, `.mts`, `.cts`: through tsx's scoped `tsImport()` API (`tsx/esm/api`), looked up first
 *   from the migration's own directory (the project's `node_modules`) and then from this package.
 *   `tsImport()` registers its hooks for that one import only, so nothing leaks into the rest of
 *   the process. Without tsx, a TypeScript migration fails with a message saying to install tsx
 *   or to point `migrationsDir` at the compiled `.js` files.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { MigrationFileError } from './errors';

/**
 * Loads the module of a code migration and returns its namespace object. Replace it (option
 * `importModule`) to load migrations some other way, e.g. through a bundler or a test runner.
 *
 * @example
 * ```ts
 * const importWithRequire: ModuleImporter = async (file) => require(file);
 * ```
 */
export type ModuleImporter = (file: string) => Promise<unknown>;

const TS_EXTENSION = /\.[cm]?ts$/;

/** The tsx API this module needs. */
interface TsxEsmApi {
  tsImport(specifier: string, options: { parentURL: string } | string): Promise<unknown>;
}

/**
 * The default {@link ModuleImporter}: native `import()` for JavaScript, tsx for TypeScript.
 *
 * @throws MigrationFileError when a TypeScript file is given and tsx cannot be found, or when
 *   the module fails to load (syntax error, failing top-level code…).
 *
 * @example
 * ```ts
 * const mod = await importMigrationModule('/app/migrations/V3__backfill.ts');
 * ```
 */
export async function importMigrationModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  try {
    if (!TS_EXTENSION.test(file)) return await import(url);
    const tsx = await loadTsx(file);
    return await tsx.tsImport(url, { parentURL: url });
  } catch (e) {
    if (e instanceof MigrationFileError) throw e;
    throw new MigrationFileError(file, `cannot load ${file}: ${(e as Error).message}`, { cause: e });
  }
}

async function loadTsx(file: string): Promise<TsxEsmApi> {
  for (const from of [file, __filename]) {
    const entry = tsxEsmApiEntry(from);
    if (entry === undefined) continue;
    const api = (await import(pathToFileURL(entry).href)) as Partial<TsxEsmApi>;
    if (typeof api.tsImport === 'function') return api as TsxEsmApi;
  }
  throw new MigrationFileError(
    file,
    `cannot load the TypeScript migration ${file}: it needs tsx (npm install --save-dev tsx, version 4 or later). ` +
      'Alternatively compile the migrations to .js and point migrationsDir at the compiled files.',
  );
}

/**
 * Path of the ES-module build of `tsx/esm/api` as seen from `from`, found through tsx's own
 * package.json "exports" map (its CommonJS build cannot register the ESM hooks when imported).
 */
function tsxEsmApiEntry(from: string): string | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(from).resolve('tsx/package.json');
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, unknown> };
  const target = manifest.exports?.['./esm/api'];
  const importEntry =
    target !== null && typeof target === 'object' ? (target as { import?: unknown }).import : undefined;
  const path =
    typeof importEntry === 'string'
      ? importEntry
      : importEntry !== null && typeof importEntry === 'object'
        ? (importEntry as { default?: unknown }).default
        : undefined;
  return typeof path === 'string' ? join(dirname(manifestPath), path) : undefined;
}
