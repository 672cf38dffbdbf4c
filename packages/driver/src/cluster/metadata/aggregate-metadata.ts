/**
 * User-defined aggregates (`system_schema.aggregates`).
 *
 * @packageDocumentation
 */
import type { DataType, UdtResolver } from '../../types';
import { cqlIdentifier, qualifiedName } from '../../cql/cql-identifier';
import { referencedUserTypes } from './cql-type-text';
import { functionSignature } from './schema-scope';
import { optionalBoolean, optionalText, requiredText, textList, type RowRef } from './schema-row-values';
import type { SchemaRow } from './schema-rows';
import { parseSchemaType, schemaTypeCql, type SchemaType } from './schema-type';

/**
 * A user-defined aggregate (one overload).
 *
 * @example
 * ```ts
 * const avg = schema.keyspace('shop')?.aggregate('average', ['int']);
 * avg?.stateFunction; // 'avg_state'
 * avg?.initCondition; // '(0, 0)'
 * console.log(avg?.toCql()); // CREATE AGGREGATE shop.average(int) SFUNC avg_state …
 * ```
 */
export class AggregateMetadata {
  /** Keyspace name. */
  readonly keyspace: string;
  /** Aggregate name (case kept, unquoted). */
  readonly name: string;
  /** Key of this overload in {@link KeyspaceMetadata.aggregates}: `name(type,…)`. */
  readonly signature: string;
  /** Argument types in order. */
  readonly argumentTypes: readonly DataType[];
  /** Argument types as the schema spells them. */
  readonly argumentTypeTexts: readonly string[];
  /** Name of the state function (in the same keyspace). */
  readonly stateFunction: string;
  /** Type of the state. */
  readonly stateType: DataType;
  /** Name of the final function, if any. */
  readonly finalFunction: string | undefined;
  /** Initial state as a CQL literal (`(0, 0)`, `'abc'`), if any. */
  readonly initCondition: string | undefined;
  /** Return type (the final function's, else the state type). */
  readonly returnType: DataType;
  /** DSE: whether the aggregate is declared `DETERMINISTIC`. */
  readonly deterministic: boolean | undefined;
  /** Names of the user types the signature and state use, directly or nested. */
  readonly userTypeDependencies: ReadonlySet<string>;
  /** @internal The `system_schema.aggregates` row this was built from. */
  readonly source: SchemaRow;
  private readonly schemaArgTypes: readonly SchemaType[];
  private readonly schemaStateType: SchemaType;

  /** @internal Built by the schema snapshot. */
  constructor(source: SchemaRow, resolveUdt: UdtResolver) {
    const bare: RowRef = { row: source, what: 'aggregate' };
    this.source = source;
    this.keyspace = requiredText(bare, 'keyspace_name');
    this.name = requiredText(bare, 'aggregate_name');
    const ref: RowRef = { row: source, what: `aggregate ${qualifiedName(this.keyspace, this.name)}` };
    this.argumentTypeTexts = textList(ref, 'argument_types');
    this.signature = functionSignature(this.name, this.argumentTypeTexts);
    this.schemaArgTypes = this.argumentTypeTexts.map((t) => parseSchemaType(t, resolveUdt));
    this.argumentTypes = Object.freeze(this.schemaArgTypes.map((t) => t.type));
    this.stateFunction = requiredText(ref, 'state_func');
    this.schemaStateType = parseSchemaType(requiredText(ref, 'state_type'), resolveUdt);
    this.stateType = this.schemaStateType.type;
    this.finalFunction = optionalText(ref, 'final_func');
    this.initCondition = optionalText(ref, 'initcond');
    const returnType = optionalText(ref, 'return_type');
    this.returnType =
      returnType === undefined ? this.stateType : parseSchemaType(returnType, resolveUdt).type;
    this.deterministic = optionalBoolean(ref, 'deterministic');
    const dependencies = new Set<string>();
    for (const type of [...this.argumentTypes, this.stateType, this.returnType]) {
      referencedUserTypes(type, dependencies);
    }
    this.userTypeDependencies = dependencies;
    Object.freeze(this);
  }

  /**
   * The signature as DESCRIBE names the aggregate (and sorts aggregates by): `name(type, …)`.
   *
   * @example
   * ```ts
   * avg.displaySignature; // 'average(int)'
   * ```
   */
  get displaySignature(): string {
    return `${this.name}(${this.schemaArgTypes.map((t) => schemaTypeCql(t, 'signature')).join(', ')})`;
  }

  /**
   * The CREATE AGGREGATE statement as DESCRIBE writes it.
   *
   * @example
   * ```ts
   * avg.toCql();
   * // CREATE AGGREGATE shop.average(int)
   * //     SFUNC avg_state
   * //     STYPE tuple<int, bigint>
   * //     FINALFUNC avg_final
   * //     INITCOND (0, 0);
   * ```
   */
  toCql(): string {
    const args = this.schemaArgTypes.map((t) => schemaTypeCql(t, 'signature')).join(', ');
    const lines = [
      `CREATE AGGREGATE ${qualifiedName(this.keyspace, this.name)}(${args})`,
      `SFUNC ${cqlIdentifier(this.stateFunction)}`,
      `STYPE ${schemaTypeCql(this.schemaStateType, 'signature')}`,
    ];
    if (this.finalFunction !== undefined) lines.push(`FINALFUNC ${cqlIdentifier(this.finalFunction)}`);
    if (this.initCondition !== undefined) lines.push(`INITCOND ${this.initCondition}`);
    if (this.deterministic === true) lines.push('DETERMINISTIC');
    return `${lines.join('\n    ')};`;
  }

  /** Same as {@link toCql}. */
  createStatement(): string {
    return this.toCql();
  }
}
