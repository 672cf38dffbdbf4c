/**
 * Table and view options (the `WITH …` part), read from `system_schema.tables` / `views` rows and
 * written the way DESCRIBE writes them.
 *
 * @packageDocumentation
 */
import { cqlBlobMap, cqlString, cqlTextMap, javaDouble } from './cql-literal';
import {
  blobMap,
  hasColumn,
  optionalBoolean,
  optionalNumber,
  optionalText,
  textMap,
  type RowRef,
} from './schema-row-values';

/**
 * The options of a table or materialized view, named as in CQL. An option is `undefined` when
 * the server's schema tables do not have it (older versions). Cassandra 5.0 stores some options
 * only when set (`allow_auto_snapshot`, `incremental_backups`, `cdc`, `memtable`); a null there
 * reads as the server default, as DESCRIBE shows it.
 *
 * @example
 * ```ts
 * const options = schema.keyspace('shop')?.table('orders')?.options;
 * options?.gc_grace_seconds; // 864000
 * options?.compaction;       // { class: 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', … }
 * ```
 */
export interface TableOptions {
  /** When to send extra writes to other replicas (`'99p'`, `'NEVER'`, …). */
  readonly additional_write_policy?: string;
  /** Whether DROP/TRUNCATE snapshot the table first (Cassandra 4.1+). */
  readonly allow_auto_snapshot?: boolean;
  /** Target false-positive rate of the SSTable bloom filters. */
  readonly bloom_filter_fp_chance?: number;
  /** Key and row cache settings (`keys`, `rows_per_partition`). */
  readonly caching?: Readonly<Record<string, string>>;
  /** Whether change data capture is on. */
  readonly cdc?: boolean;
  /** Free-text comment (`''` when none). */
  readonly comment: string;
  /** Compaction strategy `class` (full Java name) and its options. */
  readonly compaction?: Readonly<Record<string, string>>;
  /** Compression `class` and options, or `{ enabled: 'false' }`. */
  readonly compression?: Readonly<Record<string, string>>;
  /** Memtable configuration name (`default`; Cassandra 4.1+). */
  readonly memtable?: string;
  /** Probability of checking checksums on compressed reads. */
  readonly crc_check_chance?: number;
  /** Default TTL of written cells in seconds (0: none); absent on materialized views. */
  readonly default_time_to_live?: number;
  /** Server extensions, by name, as raw bytes. */
  readonly extensions?: ReadonlyMap<string, Uint8Array>;
  /** Seconds before tombstones may be purged. */
  readonly gc_grace_seconds?: number;
  /** Whether flushed SSTables are hard-linked for incremental backups (Cassandra 4.1+). */
  readonly incremental_backups?: boolean;
  /** Maximum gap between partition index summary entries. */
  readonly max_index_interval?: number;
  /** Forced memtable flush period (0: none). */
  readonly memtable_flush_period_in_ms?: number;
  /** Minimum gap between partition index summary entries. */
  readonly min_index_interval?: number;
  /** Read repair strategy (`'BLOCKING'`, `'NONE'`). */
  readonly read_repair?: string;
  /** When a read is retried on another replica (`'99p'`, `'50ms'`, `'ALWAYS'`, …). */
  readonly speculative_retry?: string;
  /**
   * The row's other columns that are not structural (legacy or vendor options such as
   * `read_repair_chance`, `dclocal_read_repair_chance`), by column name.
   */
  readonly others: Readonly<Record<string, unknown>>;
}

type OptionName = Exclude<keyof TableOptions, 'others'>;
type OptionKind = 'text' | 'boolean' | 'double' | 'int' | 'textMap' | 'blobMap';

interface OptionSpec {
  /** Option (and `tables` column) name. */
  readonly name: OptionName;
  /** How the value is read and written. */
  readonly kind: OptionKind;
  /** Value a null reads as (Cassandra 5 leaves these unset unless given). */
  readonly nullMeans?: boolean | string;
  /** Not an option of materialized views. */
  readonly tablesOnly?: boolean;
}

