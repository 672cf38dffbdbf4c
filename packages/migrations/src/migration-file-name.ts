/**
 * Names of migration files: `V<version>__<description>.<ext>` applies a migration and
 * `U<version>__<description>.cql` reverts (undoes) version `<version>`. Extensions: `.cql` for
 * CQL scripts, `.ts`/`.mts`/`.cts`/`.js`/`.mjs`/`.cjs` for code migrations.
 *
 * @packageDocumentation
 */
import { canonicalVersion } from './version';

/** How a migration is written: a CQL script or a JavaScript/TypeScript module. */
export type MigrationKind = 'cql' | 'code';

/** What a migration file name says. */
export interface MigrationFileName {
  /** `apply` for `V…` files, `undo` for `U…` files. */
  readonly role: 'apply' | 'undo';
  /** Canonical version (see {@link canonicalVersion}). */
  readonly version: string;
  /** The description, underscores shown as spaces. */
  readonly description: string;
  readonly kind: MigrationKind;
}

const CODE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
const NAME = /^([VU])(\d+(?:[._]\d+)*)__(.+)\.(cql|ts|mts|cts|js|mjs|cjs)$/;

/** Whether a file name has an extension a migration may have (declaration files excluded). */
export function hasMigrationExtension(fileName: string): boolean {
  if (/\.d\.[cm]?ts$/.test(fileName)) return false;
  return fileName.endsWith('.cql') || CODE_EXTENSIONS.some((e) => fileName.endsWith(e));
}

/**
 * Parses a migration file name.
 *
 * @returns the parsed name; `undefined` for a file that is not a migration (helpers, READMEs);
 *   or a string saying why a file that looks like a migration is misnamed.
 *
 * @example
 * ```ts
 * parseMigrationFileName('V2_1__add_email.cql'); // { role: 'apply', version: '2.1', description: 'add email', kind: 'cql' }
 * parseMigrationFileName('helpers.ts');          // undefined
 * parseMigrationFileName('V2_add.cql');          // "… must be named V<version>__<description>.cql …"
 * ```
 */
export function parseMigrationFileName(fileName: string): MigrationFileName | string | undefined {
  if (!hasMigrationExtension(fileName)) return undefined;
  const match = NAME.exec(fileName);
  if (match) {
    const [, prefix, versionText, description, extension] = match as unknown as [
      string,
      'V' | 'U',
      string,
      string,
      string,
    ];
    const version = canonicalVersion(versionText) as string;
    const kind: MigrationKind = extension === 'cql' ? 'cql' : 'code';
    if (prefix === 'U' && kind !== 'cql') {
      return `${fileName}: undo files (U…) are .cql scripts; a code migration reverts itself with an exported down(session)`;
    }
    return {
      role: prefix === 'V' ? 'apply' : 'undo',
      version,
      description: description.replace(/_/g, ' '),
      kind,
    };
  }
  const looksLikeMigration = /^[VU]\d/.test(fileName);
  if (looksLikeMigration || fileName.endsWith('.cql')) {
    return (
      `${fileName}: a migration must be named V<version>__<description>.cql (or .ts/.js), ` +
      'with two underscores after the version, e.g. V3__add_email.cql'
    );
  }
  return undefined;
}
