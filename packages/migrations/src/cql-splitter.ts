/**
 * Splits the text of a `.cql` migration into statements with a real tokenizer, never with
 * `split(';')`: a `;` inside a comment, a string, a quoted identifier or a `$$` function body
 * does not end a statement, and `BEGIN … APPLY BATCH` (or `BEGIN TRANSACTION … COMMIT
 * TRANSACTION`) stays one statement.
 *
 * @packageDocumentation
 */
import { CqlSplitError } from './errors';
import { LineIndex, tokenizeCql, type CqlToken } from './cql-tokenizer';

/** One statement of a `.cql` file. */
export interface CqlStatement {
  /** The statement's text, without the terminating `;` and without comments before it. */
  readonly cql: string;
  /** 1-based line of the statement's first token. */
  readonly line: number;
  /** 1-based column of the statement's first token. */
  readonly column: number;
  /** The statement's first word in upper case (`CREATE`, `INSERT`, `BEGIN`…). */
  readonly keyword: string;
}

/** Words that close a `BEGIN …` block, by the word that follows `BEGIN`'s block kind. */
const BLOCK_CLOSERS: readonly (readonly [string, string])[] = [
  ['APPLY', 'BATCH'],
  ['COMMIT', 'TRANSACTION'],
];

/**
 * Splits CQL source into its statements, in order. Empty statements (`;;`) and comment-only
 * text are dropped.
 *
 * @throws CqlSplitError on an unterminated string, quoted identifier, `$$` body, block comment,
 *   or a `BEGIN BATCH` without `APPLY BATCH`.
 *
 * @example
 * ```ts
 * splitCql(`
 *   -- users; the first table
 *   CREATE TABLE users (id uuid PRIMARY KEY, note text);
 *   INSERT INTO users (id, note) VALUES (uuid(), 'a;b');
 * `).map((s) => s.keyword); // ['CREATE', 'INSERT']
 * ```
 */
export function splitCql(source: string): CqlStatement[] {
  const lines = new LineIndex(source);
  const statements: CqlStatement[] = [];
  let first: CqlToken | undefined;
  let last: CqlToken | undefined;
  let inBlock = false;
  let blockClosed = false;
  let previousWord = '';

  const finish = (): void => {
    if (first === undefined || last === undefined) return;
    if (inBlock && !blockClosed) {
      const { line, column } = lines.position(first.start);
      throw new CqlSplitError(
        `the BEGIN block starting at line ${line}, column ${column} has no closing APPLY BATCH (or COMMIT TRANSACTION)`,
        line,
        column,
      );
    }
    const { line, column } = lines.position(first.start);
    const keyword = first.kind === 'word' ? source.slice(first.start, first.end).toUpperCase() : '';
    statements.push({ cql: source.slice(first.start, last.end), line, column, keyword });
    first = undefined;
    last = undefined;
    inBlock = false;
    blockClosed = false;
    previousWord = '';
  };

  for (const token of tokenizeCql(source, lines)) {
    if (token.kind === 'semicolon' && (!inBlock || blockClosed)) {
      finish();
      continue;
    }
    if (first === undefined) {
      first = token;
      inBlock = token.kind === 'word' && source.slice(token.start, token.end).toUpperCase() === 'BEGIN';
    }
    last = token;
    if (token.kind === 'word') {
      const word = source.slice(token.start, token.end).toUpperCase();
      if (inBlock && BLOCK_CLOSERS.some(([a, b]) => previousWord === a && word === b)) blockClosed = true;
      previousWord = word;
    } else {
      previousWord = '';
    }
  }
  finish();
  return statements;
}

/**
 * Whether a statement changes the schema (CREATE / ALTER / DROP of anything), so the runner
 * awaits schema agreement after it even when the server's reply carries no schema-change event.
 *
 * @example
 * ```ts
 * isSchemaStatement(splitCql('ALTER TABLE t ADD c int')[0]!); // true
 * ```
 */
export function isSchemaStatement(statement: Pick<CqlStatement, 'keyword'>): boolean {
  return statement.keyword === 'CREATE' || statement.keyword === 'ALTER' || statement.keyword === 'DROP';
}
