/**
 * The driver's CQL identifier rules against real Cassandra: every keyword it treats as reserved
 * is rejected unquoted and accepted quoted, and the keywords it leaves unquoted (some of which
 * older keyword lists reserved) are accepted as plain names.
 */
import { CqlSyntaxError, cqlIdentifier, isReservedKeyword, qualifiedName } from '@cqlkit/driver';
import {
  CASSANDRA_5_0_RESERVED as RESERVED,
  CASSANDRA_5_0_UNRESERVED as UNRESERVED,
} from '../../../packages/driver/test/cql/cassandra-keywords';
import { openTestKeyspace } from './driver-test-cluster';

describe('CQL identifiers against real Cassandra', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;

  beforeAll(async () => {
    env = await openTestKeyspace('identifiers');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('rejects every reserved keyword as an unquoted column name', async () => {
    for (const word of RESERVED) {
      expect(isReservedKeyword(word)).toBe(true);
      await expect(
        env.session.execute(`CREATE TABLE t_${word} (${word} int PRIMARY KEY)`),
      ).rejects.toBeInstanceOf(CqlSyntaxError);
    }
  });

  it('creates a table whose columns are the reserved keywords, quoted by cqlIdentifier', async () => {
    const columns = RESERVED.map((w) => `${cqlIdentifier(w)} int`).join(', ');
    await env.session.execute(
      `CREATE TABLE ${qualifiedName(env.keyspace, 'Reserved')} (pk int PRIMARY KEY, ${columns})`,
    );
    const table = env.cluster.schema.keyspace(env.keyspace)?.table('Reserved');
    expect(table?.columns.map((c) => c.name).sort()).toEqual(['pk', ...RESERVED].sort());
  });

  it('accepts the unreserved keywords as unquoted column names', async () => {
    for (const word of UNRESERVED) expect(cqlIdentifier(word)).toBe(word);
    const columns = UNRESERVED.map((w) => `${w} int`).join(', ');
    await env.session.execute(`CREATE TABLE unreserved (pk int PRIMARY KEY, ${columns})`);
    const table = env.cluster.schema.keyspace(env.keyspace)?.table('unreserved');
    expect(table?.columns.map((c) => c.name).sort()).toEqual(['pk', ...UNRESERVED].sort());
  });
});
