/**
 * CQL type text as DESCRIBE writes it, which differs from `dataTypeToString` on tuples: tuples are
 * always frozen, and DESCRIBE says so (`frozen<tuple<int, text>>`) except at the top level of a
 * function or aggregate signature (`tuple<int, text>`).
 *
 * @packageDocumentation
 */
import type { DataType } from '../../types';
import { cqlIdentifier } from '../../cql/cql-identifier';
import { cqlString } from './cql-literal';

/**
 * Where a type is written: `column` for table, view and user-type fields; `signature` for function
 * arguments and return types and aggregate argument and state types, where a top-level tuple
 * drops its `frozen<…>`.
 */
export type TypeTextContext = 'column' | 'signature';

/**
 * Writes `type` as CQL the way DESCRIBE does: collections and user types in `frozen<…>` when
 * frozen, tuples always frozen (but see {@link TypeTextContext}), user types by bare (quoted if
 * needed) name, custom types as their quoted Java class name.
 *
 * @example
 * ```ts
 * cqlTypeText({ kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }] });              // 'frozen<tuple<int, text>>'
 * cqlTypeText({ kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }] }, 'signature'); // 'tuple<int, text>'
 * ```
 */
export function cqlTypeText(type: DataType, context: TypeTextContext = 'column'): string {
  if (type.kind === 'tuple' && context === 'signature') return tupleText(type.elements);
  return nestedTypeText(type);
}

function nestedTypeText(type: DataType): string {
  switch (type.kind) {
    case 'custom':
      return cqlString(type.className);
    case 'list':
    case 'set':
      return frozenIf(type.frozen, `${type.kind}<${nestedTypeText(type.element)}>`);
    case 'map':
      return frozenIf(type.frozen, `map<${nestedTypeText(type.key)}, ${nestedTypeText(type.value)}>`);
    case 'tuple':
      return `frozen<${tupleText(type.elements)}>`;
    case 'udt':
      return frozenIf(type.frozen, cqlIdentifier(type.name));
    case 'vector':
      return `vector<${nestedTypeText(type.element)}, ${type.dimension}>`;
    default:
      return type.kind;
  }
}

function tupleText(elements: readonly DataType[]): string {
  return `tuple<${elements.map(nestedTypeText).join(', ')}>`;
}

function frozenIf(frozen: boolean | undefined, text: string): string {
  return frozen === true ? `frozen<${text}>` : text;
}

/**
 * Whether a column of this type is stored cell by cell (a non-frozen collection or user type):
 * Cassandra lists such "complex" columns after the simple ones.
 */
export function isMultiCell(type: DataType): boolean {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
    case 'udt':
      return type.frozen !== true;
    default:
      return false;
  }
}

/**
 * Names of the user types `type` mentions, directly or inside collections, tuples, vectors and
 * other user types' fields.
 */
export function referencedUserTypes(type: DataType, into: Set<string> = new Set()): Set<string> {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'vector':
      return referencedUserTypes(type.element, into);
    case 'map':
      referencedUserTypes(type.key, into);
      return referencedUserTypes(type.value, into);
    case 'tuple':
      for (const element of type.elements) referencedUserTypes(element, into);
      return into;
    case 'udt':
      into.add(type.name);
      for (const field of type.fields) referencedUserTypes(field.type, into);
      return into;
    default:
      return into;
  }
}
