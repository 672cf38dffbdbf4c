/**
 * A CQL tokenizer that knows just enough of the lexical grammar to find statement boundaries:
 * comments (`--`, `//`, `/* … *\/`), string literals (`'…'` with `''` escapes and `$$…$$`),
 * quoted identifiers (`"…"` with `""` escapes), words, `;` and any other character.
 *
 * @packageDocumentation
 */
import { CqlSplitError } from './errors';

/** Kinds of tokens. Whitespace and comments are skipped, never returned. */
export type CqlTokenKind = 'word' | 'string' | 'quoted-name' | 'semicolon' | 'symbol';

/** One token, with its position in the source. */
export interface CqlToken {
  readonly kind: CqlTokenKind;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
}

/**
 * Converts offsets of a text to 1-based line and column numbers.
 *
 * @example
 * ```ts
 * new LineIndex('a\nb').position(2); // { line: 2, column: 1 }
 * ```
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Line and column (both 1-based) of `offset`. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 };
  }
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;

/**
 * Yields the tokens of `source` in order.
 *
 * @throws CqlSplitError naming the line and column of an unterminated string, quoted identifier,
 *   `$$` body or block comment.
 *
 * @example
 * ```ts
 * [...tokenizeCql("SELECT ';' FROM t;")].map((t) => t.kind); // ['word', 'string', 'word', 'word', 'semicolon']
 * ```
 */
export function* tokenizeCql(source: string, lines = new LineIndex(source)): Generator<CqlToken> {
  const n = source.length;
  let i = 0;
  const fail = (what: string, at: number): never => {
    const { line, column } = lines.position(at);
    throw new CqlSplitError(
      `${what} starting at line ${line}, column ${column} is never closed`,
      line,
      column,
    );
  };
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
    } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) fail('a /* comment', i);
      i = close + 2;
    } else if (c === "'" || c === '"') {
      const end = closeDoubledQuote(source, i, c);
      if (end < 0) fail(c === "'" ? 'a string literal' : 'a quoted identifier', i);
      yield { kind: c === "'" ? 'string' : 'quoted-name', start: i, end };
      i = end;
    } else if (c === '$' && next === '$') {
      const close = source.indexOf('$$', i + 2);
      if (close < 0) fail('a $$ string', i);
      yield { kind: 'string', start: i, end: close + 2 };
      i = close + 2;
    } else if (c === ';') {
      yield { kind: 'semicolon', start: i, end: i + 1 };
      i++;
    } else if (WORD_START.test(c)) {
      const start = i;
      while (i < n && WORD_PART.test(source[i] as string)) i++;
      yield { kind: 'word', start, end: i };
    } else {
      yield { kind: 'symbol', start: i, end: i + 1 };
      i++;
    }
  }
}

/** End offset (after the closing quote) of a quoted run where a doubled quote escapes it, or -1. */
function closeDoubledQuote(source: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < source.length) {
    const close = source.indexOf(quote, i);
    if (close < 0) return -1;
    if (source[close + 1] === quote) {
      i = close + 2;
      continue;
    }
    return close + 1;
  }
  return -1;
}
