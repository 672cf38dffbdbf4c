import { DriverError, type DriverErrorCode } from '../errors';

/**
 * A CQL type string or a Java marshal class string could not be parsed, or names a
 * user-defined type that could not be resolved.
 *
 * @example
 * ```ts
 * try {
 *   parseTypeString('map<text>');
 * } catch (e) {
 *   if (e instanceof TypeParseError) console.error(e.input, e.message);
 * }
 * ```
 */
export class TypeParseError extends DriverError {
  static override readonly code: DriverErrorCode = 'CQLKIT_TYPE_PARSE';

  constructor(
    message: string,
    /** The text being parsed. */
    readonly input: string,
  ) {
    super(message);
  }
}
