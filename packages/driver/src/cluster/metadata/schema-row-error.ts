/**
 * The error for schema rows that do not have the expected shape.
 *
 * @packageDocumentation
 */
import { DriverError, type DriverErrorCode } from '../../errors';

/**
 * A `system_schema` row lacks a column the metadata needs, or holds a value of an unexpected type
 * (a server this driver does not know, or a `SchemaQuery` that does not decode rows the
 * driver's normal way).
 */
export class SchemaRowError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_SCHEMA_ROW';
}
