/**
 * CQL type text as written in DDL and stored in `system_schema` (`frozen<map<text, int>>`).
 *
 * @packageDocumentation
 */
import { markFrozen, parseClassName } from './class-name';
import { MAX_TYPE_DEPTH, type DataType, type NativeTypeName, type UdtDataType } from './data-type';
import { TypeParseError } from './type-parse-error';

/**
 * Looks up a user-defined type by name (already unquoted and case-normalized) and, when the text
 * qualified it, keyspace. Returns `undefined` for an unknown type.
 */
export type UdtResolver = (name: string, keyspace?: string) => UdtDataType | undefined;

const NATIVE_NAMES: ReadonlyMap<string, NativeTypeName> = new Map<string, NativeTypeName>([
  ['ascii', 'ascii'],
  ['bigint', 'bigint'],
  ['blob', 'blob'],
  ['boolean', 'boolean'],
  ['counter', 'counter'],
  ['date', 'date'],
  ['decimal', 'decimal'],
  ['double', 'double'],
  ['duration', 'duration'],
  ['float', 'float'],
  ['inet', 'inet'],
  ['int', 'int'],
  ['smallint', 'smallint'],
  ['text', 'text'],
  ['varchar', 'text'],
  ['time', 'time'],
  ['timestamp', 'timestamp'],
  ['timeuuid', 'timeuuid'],
  ['tinyint', 'tinyint'],
  ['uuid', 'uuid'],
  ['varint', 'varint'],
]);

/**
 * Parses CQL type text: native types (case-insensitive, `varchar` → text), `list`, `set`, `map`,
 * `tuple`, `vector<T, n>`, `frozen<…>` (marks the collection or UDT frozen), custom types as a
 * quoted class name (`'org.apache…'`), and user-defined types by name, quoted (`"MyType"`, case
 * kept) or not (lower-cased), optionally keyspace-qualified, looked up through `resolveUdt`.
 * Parameterized types nest at most 64 deep.
 *
 * @example
 * ```ts
 * parseTypeString('frozen<map<text, frozen<list<int>>>>');
 * // { kind: 'map', key: { kind: 'text' }, value: { kind: 'list', element: { kind: 'int' }, frozen: true }, frozen: true }
 * parseTypeString('vector<float, 3>'); // { kind: 'vector', element: { kind: 'float' }, dimension: 3 }
 * parseTypeString('frozen<address>', (name) => udts.get(name));
 * ```
 * @throws TypeParseError on malformed text or an unresolvable UDT name.
 */
export function parseTypeString(cql: string, resolveUdt?: UdtResolver): DataType {
  const parser = new TypeStringParser(cql, resolveUdt);
  const type = parser.parseType();
  parser.expectEnd();
  return type;
}

type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string };

class TypeStringParser {
  private readonly tokens: Token[];
  private index = 0;
  /** Parameterized types currently open; bounded so that hostile text cannot overflow the stack. */
  private depth = 0;

  constructor(
    private readonly input: string,
    private readonly resolveUdt: UdtResolver | undefined,
  ) {
    this.tokens = this.tokenize();
  }

