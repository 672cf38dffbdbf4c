/**
 * User-defined types (`system_schema.types`), resolved in dependency order.
 *
 * @packageDocumentation
 */
import {
  parseTypeString,
  type DataType,
  type UdtDataType,
  type UdtField,
  type UdtResolver,
} from '../../types';
import { cqlIdentifier, qualifiedName } from '../../cql/cql-identifier';
import { cqlTypeText, referencedUserTypes } from './cql-type-text';
import { compareUtf8 } from './describe-order';
import { recordsEqual } from './schema-row-equality';
import { requiredText, textList, type RowRef } from './schema-row-values';
import { SchemaRowError } from './schema-row-error';
import type { SchemaRow } from './schema-rows';

/**
 * A user-defined type.
 *
 * @example
 * ```ts
 * const address = schema.keyspace('shop')?.userType('address');
 * address?.fields.map((f) => f.name); // ['street', 'city', 'location']
 * codecFor(address!.dataType);        // encode/decode values of the type
 * address?.toCql();                   // 'CREATE TYPE shop.address (\n    street text, …\n);'
 * ```
 */
export class UserTypeMetadata {
  /** Keyspace of the type. */
  readonly keyspace: string;
  /** Type name (case kept, unquoted). */
  readonly name: string;
  /** Fields in declaration order, nested user types resolved. */
  readonly fields: readonly UdtField[];
  /** The type as a {@link DataType}, for codecs (not frozen; columns mark it frozen where declared so). */
  readonly dataType: UdtDataType;
  /** Names of the user types the fields use, directly or nested. */
  readonly dependencies: ReadonlySet<string>;
  /** @internal The `system_schema.types` row this was built from. */
  readonly source: SchemaRow;

  /** @internal Built by the schema snapshot. */
  constructor(source: SchemaRow, dataType: UdtDataType) {
    this.source = source;
    this.keyspace = dataType.keyspace;
    this.name = dataType.name;
    this.fields = dataType.fields;
    this.dataType = dataType;
    const dependencies = new Set<string>();
    for (const field of dataType.fields) referencedUserTypes(field.type, dependencies);
    this.dependencies = dependencies;
    Object.freeze(this);
  }

  /**
   * The CREATE TYPE statement, as DESCRIBE writes it.
   *
   * @example
   * ```ts
   * geo.toCql(); // 'CREATE TYPE shop.geo (\n    lat double,\n    lon double\n);'
   * ```
   */
  toCql(): string {
    const fields = this.fields.map((f) => `    ${cqlIdentifier(f.name)} ${cqlTypeText(f.type)}`).join(',\n');
    return `CREATE TYPE ${qualifiedName(this.keyspace, this.name)} (\n${fields}\n);`;
  }
}

/** The user types of a keyspace, in DESCRIBE (dependency) order, and a resolver over them. */
export interface ResolvedUserTypes {
  /** By name, in dependency order: a type comes after every type it uses. */
  readonly types: ReadonlyMap<string, UserTypeMetadata>;
  /** Resolves a type name of this keyspace to its {@link DataType}. */
  readonly resolve: UdtResolver;
}

/**
 * Builds a keyspace's user types from their rows. They are visited in UTF-8 name order and each
 * one's dependencies are built first (depth-first, in field order), which yields the order DESCRIBE
 * lists them in. A type whose row and dependencies are unchanged from `previous` is reused as is.
 *
 * @throws SchemaRowError when a field type cannot be parsed (unknown or cyclic type).
 */
export function resolveUserTypes(
  keyspace: string,
  rows: ReadonlyMap<string, SchemaRow>,
  previous: ReadonlyMap<string, UserTypeMetadata> = new Map(),
): ResolvedUserTypes {
  const built = new Map<string, UserTypeMetadata>();
  const inProgress = new Set<string>();

  const resolve: UdtResolver = (name, ks) => {
    if (ks !== undefined && ks !== keyspace) return undefined;
    const done = built.get(name);
    if (done !== undefined) return done.dataType;
    if (inProgress.has(name) || !rows.has(name)) return undefined;
    return build(name).dataType;
  };

  const build = (name: string): UserTypeMetadata => {
    inProgress.add(name);
    const row = rows.get(name) as SchemaRow;
    const ref: RowRef = { row, what: `type ${qualifiedName(keyspace, name)}` };
    const names = textList(ref, 'field_names');
    const typeTexts = textList(ref, 'field_types');
    if (names.length !== typeTexts.length) {
      throw new SchemaRowError(
        `${ref.what}: ${names.length} field names but ${typeTexts.length} field types`,
      );
    }
    const fields = names.map((fieldName, i) => ({
      name: fieldName,
      type: parseField(ref, typeTexts[i] as string),
    }));
    const old = previous.get(name);
    const type =
      old !== undefined &&
      recordsEqual(old.source, row) &&
      [...old.dependencies].every((d) => built.get(d) === previous.get(d))
        ? old
        : new UserTypeMetadata(
            row,
            Object.freeze({
              kind: 'udt',
              keyspace,
              name: requiredText(ref, 'type_name'),
              fields: Object.freeze(fields),
            }),
          );
    inProgress.delete(name);
    built.set(name, type);
    return type;
  };

  const parseField = (ref: RowRef, typeText: string): DataType => {
    try {
      return parseTypeString(typeText, resolve);
    } catch (error) {
      throw new SchemaRowError(`${ref.what}: cannot resolve field type "${typeText}"`, { cause: error });
    }
  };

  for (const name of [...rows.keys()].sort(compareUtf8)) {
    if (!built.has(name)) build(name);
  }
  return { types: built, resolve };
}
