/**
 * Secondary indexes (`system_schema.indexes`): built-in, custom and SAI.
 *
 * @packageDocumentation
 */
import { cqlIdentifier, qualifiedName } from '../../cql/cql-identifier';
import { cqlString, cqlTextMap } from './cql-literal';
import { requiredText, textMap, type RowRef } from './schema-row-values';
import type { SchemaRow } from './schema-rows';

/** How the server implements an index: built-in (`KEYS` legacy, `COMPOSITES`) or a custom class. */
export type IndexKind = 'KEYS' | 'COMPOSITES' | 'CUSTOM';

/**
 * An index on a table.
 *
 * @example
 * ```ts
 * const idx = schema.keyspace('shop')?.table('users')?.index('users_email_idx');
 * idx?.target; // 'email'
 * idx?.toCql(); // 'CREATE INDEX users_email_idx ON shop.users (email);'
 * ```
 */
export class IndexMetadata {
  /** Keyspace of the indexed table. */
  readonly keyspace: string;
  /** Index name. */
  readonly name: string;
  /** Indexed table. */
  readonly table: string;
  /** `COMPOSITES` for built-in indexes, `CUSTOM` for custom ones (SAI, SASI, …). */
  readonly kind: IndexKind;
  /**
   * What is indexed, as CQL: a (quoted if needed) column name, or `keys(col)`, `values(col)`,
   * `entries(col)`, `full(col)`.
   */
  readonly target: string;
  /** All options, including `target` and, for custom indexes, `class_name`. */
  readonly options: Readonly<Record<string, string>>;

  /** @internal Built by the schema snapshot from a `system_schema.indexes` row. */
  constructor(init: {
    keyspace: string;
    table: string;
    name: string;
    kind: IndexKind;
    options: Record<string, string>;
  }) {
    this.keyspace = init.keyspace;
    this.table = init.table;
    this.name = init.name;
    this.kind = init.kind;
    this.options = Object.freeze({ ...init.options });
    this.target = init.options['target'] ?? '';
    Object.freeze(this);
  }

  /** The implementing class of a custom index (`StorageAttachedIndex`, `sai`, a SASI class…). */
  get className(): string | undefined {
    return this.options['class_name'];
  }

  /**
   * Whether this is a Storage-Attached Index (`USING 'sai'` or `'StorageAttachedIndex'`, with or
   * without package).
   */
  get isSai(): boolean {
    const className = this.className;
    return className !== undefined && /^(sai|(.*\.)?StorageAttachedIndex)$/i.test(className);
  }

  /**
   * The CREATE INDEX statement, as DESCRIBE writes it: custom indexes with `CUSTOM`, their class in
   * `USING` and their other options in `WITH OPTIONS`.
   *
   * @example
   * ```ts
   * sai.toCql(); // "CREATE CUSTOM INDEX ann ON shop.items (embedding) USING 'sai' WITH OPTIONS = {'similarity_function': 'COSINE'};"
   * ```
   */
  toCql(): string {
    const on = `${cqlIdentifier(this.name)} ON ${qualifiedName(this.keyspace, this.table)} (${this.target})`;
    if (this.kind !== 'CUSTOM') return `CREATE INDEX ${on};`;
    const { target: _target, class_name: className, ...others } = this.options;
    const using = className === undefined ? '' : ` USING ${cqlString(className)}`;
    const withOptions = Object.keys(others).length === 0 ? '' : ` WITH OPTIONS = ${cqlTextMap(others)}`;
    return `CREATE CUSTOM INDEX ${on}${using}${withOptions};`;
  }
}

/** Builds an index from its `system_schema.indexes` row. */
export function readIndex(row: SchemaRow, what: string): IndexMetadata {
  const ref: RowRef = { row, what };
  const kind = requiredText(ref, 'kind').toUpperCase();
  return new IndexMetadata({
    keyspace: requiredText(ref, 'keyspace_name'),
    table: requiredText(ref, 'table_name'),
    name: requiredText(ref, 'index_name'),
    kind: kind === 'KEYS' || kind === 'CUSTOM' ? kind : 'COMPOSITES',
    options: { ...textMap(ref, 'options') },
  });
}
