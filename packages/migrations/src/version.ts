/**
 * Migration versions: dot-separated non-negative integers (`1`, `2.1`, `20240501120000`), compared
 * part by part as numbers. `V1_1__x.cql` is version `1.1`, as in Flyway. Versions are kept in a
 * canonical text form: no leading zeros and no trailing `.0` parts, so `001`, `1.0` and `1` are the
 * same version.
 *
 * @packageDocumentation
 */
import { MigrationConfigError } from './errors';

const VERSION_TEXT = /^\d+(?:[._]\d+)*$/;

/**
 * The canonical form of a version, or `undefined` when `text` is not a version.
 *
 * @example
 * ```ts
 * canonicalVersion('001.2.0'); // '1.2'
 * canonicalVersion('1_10');    // '1.10'
 * canonicalVersion('v1');      // undefined
 * ```
 */
export function canonicalVersion(text: string): string | undefined {
  if (!VERSION_TEXT.test(text)) return undefined;
  const parts = text.split(/[._]/).map((p) => p.replace(/^0+(?=\d)/, ''));
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  return parts.join('.');
}

/**
 * Like {@link canonicalVersion} for user input (`--target`, `baseline <version>`).
 *
 * @throws MigrationConfigError naming `what` when `text` is not a version.
 *
 * @example
 * ```ts
 * parseVersion('3', '--target'); // '3'
 * ```
 */
export function parseVersion(text: string, what: string): string {
  const trimmed = text.trim().replace(/^[Vv]/, '');
  const version = canonicalVersion(trimmed);
  if (version === undefined) {
    throw new MigrationConfigError(
      `${what} must be a version such as 3, 1.2 or 20240501120000 (digits separated by dots), got '${text}'`,
    );
  }
  return version;
}

/**
 * Orders two canonical versions numerically, part by part (negative when `a` comes first).
 *
 * @example
 * ```ts
 * ['10', '9', '1.2'].sort(compareVersions); // ['1.2', '9', '10']
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    if (x.length !== y.length) return x.length - y.length;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The highest of some canonical versions, or `undefined` when there are none.
 *
 * @example
 * ```ts
 * highestVersion(['2', '10', '9']); // '10'
 * ```
 */
export function highestVersion(versions: readonly string[]): string | undefined {
  return versions.length === 0 ? undefined : [...versions].sort(compareVersions)[versions.length - 1];
}