  parseType(): DataType {
    const token = this.next('a type');
    if (token.kind === 'string') return this.parseCustom(token.text);
    if (token.kind !== 'ident') this.fail(`unexpected "${token.text}"`);
    if (token.quoted) return this.resolve(token.text);
    const lower = token.text.toLowerCase();
    const native = NATIVE_NAMES.get(lower);
    if (native !== undefined && !this.peekIs('.')) return { kind: native };
    if (!this.peekIs('<')) return this.resolve(lower);
    this.expect('<');
    if (this.depth >= MAX_TYPE_DEPTH) this.fail(`types nested deeper than ${MAX_TYPE_DEPTH}`);
    this.depth++;
    const type = this.parseParameterized(lower);
    this.depth--;
    this.expect('>');
    return type;
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token !== undefined) this.fail(`unexpected "${token.text}"`);
  }

  /** The inside of `name<…>`. */
  private parseParameterized(name: string): DataType {
    switch (name) {
      case 'frozen':
        return markFrozen(this.parseType());
      case 'list':
      case 'set':
        return { kind: name, element: this.parseType() };
      case 'map': {
        const key = this.parseType();
        this.expect(',');
        return { kind: 'map', key, value: this.parseType() };
      }
      case 'tuple': {
        const elements = [this.parseType()];
        while (this.peekIs(',')) {
          this.index++;
          elements.push(this.parseType());
        }
        return { kind: 'tuple', elements };
      }
      case 'vector': {
        const element = this.parseType();
        this.expect(',');
        const dim = this.next('a dimension');
        const dimension = Number(dim.text);
        if (dim.kind !== 'number' || !Number.isSafeInteger(dimension) || dimension < 1) {
          this.fail(`invalid vector dimension "${dim.text}"`);
        }
        return { kind: 'vector', element, dimension };
      }
      default:
        return this.fail(`unknown parameterized type "${name}"`);
    }
  }

  private parseCustom(className: string): DataType {
    try {
      return parseClassName(className);
    } catch (e) {
      if (e instanceof TypeParseError) this.fail(e.message);
      throw e;
    }
  }

  /** A UDT name, possibly `keyspace.name`. */
  private resolve(first: string): DataType {
    let keyspace: string | undefined;
    let name = first;
    if (this.peekIs('.')) {
      this.index++;
      const second = this.next('a type name');
      if (second.kind !== 'ident') this.fail(`unexpected "${second.text}"`);
      keyspace = first;
      name = second.quoted ? second.text : second.text.toLowerCase();
    }
    const shown = keyspace === undefined ? name : `${keyspace}.${name}`;
    if (this.resolveUdt === undefined) {
      this.fail(`unknown type "${shown}" (user-defined types need a resolver)`);
    }
    const udt = this.resolveUdt(name, keyspace);
    if (udt === undefined) this.fail(`unknown type "${shown}"`);
    return udt;
  }

  private next(what: string): Token {
    const token = this.tokens[this.index++];
    if (token === undefined) this.fail(`expected ${what} at the end`);
    return token;
  }

  private peekIs(punct: string): boolean {
    const token = this.tokens[this.index];
    return token !== undefined && token.kind === 'punct' && token.text === punct;
  }

  private expect(punct: string): void {
    const token = this.next(`"${punct}"`);
    if (token.kind !== 'punct' || token.text !== punct) this.fail(`expected "${punct}", got "${token.text}"`);
  }

  private tokenize(): Token[] {
    const tokens: Token[] = [];
    const s = this.input;
    let i = 0;
    while (i < s.length) {
      const c = s[i] as string;
      if (/\s/.test(c)) {
        i++;
      } else if ('<>,.'.includes(c)) {
        tokens.push({ kind: 'punct', text: c });
        i++;
      } else if (c === '"' || c === "'") {
        const [text, after] = this.readQuoted(i, c);
        tokens.push(c === '"' ? { kind: 'ident', text, quoted: true } : { kind: 'string', text });
        i = after;
      } else {
        const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+))/.exec(s.slice(i));
        if (m === null) this.fail(`unexpected character "${c}"`);
        tokens.push(
          m[1] !== undefined ? { kind: 'ident', text: m[1], quoted: false } : { kind: 'number', text: m[0] },
        );
        i += m[0].length;
      }
    }
    return tokens;
  }

  /** Text of a `"…"` or `'…'` token starting at `start` (doubled quotes unescaped) and the index after it. */
  private readQuoted(start: number, quote: string): [string, number] {
    let text = '';
    let i = start + 1;
    for (;;) {
      const end = this.input.indexOf(quote, i);
      if (end < 0) this.fail('unterminated quoted name');
      text += this.input.slice(i, end);
      if (this.input[end + 1] !== quote) return [text, end + 1];
      text += quote;
      i = end + 2;
    }
  }

  private fail(message: string): never {
    throw new TypeParseError(`cannot parse type "${this.input}": ${message}`, this.input);
  }
}
