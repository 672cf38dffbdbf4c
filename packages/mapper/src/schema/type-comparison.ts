/**
 * Comparing CQL types written differently (`varchar` vs `text`, `FROZEN<…>` vs `frozen<…>`,
 * spacing, quoting): both sides are parsed and printed in one canonical form.
 *
 * @packageDocumentation
 */
import { dataTypeToString, parseTypeString, TypeParseError, type DataType } from '@cqlkit/driver';

/**
 * The canonical text of CQL type text read from the schema; UDT names stay names (their fields
 * are compared separately). Unparseable text is returned trimmed.
 *
 * @example
 * ```ts
 * canonicalTypeText('FROZEN<Map<varchar, frozen<list<int>>>>', 'ks'); // 'frozen<map<text, frozen<list<int>>>>'
 * ```
 */
export function canonicalTypeText(text: string, keyspace: string): string {
  try {
    return dataTypeToString(
      parseTypeString(text, (name, ks) => ({ kind: 'udt', keyspace: ks ?? keyspace, name, fields: [] })),
    );
  } catch (e) {
    if (e instanceof TypeParseError) return text.trim();
    throw e;
  }
}

/**
 * Canonical text of a resolved type.
 *
 * @internal
 */
export function canonicalType(type: DataType): string {
  return dataTypeToString(type);
}
