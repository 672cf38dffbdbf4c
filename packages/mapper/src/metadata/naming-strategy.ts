/**
 * How class and property names become CQL table, type, column and field names.
 *
 * @packageDocumentation
 */

/**
 * Turns TypeScript names into CQL names. Explicit names (`@Entity({ table })`,
 * `@Column({ name })`, `@Udt({ name })`, `@Field({ name })`) bypass it.
 *
 * @example
 * ```ts
 * const upper: NamingStrategy = {
 *   tableName: (c) => c.toLowerCase() + 's',
 *   typeName: (c) => c.toLowerCase(),
 *   columnName: (p) => p.toLowerCase(),
 *   fieldName: (p) => p.toLowerCase(),
 * };
 * new Mapper(session, { namingStrategy: upper });
 * ```
 */
export interface NamingStrategy {
  /** Table name of an entity class. */
  tableName(className: string): string;
  /** Type name of a `@Udt` class. */
  typeName(className: string): string;
  /** Column name of an entity property. */
  columnName(propertyName: string): string;
  /** Field name of a `@Udt` class property. */
  fieldName(propertyName: string): string;
}

/**
 * `camelCase`/`PascalCase` → `snake_case`: `UserProfile` → `user_profile`, `zipCode` →
 * `zip_code`, `HTTPServer` → `http_server`, `ipV4Address` → `ip_v4_address`.
 *
 * @example
 * ```ts
 * toSnakeCase('createdAt'); // 'created_at'
 * ```
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The default strategy: every name in `snake_case` (see {@link toSnakeCase}), as CQL users write
 * them, so identifiers never need quoting.
 *
 * @example
 * ```ts
 * snakeCaseNaming.columnName('createdAt'); // 'created_at'
 * ```
 */
export const snakeCaseNaming: NamingStrategy = Object.freeze({
  tableName: toSnakeCase,
  typeName: toSnakeCase,
  columnName: toSnakeCase,
  fieldName: toSnakeCase,
});

/**
 * Keeps names exactly as written in TypeScript (`createdAt` stays `createdAt`, a case-sensitive
 * identifier that CQL quotes: `"createdAt"`).
 *
 * @example
 * ```ts
 * new Mapper(session, { namingStrategy: exactNaming });
 * ```
 */
export const exactNaming: NamingStrategy = Object.freeze({
  tableName: (n: string) => n,
  typeName: (n: string) => n,
  columnName: (n: string) => n,
  fieldName: (n: string) => n,
});
