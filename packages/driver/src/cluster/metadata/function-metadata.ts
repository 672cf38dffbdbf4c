/**
 * User-defined functions (`system_schema.functions`).
 *
 * @packageDocumentation
 */
import type { DataType, UdtResolver } from '../../types';
import { cqlIdentifier, qualifiedName } from '../../cql/cql-identifier';
import { cqlString } from './cql-literal';
import { referencedUserTypes } from './cql-type-text';
import { functionSignature } from './schema-scope';
import { optionalBoolean, optionalText, requiredText, textList, type RowRef } from './schema-row-values';
import { SchemaRowError } from './schema-row-error';
import type { SchemaRow } from './schema-rows';
import { parseSchemaType, schemaTypeCql, type SchemaType } from './schema-type';

/**
 * A user-defined function (one overload).
 *
 * @example
 * ```ts
 * const fn = schema.keyspace('shop')?.function('avg_state', ['tuple<int, bigint>', 'int']);
 * fn?.language;          // 'java'
 * fn?.calledOnNullInput; // true
 * console.log(fn?.toCql()); // CREATE FUNCTION shop.avg_state(state tuple<int, bigint>, val int) …
 * ```
 */
export class FunctionMetadata {
  /** Keyspace name. */
  readonly keyspace: string;
  /** Function name (case kept, unquoted). */
  readonly name: string;
  /** Key of this overload in {@link KeyspaceMetadata.functions}: `name(type,…)`. */
  readonly signature: string;
  /** Argument names in order. */
  readonly argumentNames: readonly string[];
  /** Argument types in order. */
  readonly argumentTypes: readonly DataType[];
  /** Argument types as the schema spells them. */
  readonly argumentTypeTexts: readonly string[];
  /** Return type. */
  readonly returnType: DataType;
  /** Implementation language (`java`, `javascript`). */
  readonly language: string;
  /** Source code of the body. */
  readonly body: string;
  /** `CALLED ON NULL INPUT` (true) or `RETURNS NULL ON NULL INPUT` (false). */
  readonly calledOnNullInput: boolean;
  /** DSE: whether the function is declared `DETERMINISTIC` (`undefined` when the server has no such column). */
  readonly deterministic: boolean | undefined;
  /** DSE: whether the function is declared `MONOTONIC` on all arguments. */
  readonly monotonic: boolean | undefined;
  /** DSE: the arguments it is `MONOTONIC ON`. */
  readonly monotonicOn: readonly string[];
  /** Names of the user types the signature uses, directly or nested. */
  readonly userTypeDependencies: ReadonlySet<string>;
  /** @internal The `system_schema.functions` row this was built from. */
  readonly source: SchemaRow;
  private readonly schemaArgTypes: readonly SchemaType[];
  private readonly schemaReturnType: SchemaType;

  /** @internal Built by the schema snapshot. */
  constructor(source: SchemaRow, resolveUdt: UdtResolver) {
    const bare: RowRef = { row: source, what: 'function' };
    this.source = source;
    this.keyspace = requiredText(bare, 'keyspace_name');
    this.name = requiredText(bare, 'function_name');
    const ref: RowRef = { row: source, what: `function ${qualifiedName(this.keyspace, this.name)}` };
    this.argumentNames = textList(ref, 'argument_names');
    this.argumentTypeTexts = textList(ref, 'argument_types');
    if (this.argumentNames.length !== this.argumentTypeTexts.length) {
      throw new SchemaRowError(`${ref.what}: argument names and types differ in number`);
    }
    this.signature = functionSignature(this.name, this.argumentTypeTexts);
    this.schemaArgTypes = this.argumentTypeTexts.map((t) => parseSchemaType(t, resolveUdt));
    this.argumentTypes = Object.freeze(this.schemaArgTypes.map((t) => t.type));
    this.schemaReturnType = parseSchemaType(requiredText(ref, 'return_type'), resolveUdt);
    this.returnType = this.schemaReturnType.type;
    this.language = requiredText(ref, 'language');
    this.body = optionalText(ref, 'body') ?? '';
    this.calledOnNullInput = optionalBoolean(ref, 'called_on_null_input') ?? false;
    this.deterministic = optionalBoolean(ref, 'deterministic');
    this.monotonic = optionalBoolean(ref, 'monotonic');
    this.monotonicOn = textList(ref, 'monotonic_on');
    const dependencies = new Set<string>();
    for (const type of [...this.argumentTypes, this.returnType]) referencedUserTypes(type, dependencies);
    this.userTypeDependencies = dependencies;
    Object.freeze(this);
  }

  /**
   * The signature as DESCRIBE names the function (and sorts functions by): `name(type, …)`, types
   * written as in CREATE FUNCTION.
   *
   * @example
   * ```ts
   * fn.displaySignature; // 'avg_state(tuple<int, bigint>, int)'
   * ```
   */
  get displaySignature(): string {
    return `${this.name}(${this.schemaArgTypes.map((t) => schemaTypeCql(t, 'signature')).join(', ')})`;
  }

  /**
   * The CREATE FUNCTION statement as DESCRIBE writes it, the body between `$$` (or, if the body
   * itself contains `$$`, as a quoted string so the statement stays valid).
   *
   * @example
   * ```ts
   * plus.toCql();
   * // CREATE FUNCTION shop.plus(a int, b int)
   * //     RETURNS NULL ON NULL INPUT
   * //     RETURNS int
   * //     LANGUAGE java
   * //     AS $$return a + b;$$;
   * ```
   */
  toCql(): string {
    const args = this.argumentNames
      .map(
        (name, i) =>
          `${cqlIdentifier(name)} ${schemaTypeCql(this.schemaArgTypes[i] as SchemaType, 'signature')}`,
      )
      .join(', ');
    const lines = [
      `CREATE FUNCTION ${qualifiedName(this.keyspace, this.name)}(${args})`,
      this.calledOnNullInput ? 'CALLED ON NULL INPUT' : 'RETURNS NULL ON NULL INPUT',
      `RETURNS ${schemaTypeCql(this.schemaReturnType, 'signature')}`,
    ];
    if (this.deterministic === true) lines.push('DETERMINISTIC');
    if (this.monotonic === true) lines.push('MONOTONIC');
    else if (this.monotonicOn.length > 0)
      lines.push(`MONOTONIC ON ${this.monotonicOn.map(cqlIdentifier).join(', ')}`);
    lines.push(`LANGUAGE ${this.language}`);
    lines.push(`AS ${this.body.includes('$$') ? cqlString(this.body) : `$$${this.body}$$`};`);
    return lines.join('\n    ');
  }

  /** Same as {@link toCql}. */
  createStatement(): string {
    return this.toCql();
  }
}
