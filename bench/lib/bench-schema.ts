/**
 * The benchmark's keyspace, tables and statements, shared by the data loader, the fixture
 * capture, the stub server and both driver workers (so every side runs the same CQL text).
 *
 * Data set:
 * - `items`: 1000 partitions × 100 rows = 100 000 rows of 5 mixed columns
 *   (ck int, id uuid, n bigint, label text, payload blob[34]) — point reads, 100-row reads, the scan.
 * - `items_1k`: 1000 single-row partitions with a 1 KB text-like payload — the protocol-variant reads.
 * - `writes`: the insert target, recreated at the start of every suite that inserts.
 */

/** Keyspace of every benchmark table. */
export const BENCH_KEYSPACE = 'cqlkit_bench';

/** Partitions of `items`. */
export const ITEM_PARTITIONS = 1000;
/** Rows per partition of `items`. */
export const ROWS_PER_PARTITION = 100;
/** Rows of `items` (the paged scan reads them all). */
export const ITEM_ROWS = ITEM_PARTITIONS * ROWS_PER_PARTITION;
/** Partitions (one row each) of `items_1k`. */
export const ITEM_1K_PARTITIONS = 1000;
/** Distinct partition keys the insert workloads cycle through (mostly overwrites). */
export const INSERT_KEY_SPACE = 100_000;
/** Page size of scans (both drivers' default). */
export const SCAN_PAGE_SIZE = 5000;

const COLUMNS = '(pk int, ck int, id uuid, n bigint, label text, payload blob, PRIMARY KEY (pk, ck))';

/** CQL creating the keyspace (durable_writes off: commit-log cost is not what is measured). */
export const CREATE_KEYSPACE =
  `CREATE KEYSPACE IF NOT EXISTS ${BENCH_KEYSPACE} WITH replication = ` +
  `{'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = false`;

/** CQL creating each read table. */
export const CREATE_READ_TABLES = [
  `CREATE TABLE IF NOT EXISTS ${BENCH_KEYSPACE}.items ${COLUMNS}`,
  `CREATE TABLE IF NOT EXISTS ${BENCH_KEYSPACE}.items_1k ${COLUMNS}`,
];

/** CQL dropping and creating the insert table (a fresh table per suite). */
export const RECREATE_WRITE_TABLE = [
  `DROP TABLE IF EXISTS ${BENCH_KEYSPACE}.writes`,
  `CREATE TABLE ${BENCH_KEYSPACE}.writes ${COLUMNS}`,
];

const SELECTED = 'ck, id, n, label, payload';
const INSERT = `INSERT INTO ${BENCH_KEYSPACE}.writes (pk, ck, id, n, label, payload) VALUES (?, ?, ?, ?, ?, ?)`;

/** The prepared statements of the benchmark, by name. */
export const STATEMENTS = {
  insert: INSERT,
  select1: `SELECT ${SELECTED} FROM ${BENCH_KEYSPACE}.items WHERE pk = ? AND ck = ?`,
  select100: `SELECT ${SELECTED} FROM ${BENCH_KEYSPACE}.items WHERE pk = ? LIMIT 100`,
  scan: `SELECT ${SELECTED} FROM ${BENCH_KEYSPACE}.items`,
  select1k: `SELECT ${SELECTED} FROM ${BENCH_KEYSPACE}.items_1k WHERE pk = ? AND ck = ?`,
  /** The stub server prepares it but never answers its EXECUTEs (memory per in-flight request). */
  blackhole: `${INSERT} USING TTL 600`,
} as const;

/** Name of a benchmark statement. */
export type StatementName = keyof typeof STATEMENTS;

/** Every statement name, in a stable order. */
export const STATEMENT_NAMES = Object.keys(STATEMENTS) as StatementName[];
