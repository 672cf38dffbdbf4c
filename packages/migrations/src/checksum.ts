/**
 * Checksums of migration files and of single statements (SHA-256, hex). File content is
 * normalized first (BOM removed, CRLF → LF) so a checkout on another OS keeps the checksum.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

import { tokenizeCql } from './cql-tokenizer';

/**
 * Checksum of a migration file's content.
 *
 * @example
 * ```ts
 * fileChecksum('CREATE TABLE t (id int PRIMARY KEY);\r\n') === fileChecksum('CREATE TABLE t (id int PRIMARY KEY);\n'); // true
 * ```
 */
export function fileChecksum(content: string): string {
  const normalized = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

/**
 * Checksum of one statement's tokens: insensitive to layout and comments, sensitive to
 * everything else (string contents included). Stored for every applied statement so that a
 * failed migration only resumes if what it applied is unchanged.
 *
 * @example
 * ```ts
 * statementChecksum('CREATE TABLE t -- users\n  (id int PRIMARY KEY)') ===
 *   statementChecksum('CREATE TABLE t (id int PRIMARY KEY)'); // true
 * ```
 */
export function statementChecksum(cql: string): string {
  const hash = createHash('sha256');
  for (const token of tokenizeCql(cql))
    hash.update(cql.slice(token.start, token.end), 'utf8').update('\u0000');
  return hash.digest('hex');
}
