/**
 * Keyword lists of Cassandra 5.0, shared by the identifier unit test and its integration test
 * against a real node.
 */

/** `reserved_keywords.txt` of cassandra-all 5.0.9 (org/apache/cassandra/cql3), lower-cased, in file order. */
export const CASSANDRA_5_0_RESERVED: readonly string[] = (
  'add allow alter and apply asc authorize batch begin by columnfamily create delete desc describe drop ' +
  'entries execute from full grant if in index infinity insert into is keyspace limit materialized modify ' +
  'nan norecursive not null of on or order primary rename revoke schema select set table to token truncate ' +
  'unlogged update use using view where with'
).split(' ');

/**
 * Keywords (or would-be keywords) Cassandra 5.0 does not reserve, including the ones older lists
 * (the mapper's former list, earlier Java drivers, later Cassandra versions) treated as reserved.
 */
export const CASSANDRA_5_0_UNRESERVED: readonly string[] = [
  'aggregate',
  'all',
  'between',
  'default',
  'like',
  'mbean',
  'mbeans',
  'replace',
  'unset',
  'keys',
  'type',
  'value',
  'values',
  'timestamp',
  'ttl',
  'count',
  'writetime',
  'static',
  'frozen',
  'vector',
  'check',
  'length',
  'constraint',
];