/** Every modeled option, in the order DESCRIBE (Cassandra 5.0 `TableParams`) writes them. */
const OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'additional_write_policy', kind: 'text' },
  { name: 'allow_auto_snapshot', kind: 'boolean', nullMeans: true },
  { name: 'bloom_filter_fp_chance', kind: 'double' },
  { name: 'caching', kind: 'textMap' },
  { name: 'cdc', kind: 'boolean', nullMeans: false },
  { name: 'comment', kind: 'text' },
  { name: 'compaction', kind: 'textMap' },
  { name: 'compression', kind: 'textMap' },
  { name: 'memtable', kind: 'text', nullMeans: 'default' },
  { name: 'crc_check_chance', kind: 'double' },
  { name: 'default_time_to_live', kind: 'int', tablesOnly: true },
  { name: 'extensions', kind: 'blobMap' },
  { name: 'gc_grace_seconds', kind: 'int' },
  { name: 'incremental_backups', kind: 'boolean', nullMeans: true },
  { name: 'max_index_interval', kind: 'int' },
  { name: 'memtable_flush_period_in_ms', kind: 'int' },
  { name: 'min_index_interval', kind: 'int' },
  { name: 'read_repair', kind: 'text' },
  { name: 'speculative_retry', kind: 'text' },
];

/** Columns of `tables`/`views` rows that describe structure rather than options. */
const STRUCTURAL_COLUMNS: ReadonlySet<string> = new Set([
  'keyspace_name',
  'table_name',
  'view_name',
  'id',
  'flags',
  'base_table_id',
  'base_table_name',
  'include_all_columns',
  'where_clause',
]);

function readOption(ref: RowRef, spec: OptionSpec): unknown {
  switch (spec.kind) {
    case 'text':
      return optionalText(ref, spec.name);
    case 'boolean':
      return optionalBoolean(ref, spec.name);
    case 'double':
    case 'int':
      return optionalNumber(ref, spec.name);
    case 'textMap':
      return textMap(ref, spec.name);
    case 'blobMap':
      return blobMap(ref, spec.name);
  }
}

/**
 * Reads the options of a `system_schema.tables` or `views` row (`isView` drops
 * `default_time_to_live`, which views do not have).
 */
export function readTableOptions(ref: RowRef, isView: boolean): TableOptions {
  const options: Record<string, unknown> = {};
  for (const spec of OPTION_SPECS) {
    if (!hasColumn(ref, spec.name) || (isView && spec.tablesOnly === true)) continue;
    const isNull = ref.row[spec.name] == null;
    const value = isNull ? spec.nullMeans : readOption(ref, spec);
    if (value !== undefined) options[spec.name] = value;
  }
  options['comment'] ??= '';
  const modeled = new Set<string>(OPTION_SPECS.map((s) => s.name));
  const others = Object.fromEntries(
    Object.entries(ref.row).filter(([column]) => !modeled.has(column) && !STRUCTURAL_COLUMNS.has(column)),
  );
  options['others'] = Object.freeze(others);
  return Object.freeze(options as unknown as TableOptions);
}

/**
 * The options as DESCRIBE writes them, one `name = value` per entry, in DESCRIBE's order; options
 * the server did not report are left out.
 *
 * @example
 * ```ts
 * tableOptionsCql(table.options, false);
 * // ["additional_write_policy = '99p'", 'allow_auto_snapshot = true', 'bloom_filter_fp_chance = 0.01', …]
 * ```
 */
export function tableOptionsCql(options: TableOptions, isView: boolean): string[] {
  const lines: string[] = [];
  for (const spec of OPTION_SPECS) {
    if (isView && spec.tablesOnly === true) continue;
    const value = options[spec.name];
    if (value !== undefined) lines.push(`${spec.name} = ${optionValueCql(spec.kind, value)}`);
  }
  return lines;
}

function optionValueCql(kind: OptionKind, value: unknown): string {
  switch (kind) {
    case 'text':
      return cqlString(String(value));
    case 'boolean':
    case 'int':
      return String(value);
    case 'double':
      return javaDouble(value as number);
    case 'textMap':
      return cqlTextMap(value as Record<string, string>);
    case 'blobMap':
      return cqlBlobMap(value as ReadonlyMap<string, Uint8Array>);
  }
}
