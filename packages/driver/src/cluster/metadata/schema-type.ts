/**
 * Types read from schema rows: parsed to a {@link DataType} when possible, the stored text kept.
 *
 * @packageDocumentation
 */
import { parseTypeString, type DataType, type UdtResolver } from '../../types';
import { cqlTypeText, type TypeTextContext } from './cql-type-text';

/** A type from a schema row. */
export interface SchemaType {
  /** The parsed type; a `custom` placeholder named by the text when it could not be parsed. */
  readonly type: DataType;
  /** The type as the schema row spells it. */
  readonly text: string;
  /** False when the text could not be parsed (e.g. it names a user type that is not loaded). */
  readonly resolved: boolean;
}

/**
 * Parses a schema type string with the keyspace's user types. Never throws: an unparsable type
 * becomes a placeholder that still writes back as its original text.
 */
export function parseSchemaType(text: string, resolveUdt: UdtResolver): SchemaType {
  try {
    return { type: parseTypeString(text, resolveUdt), text, resolved: true };
  } catch {
    return { type: { kind: 'custom', className: text }, text, resolved: false };
  }
}

/** The type as DESCRIBE writes it in `context`, or the stored text when it was not parsed. */
export function schemaTypeCql(type: SchemaType, context: TypeTextContext = 'column'): string {
  return type.resolved ? cqlTypeText(type.type, context) : type.text;
}
