/**
 * What a CQL text does, for span names and low-cardinality attributes: its operation (`SELECT`,
 * `INSERT`, `CREATE TABLE`…), the table it acts on and the keyspace it names, and the
 * `db.query.summary` made of them (`SELECT shop.users`). Reads only the head of the statement
 * (comments and string literals skipped); never parses a statement fully, never throws.
 *
 * @packageDocumentation
 */

/** What {@link summarizeCql} finds in a statement. */
export interface CqlSummary {
  /** The operation as written (`SELECT`, `create table`…); undefined for an empty text. */
  readonly operation: string | undefined;
  /** The table as written (`users`, `shop.users`, `"Shop"."Users"`), when the statement has one. */
  readonly collection: string | undefined;
  /** The keyspace the text names (a qualified table, or a keyspace statement), unquoted. */
  readonly namespace: string | undefined;
  /** `{operation} {target}` (or the operation alone): a low-cardinality name of the statement. */
  readonly summary: string;
}

/** Object kinds of CREATE/ALTER/DROP, in upper case. */
const SCHEMA_OBJECTS = new Set([
  'TABLE',
  'COLUMNFAMILY',
  'KEYSPACE',
  'INDEX',
  'TYPE',
  'FUNCTION',
  'AGGREGATE',
  'ROLE',
  'USER',
  'TRIGGER',
  'VIEW',
]);
const TABLE_OBJECTS = new Set(['TABLE', 'COLUMNFAMILY', 'VIEW']);
const CACHE_LIMIT = 2000;
const cache = new Map<string, CqlSummary>();

/**
 * Summarizes one CQL statement (cached by text: prepared statements repeat theirs).
 *
 * @example
 * ```ts
 * summarizeCql('SELECT * FROM shop.users WHERE id = ?');
 * // { operation: 'SELECT', collection: 'shop.users', namespace: 'shop', summary: 'SELECT shop.users' }
 * ```
 */
export function summarizeCql(cql: string): CqlSummary {
  let summary = cache.get(cql);
  if (summary === undefined) {
    summary = summarize(new HeadScanner(cql));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cql, summary);
  }
  return summary;
}

function summarize(s: HeadScanner): CqlSummary {
  const verb = s.word();
  if (verb === undefined)
    return { operation: undefined, collection: undefined, namespace: undefined, summary: '' };
  switch (verb.toUpperCase()) {
    case 'SELECT':
    case 'DELETE':
      return table(verb, s.skipToWord('FROM') ? s.name() : undefined);
    case 'INSERT':
      return table(verb, s.skipToWord('INTO') ? s.name() : undefined);
    case 'UPDATE':
      return table(verb, s.name());
    case 'TRUNCATE':
      if (s.peekWord()?.toUpperCase() === 'TABLE') s.word();
      return table(verb, s.name());
    case 'USE': {
      const keyspace = s.name();
      return keyspaceTarget(verb, keyspace);
    }
    case 'BEGIN':
      return { operation: 'BATCH', collection: undefined, namespace: undefined, summary: 'BATCH' };
    case 'CREATE':
    case 'ALTER':
    case 'DROP':
      return schemaChange(verb, s);
    default:
      return { operation: verb, collection: undefined, namespace: undefined, summary: verb };
  }
}

/** CREATE/ALTER/DROP: `CREATE TABLE t`, `DROP KEYSPACE ks`, `CREATE INDEX ON t`… */
function schemaChange(verb: string, s: HeadScanner): CqlSummary {
  const words = [verb];
  let object: string | undefined;
  for (let next = s.peekWord(); next !== undefined; next = s.peekWord()) {
    const upper = next.toUpperCase();
    if (upper !== 'OR' && upper !== 'REPLACE' && upper !== 'CUSTOM' && upper !== 'MATERIALIZED') {
      if (SCHEMA_OBJECTS.has(upper)) {
        object = upper;
        words.push(s.word() as string);
      }
      break;
    }
    words.push(s.word() as string);
  }
  const operation = words.join(' ');
  if (object === undefined)
    return { operation, collection: undefined, namespace: undefined, summary: operation };
  s.skipIfExists();
  if (object === 'KEYSPACE') return keyspaceTarget(operation, s.name());
  if (TABLE_OBJECTS.has(object)) return table(operation, s.name());
  if (object === 'INDEX') {
    // CREATE INDEX [name] ON table; DROP INDEX name.
    return table(operation, s.skipToWord('ON') ? s.name() : undefined);
  }
  return { operation, collection: undefined, namespace: undefined, summary: operation };
}

