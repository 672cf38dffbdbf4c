/**
 * Reads a migrations directory: finds the `V…`/`U…` files, checks their names and versions,
 * splits `.cql` scripts into statements and computes checksums. Code migrations are not imported
 * here (importing runs user code); the runner imports one only when it is about to run it.
 *
 * @packageDocumentation
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { fileChecksum } from './checksum';
import { splitCql, type CqlStatement } from './cql-splitter';
import { CqlSplitError, MigrationConfigError, MigrationFileError } from './errors';
import { parseMigrationFileName, type MigrationKind } from './migration-file-name';
import { compareVersions } from './version';

/** A `U<version>__….cql` script that reverts a migration. */
export interface UndoScript {
  readonly script: string;
  readonly path: string;
  readonly statements: readonly CqlStatement[];
}

/** One migration found on disk. */
export interface Migration {
  /** Canonical version (see `canonicalVersion`). */
  readonly version: string;
  /** The description from the file name, underscores shown as spaces. */
  readonly description: string;
  /** The file name, e.g. `V3__add_email.cql`. */
  readonly script: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly kind: MigrationKind;
  /** SHA-256 of the file content (see `fileChecksum`). */
  readonly checksum: string;
  /** The statements of a `.cql` migration (empty for code migrations). */
  readonly statements: readonly CqlStatement[];
  /** The `U…` script reverting this migration, if there is one. */
  readonly undo: UndoScript | undefined;
}

/**
 * Loads the migrations of a directory (not its subdirectories), ordered by version. Files that
 * are not migrations (helpers, READMEs, `.d.ts`) are ignored; `.cql` files and `V…`/`U…` files
 * with a bad name are errors, so that nothing is silently skipped.
 *
 * @throws MigrationConfigError when the directory cannot be read.
 * @throws MigrationFileError on a misnamed file, a duplicate version, an undo file without its
 *   migration, or a `.cql` file that cannot be split (the error names the file and line).
 *
 * @example
 * ```ts
 * const migrations = await loadMigrations('migrations');
 * console.log(migrations.map((m) => `${m.version} ${m.description}`));
 * ```
 */
export async function loadMigrations(directory: string): Promise<Migration[]> {
  const dir = resolve(directory);
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => e.isFile()).map((e) => e.name);
  } catch (e) {
    throw new MigrationConfigError(
      `cannot read the migrations directory ${dir}: ${(e as Error).message}; set migrationsDir (--dir) to the folder ` +
        'holding V<version>__<description>.cql files',
      { cause: e },
    );
  }
  names.sort();

  const applies = new Map<string, Omit<Migration, 'undo'>>();
  const undos = new Map<string, UndoScript>();
  for (const name of names) {
    const parsed = parseMigrationFileName(name);
    if (parsed === undefined) continue;
    const path = join(dir, name);
    if (typeof parsed === 'string') throw new MigrationFileError(path, parsed);
    const content = await readText(path);
    const statements = parsed.kind === 'cql' ? splitFile(path, content) : [];
    const byVersion = parsed.role === 'apply' ? applies : undos;
    const existing = byVersion.get(parsed.version);
    if (existing !== undefined) {
      throw new MigrationFileError(
        path,
        `${name} and ${existing.script} both have version ${parsed.version}; every version must be unique ` +
          '(compiled .js next to .ts sources? point migrationsDir at one of them)',
      );
    }
    if (parsed.role === 'undo') {
      undos.set(parsed.version, { script: name, path, statements });
    } else {
      applies.set(parsed.version, {
        version: parsed.version,
        description: parsed.description,
        script: name,
        path,
        kind: parsed.kind,
        checksum: fileChecksum(content),
        statements,
      });
    }
  }
  for (const [version, undo] of undos) {
    if (!applies.has(version)) {
      throw new MigrationFileError(
        undo.path,
        `${undo.script} reverts version ${version}, but there is no V${version}__….cql/.ts/.js migration`,
      );
    }
  }
  return [...applies.values()]
    .map((m) => ({ ...m, undo: undos.get(m.version) }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new MigrationFileError(path, `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

function splitFile(path: string, content: string): CqlStatement[] {
  try {
    return splitCql(content);
  } catch (e) {
    if (e instanceof CqlSplitError) {
      throw new MigrationFileError(path, `${path}:${e.line}:${e.column}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
