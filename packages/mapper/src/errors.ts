/**
 * The mapper's errors. Every error says what is wrong and what was expected; errors about bad
 * input are raised before anything is sent to the cluster. `MapperError` extends the driver's
 * `DriverError`, so one `instanceof DriverError` recognises every cqlkit error; each class has
 * its own stable `code` (`CQLKIT_MAPPER_…`, see {@link MapperErrorCode}).
 *
 * ```
 * DriverError (@cqlkit/driver)
 * └── MapperError
 * ├── EntityDefinitionError    a decorated class cannot be mapped (every problem of the class listed)
 * ├── MapperArgumentError      a repository/mapper call got bad input (missing key, unknown property…)
 * ├── ConversionError          a value could not be converted between the entity and the driver
 * ├── SchemaMismatchError      entities do not match the live schema (every mismatch listed)
 * └── OptimisticLockError      a @Version save lost a race (carries the current row)
 * ```
 *
 * @example
 * ```ts
 * try {
 *   await users.save(user);
 * } catch (e) {
 *   if (e instanceof OptimisticLockError) console.log('someone else saved first:', e.current);
 *   else throw e;
 * }
 * ```
 * @packageDocumentation
 */
import { DriverError } from '@cqlkit/driver';

/** The stable `code` of each mapper error class. */
export type MapperErrorCode =
  | 'CQLKIT_MAPPER_ERROR'
  | 'CQLKIT_MAPPER_ENTITY_DEFINITION'
  | 'CQLKIT_MAPPER_ARGUMENT'
  | 'CQLKIT_MAPPER_CONVERSION'
  | 'CQLKIT_MAPPER_SCHEMA_MISMATCH'
  | 'CQLKIT_MAPPER_OPTIMISTIC_LOCK';

/**
 * Base class of every error the mapper raises itself (driver errors pass through unchanged; a
 * value that does not fit its column is the driver's `ValueEncodingError`, naming the property).
 * A `DriverError`, like every cqlkit error.
 *
 * @example
 * ```ts
 * if (e instanceof MapperError) console.error(e.code, e.message);
 * ```
 */
export class MapperError extends DriverError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_ERROR';
}

/**
 * A class cannot be mapped: missing keys, an ambiguous TypeScript type, conflicting decorators…
 * `problems` lists every problem found in the class, and the message repeats them.
 *
 * @example
 * ```ts
 * // @Column() age: number  →  "User.age: the TypeScript type Number maps to several CQL types …"
 * ```
 */
export class EntityDefinitionError extends MapperError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_ENTITY_DEFINITION';

  constructor(
    /** The class (or UDT class) name. */
    readonly className: string,
    /** Each problem, one sentence each. */
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `${className} cannot be mapped: ${problems[0]}`
        : `${className} cannot be mapped (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/**
 * A call got bad input: a missing primary-key property, a property the entity does not map, an
 * invalid range or option. Raised before anything is sent.
 *
 * @example
 * ```ts
 * await users.findOne({}); // MapperArgumentError: User.findOne(): missing primary-key property 'id' …
 * ```
 */
export class MapperArgumentError extends MapperError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_ARGUMENT';
}

/**
 * A value could not be converted between an entity property and the driver (a custom converter
 * threw, a 64-bit integer does not fit a `number` property…). Names the entity and property.
 *
 * @example
 * ```ts
 * // ConversionError: Event.hits: value 9007199254740993 (bigint) does not fit a number property …
 * ```
 */
export class ConversionError extends MapperError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_CONVERSION';
}

/**
 * One difference between an entity (or UDT class) and the live schema.
 *
 * @example
 * ```ts
 * for (const m of error.mismatches) console.error(m.kind, m.target, m.column, m.message);
 * ```
 */
export interface SchemaMismatch {
  /** What kind of difference. */
  readonly kind:
    | 'missing-table'
    | 'missing-column'
    | 'wrong-type'
    | 'wrong-kind'
    | 'wrong-key-order'
    | 'wrong-clustering-order'
    | 'unmapped-key-column'
    | 'missing-type'
    | 'missing-field'
    | 'wrong-field-type';
  /** The entity or UDT class concerned. */
  readonly className: string;
  /** Keyspace-qualified table or type, e.g. `shop.users`. */
  readonly target: string;
  /** The column or field, when the mismatch concerns one. */
  readonly column?: string;
  /** What the entity declares. */
  readonly expected?: string;
  /** What the cluster has. */
  readonly actual?: string;
  /** A sentence describing the mismatch. */
  readonly message: string;
}

/**
 * Entities do not match the live schema. `mismatches` lists every difference found (missing
 * tables, missing columns, wrong types, wrong key order…), not just the first.
 *
 * @example
 * ```ts
 * try {
 *   await mapper.repository(User).ready();
 * } catch (e) {
 *   if (e instanceof SchemaMismatchError) for (const m of e.mismatches) console.error(m.message);
 * }
 * ```
 */
export class SchemaMismatchError extends MapperError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_SCHEMA_MISMATCH';

  constructor(readonly mismatches: readonly SchemaMismatch[]) {
    super(
      `the entities do not match the live schema (${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'}):\n${mismatches
        .map((m) => `  - ${m.message}`)
        .join('\n')}`,
    );
  }
}

/**
 * A `save()` of a `@Version` entity lost a race: the row's version in the database is no longer
 * the one the entity was loaded with (or the row already exists for a first save). `current`
 * holds the row as it is now (read at SERIAL consistency), `undefined` if it was deleted.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (e instanceof OptimisticLockError) retryWith(e.current);
 * }
 * ```
 */
export class OptimisticLockError<T = unknown> extends MapperError {
  static override readonly code: MapperErrorCode = 'CQLKIT_MAPPER_OPTIMISTIC_LOCK';

  constructor(
    /** The entity class name. */
    readonly className: string,
    /** The version the save expected (`undefined` for a first save). */
    readonly expectedVersion: unknown,
    /** The version of the row now (`undefined` when there is no row). */
    readonly currentVersion: unknown,
    /** The current row, or `undefined` when there is none. */
    readonly current: T | undefined,
  ) {
    super(
      expectedVersion === undefined
        ? `${className}: save() of a new entity lost the race: the row already exists at version ${String(currentVersion)}`
        : `${className}: save() expected version ${String(expectedVersion)} but ${
            current === undefined
              ? 'the row no longer exists'
              : `the row is at version ${String(currentVersion)}`
          }`,
    );
  }
}
