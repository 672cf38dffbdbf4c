/**
 * `create <description>`: writes a new, empty migration file with the next version.
 *
 * @packageDocumentation
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { MigrationConfigError } from '../errors';
import { parseMigrationFileName } from '../migration-file-name';
import { compareVersions, highestVersion } from '../version';

/** The kind of file to create: a CQL script, a TypeScript module or an ES module (`.mjs`). */
export type NewMigrationKind = 'cql' | 'ts' | 'js';

/** Options of {@link createMigration}. */
export interface CreateMigrationOptions {
  /** Folder of the migrations (created when missing). */
  readonly migrationsDir: string;
  /** What the migration does, e.g. `add email to users` (letters, digits, spaces, `-`, `_`). */
  readonly description: string;
  /** Default `cql`. */
  readonly kind?: NewMigrationKind;
  /**
   * Versioning: `next` (default) is the highest existing major version + 1; `timestamp` is the UTC
   * time as `yyyyMMddHHmmss` (fewer clashes between branches).
   */
  readonly versioning?: 'next' | 'timestamp';
  /** The clock, for `timestamp` versions (tests). */
  readonly now?: Date;
}

/** The file {@link createMigration} wrote. */
export interface CreatedMigration {
  readonly version: string;
  readonly script: string;
  readonly path: string;
}

/**
 * Creates an empty migration file.
 *
 * @throws MigrationConfigError on an empty or unusable description, an unknown kind, or when the
 *   file exists already.
 *
 * @example
 * ```ts
 * const { path } = await createMigration({ migrationsDir: 'migrations', description: 'add email to users' });
 * // migrations/V4__add_email_to_users.cql
 * ```
 */
export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration> {
  const kind = options.kind ?? 'cql';
  if (kind !== 'cql' && kind !== 'ts' && kind !== 'js') {
    throw new MigrationConfigError(`the kind of migration must be cql, ts or js, got '${String(kind)}'`);
  }
  const slug = slugOf(options.description);
  const dir = resolve(options.migrationsDir);
  await mkdir(dir, { recursive: true });
  const version =
    options.versioning === 'timestamp' ? timestampVersion(options.now ?? new Date()) : await nextVersion(dir);
  const extension = kind === 'js' ? 'mjs' : kind;
  const script = `V${version}__${slug}.${extension}`;
  const path = join(dir, script);
  try {
    await writeFile(path, template(kind, version, options.description.trim()), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new MigrationConfigError(`${path} exists already; choose another description`);
    }
    throw e;
  }
  return { version, script, path };
}

function slugOf(description: unknown): string {
  if (typeof description !== 'string') {
    throw new MigrationConfigError('the description must be text, e.g. "add email to users"');
  }
  if (/[^A-Za-z0-9 _-]/.test(description.trim())) {
    throw new MigrationConfigError(
      `the description may only hold letters, digits, spaces, '-' and '_', got '${description}'`,
    );
  }
  const slug = description
    .trim()
    .replace(/[\s-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (slug === '')
    throw new MigrationConfigError('the description must not be empty, e.g. "add email to users"');
  return slug;
}

async function nextVersion(dir: string): Promise<string> {
  const versions: string[] = [];
  for (const name of await readdir(dir)) {
    const parsed = parseMigrationFileName(name);
    if (typeof parsed === 'object') versions.push(parsed.version);
  }
  const highest = highestVersion(versions);
  if (highest === undefined) return '1';
  const major = BigInt(highest.split('.')[0] as string) + 1n;
  const next = major.toString();
  return compareVersions(next, highest) > 0 ? next : `${highest}.1`;
}

function timestampVersion(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`
  );
}

function template(kind: NewMigrationKind, version: string, description: string): string {
  if (kind === 'cql') {
    return (
      `-- V${version}: ${description}\n` +
      '-- End every statement with a semicolon. The runner waits for schema agreement after each\n' +
      '-- schema change, and a failed file resumes at its first unapplied statement once fixed.\n\n'
    );
  }
  const typed = kind === 'ts';
  const param = typed ? 'session: Session' : 'session';
  const ret = typed ? ': Promise<void>' : '';
  return (
    `// V${version}: ${description}\n` +
    (typed ? "import type { Session } from '@cqlkit/driver';\n\n" : '\n') +
    '// Code migrations re-run from the start after a failure: keep them idempotent.\n' +
    `export async function up(${param})${ret} {\n` +
    "  // await session.execute('CREATE TABLE IF NOT EXISTS …');\n" +
    '}\n\n' +
    '// Optional: lets `cqlkit-migrate down` revert this migration.\n' +
    `export async function down(${param})${ret} {\n` +
    "  // await session.execute('DROP TABLE IF EXISTS …');\n" +
    '}\n'
  );
}