function table(operation: string, name: QualifiedName | undefined): CqlSummary {
  if (name === undefined)
    return { operation, collection: undefined, namespace: undefined, summary: operation };
  return {
    operation,
    collection: name.text,
    namespace: name.qualifier,
    summary: `${operation} ${name.text}`,
  };
}

function keyspaceTarget(operation: string, name: QualifiedName | undefined): CqlSummary {
  if (name === undefined)
    return { operation, collection: undefined, namespace: undefined, summary: operation };
  return { operation, collection: undefined, namespace: name.last, summary: `${operation} ${name.last}` };
}

/** A possibly qualified name: its text as written, the keyspace part and the last part unquoted. */
interface QualifiedName {
  readonly text: string;
  readonly qualifier: string | undefined;
  readonly last: string;
}

/** Reads words and names from the start of a statement, skipping blanks, comments and literals. */
class HeadScanner {
  private i = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  /** The next word (letters, digits, `_`), or undefined when the next token is something else. */
  word(): string | undefined {
    this.skipBlanks();
    const start = this.i;
    while (this.i < this.text.length && isWordChar(this.text.charCodeAt(this.i))) this.i++;
    return this.i > start ? this.text.slice(start, this.i) : undefined;
  }

  peekWord(): string | undefined {
    const at = this.i;
    const word = this.word();
    this.i = at;
    return word;
  }

  /** A name (`t`, `ks.t`, `"Ks"."T"`), or undefined. */
  name(): QualifiedName | undefined {
    const first = this.part();
    if (first === undefined) return undefined;
    this.skipBlanks();
    if (this.text[this.i] !== '.') return { text: first.text, qualifier: undefined, last: first.value };
    this.i++;
    const second = this.part();
    if (second === undefined) return { text: first.text, qualifier: undefined, last: first.value };
    return { text: `${first.text}.${second.text}`, qualifier: first.value, last: second.value };
  }

  /** Skips `IF EXISTS` / `IF NOT EXISTS`. */
  skipIfExists(): void {
    if (this.peekWord()?.toUpperCase() !== 'IF') return;
    this.word();
    if (this.peekWord()?.toUpperCase() === 'NOT') this.word();
    if (this.peekWord()?.toUpperCase() === 'EXISTS') this.word();
  }

  /** Moves past the keyword `keyword` found outside parentheses; false when the text ends first. */
  skipToWord(keyword: string): boolean {
    while (this.i < this.text.length) {
      const word = this.depth === 0 ? this.word() : undefined;
      if (word !== undefined) {
        if (word.toUpperCase() === keyword) return true;
        continue;
      }
      this.skipBlanks();
      const c = this.text[this.i];
      if (c === undefined) return false;
      if (c === "'" || c === '"') this.i = this.closeQuote(c);
      else if (c === '$' && this.text[this.i + 1] === '$') this.i = this.closeDollars();
      else {
        if (c === '(') this.depth++;
        else if (c === ')') this.depth = Math.max(0, this.depth - 1);
        this.i++;
        if (this.depth > 0) this.skipWordChars();
      }
    }
    return false;
  }

  private part(): { text: string; value: string } | undefined {
    this.skipBlanks();
    if (this.text[this.i] === '"') {
      const start = this.i;
      this.i = this.closeQuote('"');
      const text = this.text.slice(start, this.i);
      return { text, value: text.slice(1, -1).replace(/""/g, '"') };
    }
    const word = this.word();
    return word === undefined ? undefined : { text: word, value: word };
  }

  private skipWordChars(): void {
    while (this.i < this.text.length && isWordChar(this.text.charCodeAt(this.i))) this.i++;
  }

  private skipBlanks(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      const next = t[this.i + 1];
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\uFEFF') this.i++;
      else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
        const eol = t.indexOf('\n', this.i);
        this.i = eol < 0 ? t.length : eol + 1;
      } else if (c === '/' && next === '*') {
        const close = t.indexOf('*/', this.i + 2);
        this.i = close < 0 ? t.length : close + 2;
      } else return;
    }
  }

  /** Offset after the quoted run starting at `this.i` (a doubled quote escapes it). */
  private closeQuote(quote: string): number {
    let at = this.i + 1;
    for (;;) {
      const close = this.text.indexOf(quote, at);
      if (close < 0) return this.text.length;
      if (this.text[close + 1] !== quote) return close + 1;
      at = close + 2;
    }
  }

  private closeDollars(): number {
    const close = this.text.indexOf('$$', this.i + 2);
    return close < 0 ? this.text.length : close + 2;
  }
}

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95
  );
}
