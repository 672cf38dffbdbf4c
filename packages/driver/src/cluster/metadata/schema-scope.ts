/**
 * What a schema refresh covers, and how to run the queries that load it.
 *
 * @packageDocumentation
 */
import type { SchemaChange } from '../../protocol/messages';

/**
 * Runs one CQL query (on the control connection) and returns all its rows, decoded the driver's
 * normal way (maps as `Map`, sets and lists as arrays, `uuid` as `Uuid`, `blob` as `Buffer`), as
 * plain objects keyed by column name.
 *
 * @example
 * ```ts
 * const query: SchemaQuery = (cql, params) =>
 *   session.execute(cql, params ?? [], { paging: false }).then((rs) => rs.rows);
 * ```
 */
export type SchemaQuery = (cql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * What to load or refresh: the whole schema, one keyspace (with everything in it), or one element
 * of a keyspace. `table` covers a table or a materialized view of that name, with its indexes.
 * Functions and aggregates are identified by name and argument types (CQL type text as the server
 * reports them, e.g. `frozen<tuple<int, bigint>>`; `frozen<…>` and spacing are ignored).
 *
 * @example
 * ```ts
 * const scope: SchemaScope = { kind: 'table', keyspace: 'shop', table: 'orders' };
 * ```
 */
export type SchemaScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'keyspace'; readonly keyspace: string }
  | { readonly kind: 'table'; readonly keyspace: string; readonly table: string }
  | { readonly kind: 'type'; readonly keyspace: string; readonly type: string }
  | {
      readonly kind: 'function';
      readonly keyspace: string;
      readonly name: string;
      readonly argTypes: readonly string[];
    }
  | {
      readonly kind: 'aggregate';
      readonly keyspace: string;
      readonly name: string;
      readonly argTypes: readonly string[];
    };

/**
 * The refresh scope of a schema change (a SCHEMA_CHANGE event or a schema-altering statement's
 * result): the keyspace, table (or view), type, function or aggregate it names.
 *
 * @example
 * ```ts
 * schemaScopeOf({ change: 'CREATED', target: 'TABLE', keyspace: 'shop', name: 'orders' });
 * // { kind: 'table', keyspace: 'shop', table: 'orders' }
 * ```
 */
export function schemaScopeOf(change: SchemaChange): SchemaScope {
  switch (change.target) {
    case 'KEYSPACE':
      return { kind: 'keyspace', keyspace: change.keyspace };
    case 'TABLE':
      return { kind: 'table', keyspace: change.keyspace, table: change.name };
    case 'TYPE':
      return { kind: 'type', keyspace: change.keyspace, type: change.name };
    case 'FUNCTION':
      return { kind: 'function', keyspace: change.keyspace, name: change.name, argTypes: change.argTypes };
    case 'AGGREGATE':
      return { kind: 'aggregate', keyspace: change.keyspace, name: change.name, argTypes: change.argTypes };
  }
}

/**
 * The key of a function or aggregate overload in {@link KeyspaceMetadata.functions} and
 * `aggregates`: `name(type,type,…)`, each argument type without whitespace, `frozen<…>` wrappers
 * and keyspace qualifiers, case kept. This makes the spellings of `system_schema`
 * (`frozen<tuple<int, bigint>>`, `address`) and of schema change events (`tuple<int, bigint>`,
 * `ks.address`) give the same key; nothing is lost, as a function argument cannot be declared
 * frozen and can only use user types of its own keyspace.
 *
 * @example
 * ```ts
 * functionSignature('avg_state', ['frozen<tuple<int, bigint>>', 'int']); // 'avg_state(tuple<int,bigint>,int)'
 * functionSignature('avg_state', ['tuple<int, bigint>', 'int']);         // the same
 * functionSignature('f', ['shop.address']);                              // 'f(address)'
 * ```
 */
export function functionSignature(name: string, argTypes: readonly string[]): string {
  return `${name}(${argTypes.map(signatureTypeText).join(',')})`;
}

/** A type's text without whitespace, `frozen<…>` wrappers and `keyspace.` qualifiers. */
function signatureTypeText(type: string): string {
  const kept: string[] = [];
  // For each open '<': whether it opened a dropped `frozen<`.
  const opened: boolean[] = [];
  for (const token of typeTokens(type)) {
    if (token === '<') {
      const frozen = kept.length > 0 && kept[kept.length - 1]?.toLowerCase() === 'frozen';
      if (frozen) kept.pop();
      else kept.push(token);
      opened.push(frozen);
    } else if (token === '>') {
      if (opened.pop() !== true) kept.push(token);
    } else if (token === '.') {
      kept.pop(); // the keyspace qualifier
    } else {
      kept.push(token);
    }
  }
  return kept.join('');
}

/** Splits type text into quoted runs, words and punctuation, dropping whitespace. */
function typeTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      const end = closingQuote(text, i);
      tokens.push(text.slice(i, end + 1));
      i = end + 1;
    } else if (/\s/.test(c)) {
      i++;
    } else if ('<>,.'.includes(c)) {
      tokens.push(c);
      i++;
    } else {
      let end = i + 1;
      while (end < text.length && !/[\s<>,."']/.test(text[end] as string)) end++;
      tokens.push(text.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

/** Index of the quote closing the quoted run that starts at `start` (doubled quotes skipped). */
function closingQuote(text: string, start: number): number {
  const quote = text[start] as string;
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return i;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length - 1;
}
