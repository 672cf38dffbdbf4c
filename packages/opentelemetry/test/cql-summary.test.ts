/** summarizeCql: the operation, table, keyspace and summary of CQL statements. */
import { summarizeCql } from '../src/cql-summary';

describe('summarizeCql', () => {
  it.each([
    ['SELECT * FROM users WHERE id = ?', 'SELECT', 'users', undefined, 'SELECT users'],
    ['select a, b from shop.users', 'select', 'shop.users', 'shop', 'select shop.users'],
    [
      'SELECT count(*), \'FROM x\' FROM "Shop"."Users" LIMIT 1',
      'SELECT',
      '"Shop"."Users"',
      'Shop',
      'SELECT "Shop"."Users"',
    ],
    ['SELECT writetime(v) FROM kv', 'SELECT', 'kv', undefined, 'SELECT kv'],
    [
      '/* hint */ -- line\nINSERT INTO readings (a) VALUES (?)',
      'INSERT',
      'readings',
      undefined,
      'INSERT readings',
    ],
    ['INSERT INTO t JSON \'{"a": "FROM"}\'', 'INSERT', 't', undefined, 'INSERT t'],
    ['UPDATE ks.counters SET n = n + 1 WHERE k = ?', 'UPDATE', 'ks.counters', 'ks', 'UPDATE ks.counters'],
    ['DELETE v FROM kv WHERE k = ? IF EXISTS', 'DELETE', 'kv', undefined, 'DELETE kv'],
    ['TRUNCATE TABLE kv', 'TRUNCATE', 'kv', undefined, 'TRUNCATE kv'],
    ['USE shop', 'USE', undefined, 'shop', 'USE shop'],
    [
      'CREATE TABLE IF NOT EXISTS shop.t (k int PRIMARY KEY)',
      'CREATE TABLE',
      'shop.t',
      'shop',
      'CREATE TABLE shop.t',
    ],
    ['drop table if exists t', 'drop table', 't', undefined, 'drop table t'],
    [
      "CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy'}",
      'CREATE KEYSPACE',
      undefined,
      'shop',
      'CREATE KEYSPACE shop',
    ],
    [
      'CREATE CUSTOM INDEX i ON t (v) USING ?',
      'CREATE CUSTOM INDEX',
      't',
      undefined,
      'CREATE CUSTOM INDEX t',
    ],
    ['CREATE INDEX ON t (v)', 'CREATE INDEX', 't', undefined, 'CREATE INDEX t'],
    [
      'CREATE MATERIALIZED VIEW v AS SELECT * FROM t',
      'CREATE MATERIALIZED VIEW',
      'v',
      undefined,
      'CREATE MATERIALIZED VIEW v',
    ],
    [
      'CREATE OR REPLACE FUNCTION f() RETURNS int',
      'CREATE OR REPLACE FUNCTION',
      undefined,
      undefined,
      'CREATE OR REPLACE FUNCTION',
    ],
    ['ALTER TYPE address ADD zip text', 'ALTER TYPE', undefined, undefined, 'ALTER TYPE'],
    [
      'BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1); APPLY BATCH',
      'BATCH',
      undefined,
      undefined,
      'BATCH',
    ],
    ['GRANT SELECT ON ALL KEYSPACES TO r', 'GRANT', undefined, undefined, 'GRANT'],
  ])('%s', (cql, operation, collection, namespace, summary) => {
    expect(summarizeCql(cql)).toEqual({ operation, collection, namespace, summary });
  });

  it('never throws on unterminated literals, comments or an empty text', () => {
    expect(summarizeCql("SELECT 'oops FROM t").summary).toBe('SELECT');
    expect(summarizeCql('/* never closed').summary).toBe('');
    expect(summarizeCql('').operation).toBeUndefined();
    expect(summarizeCql('SELECT (a FROM').summary).toBe('SELECT');
  });
});
