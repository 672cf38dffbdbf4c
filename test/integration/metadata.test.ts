/**
 * Schema metadata against real Cassandra: a rich schema (nested and quoted user types, composite
 * keys, DESC clustering, static and counter columns, collections, tuples, a vector, table options,
 * built-in, custom and SAI indexes, materialized views, Java functions and aggregates) is loaded
 * with fetchSchemaRows + SchemaMetadata, and every statement of our toCql() is compared with the
 * server's own DESCRIBE. Scoped refreshes follow live schema changes.
 */
import type { Session } from '@cqlkit/driver';
import {
  fetchSchemaRows,
  schemaScopeOf,
  SchemaMetadata,
  type KeyspaceMetadata,
  type SchemaQuery,
  type SchemaScope,
} from '../../packages/driver/src/cluster/metadata';
import { richSchemaStatements } from '../../packages/driver/test/cluster/metadata/fixtures/rich-schema';
import { openTestKeyspace } from './driver/driver-test-cluster';

/** Whitespace-insensitive form of a statement. */
const normalized = (cql: string): string => cql.replace(/\s+/g, ' ').trim();

describe('schema metadata against Cassandra DESCRIBE', () => {
  let env: Awaited<ReturnType<typeof openTestKeyspace>>;
  let query: SchemaQuery;
  let schema: SchemaMetadata;
  let ks: string;

  /** The server's DESCRIBE output, one statement per row. */
  async function describe(what: string): Promise<string[]> {
    const rs = await env.session.execute(`DESCRIBE ${what}`, [], { paging: false });
    return rs.rows.map((row) => row['create_statement'] as string);
  }

  /** Runs a schema change and applies it to `schema` the way the control connection will. */
  async function change(session: Session, cql: string): Promise<SchemaScope> {
    const rs = await session.execute(cql);
    const schemaChange = rs.schemaChange;
    if (schemaChange === undefined) throw new Error(`no schema change for ${cql}`);
    const scope = schemaScopeOf(schemaChange);
    schema =
      schemaChange.change === 'DROPPED'
        ? schema.without(scope)
        : schema.withRows(scope, await fetchSchemaRows(query, scope));
    return scope;
  }

  function keyspace(): KeyspaceMetadata {
    const found = schema.keyspace(ks);
    if (found === undefined) throw new Error(`keyspace ${ks} not loaded`);
    return found;
  }

  beforeAll(async () => {
    env = await openTestKeyspace('meta');
    ks = env.keyspace;
    for (const statement of richSchemaStatements(ks)) await env.session.execute(statement);
    query = (cql, params) => env.session.execute(cql, params ?? [], { paging: false }).then((rs) => rs.rows);
    schema = SchemaMetadata.EMPTY.withRows({ kind: 'all' }, await fetchSchemaRows(query, { kind: 'all' }));
  });

  afterAll(async () => {
    await env?.close();
  });

  it('matches DESCRIBE KEYSPACE statement by statement (whitespace-normalized, and in fact exactly)', async () => {
    const server = await describe(`KEYSPACE ${ks}`);
    const ours = keyspace().cqlStatements();
    expect(ours.map(normalized)).toEqual(server.map(normalized));
    expect(ours).toEqual(server);
    // Everything the schema has is in there.
    expect(server.length).toBe(1 + 4 + 7 + 4 + 7 + 8 + 3);
  });

  it('matches DESCRIBE TABLE (table, its indexes and views) for every table', async () => {
    for (const table of keyspace().tables.values()) {
      const server = await describe(`TABLE ${ks}.${quoted(table.name)}`);
      expect(table.cqlStatements().map(normalized)).toEqual(server.map(normalized));
    }
  });

  it('matches DESCRIBE of each type, function, aggregate, index and materialized view', async () => {
    const k = keyspace();
    for (const type of k.userTypes.values()) {
      expect(normalized(type.toCql())).toBe(
        normalized((await describe(`TYPE ${ks}.${quoted(type.name)}`))[0]!),
      );
    }
    const functionNames = new Set([...k.functions.values()].map((f) => f.name));
    for (const name of functionNames) {
      const ours = [...k.functions.values()].filter((f) => f.name === name).map((f) => normalized(f.toCql()));
      expect(ours).toEqual((await describe(`FUNCTION ${ks}.${quoted(name)}`)).map(normalized));
    }
    for (const aggregate of k.aggregates.values()) {
      expect([normalized(aggregate.toCql())]).toEqual(
        (await describe(`AGGREGATE ${ks}.${quoted(aggregate.name)}`)).map(normalized),
      );
    }
    for (const table of k.tables.values()) {
      for (const index of table.indexes) {
        expect([normalized(index.toCql())]).toEqual(
          (await describe(`INDEX ${ks}.${quoted(index.name)}`)).map(normalized),
        );
      }
    }
    for (const view of k.views.values()) {
      expect([normalized(view.toCql())]).toEqual(
        (await describe(`MATERIALIZED VIEW ${ks}.${quoted(view.name)}`)).map(normalized),
      );
    }
  });

  it('models the rich schema', () => {
    const k = keyspace();
    const events = k.table('events')!;
    expect(events.partitionKey.map((c) => c.name)).toEqual(['tenant', 'day']);
    expect(events.clusteringKey.map((c) => `${c.column.name} ${c.order}`)).toEqual(['ts DESC', 'seq ASC']);
    expect(events.staticColumns.map((c) => c.name)).toEqual(['owner']);
    expect(events.column('embedding')!.type).toEqual({
      kind: 'vector',
      element: { kind: 'float' },
      dimension: 3,
    });
    expect(events.options).toMatchObject({
      comment: "it's events",
      default_time_to_live: 3600,
      gc_grace_seconds: 7200,
    });
    expect(events.index('Ann')!.isSai).toBe(true);
    expect(k.table('page_counts')!.isCounterTable).toBe(true);
    expect([...k.userTypes.keys()]).toEqual(['geo', 'address', 'Person', 'pair']);
    expect(k.table('Users')!.views.map((v) => v.name)).toEqual(['users_by_email', 'UsersByName']);
    expect(k.aggregate('average', ['int'])!.finalFunction).toBe('avg_final');
    expect(k.replication).toEqual({
      class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      datacenter1: '1',
    });
  });

  it('matches DESCRIBE for the system and virtual keyspaces', async () => {
    for (const name of [
      'system_schema',
      'system_auth',
      'system_distributed',
      'system_traces',
      'system_views',
      'system_virtual_schema',
    ]) {
      const ours = schema.keyspace(name)?.cqlStatements() ?? [];
      expect(ours.map(normalized)).toEqual((await describe(`KEYSPACE ${name}`)).map(normalized));
    }
    expect(schema.keyspace('system_views')!.virtual).toBe(true);
  });

  it('follows ALTER TABLE with a table refresh that keeps the other tables', async () => {
    const before = keyspace();
    const scope = await change(env.session, `ALTER TABLE ${ks}.page_counts ADD "Errors" counter`);
    expect(scope).toEqual({ kind: 'table', keyspace: ks, table: 'page_counts' });
    const after = keyspace();
    expect(after.table('page_counts')!.column('Errors')!.type).toEqual({ kind: 'counter' });
    expect(after.table('events')).toBe(before.table('events'));
    expect(after.userType('address')).toBe(before.userType('address'));
    expect(after.table('page_counts')!.cqlStatements()).toEqual(await describe(`TABLE ${ks}.page_counts`));
  });

  it('follows ALTER TYPE: the type, the types and tables using it are rebuilt', async () => {
    const before = keyspace();
    await change(env.session, `ALTER TYPE ${ks}.geo ADD alt float`);
    const after = keyspace();
    expect(after.userType('geo')!.fields.map((f) => f.name)).toEqual(['lat', 'lon', 'alt']);
    expect(after.userType('address')).not.toBe(before.userType('address'));
    expect(after.table('events')).not.toBe(before.table('events'));
    expect(after.table('tuned')).toBe(before.table('tuned'));
    // Tables keep their rows (`frozen<address>`); rebuilding them with the new type is enough.
    expect(keyspace().cqlStatements()).toEqual(await describe(`KEYSPACE ${ks}`));
  });

  it('follows CREATE and DROP of functions, aggregates, indexes, views and tables', async () => {
    const s = env.session;
    await change(
      s,
      `CREATE FUNCTION ${ks}.twice(v int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return v * 2;'`,
    );
    expect(keyspace().function('twice', ['int'])!.body).toBe('return v * 2;');
    // Events name argument types differently from system_schema (`ks.address`, unfrozen tuples).
    await change(
      s,
      `CREATE FUNCTION ${ks}.with_udt(a tuple<int, text>, b address) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return 1;'`,
    );
    expect(keyspace().function('with_udt', ['tuple<int, text>', 'address'])).toBeDefined();
    await change(s, `DROP FUNCTION ${ks}.with_udt`);
    expect(keyspace().function('with_udt', ['tuple<int, text>', 'address'])).toBeUndefined();
    await change(s, `CREATE AGGREGATE ${ks}.sum_twice(int) SFUNC sum_state STYPE int INITCOND 0`);
    await change(s, `CREATE INDEX tuned_s_idx ON ${ks}.tuned (s)`);
    expect(keyspace().table('tuned')!.index('tuned_s_idx')).toBeDefined();
    await change(s, `CREATE TABLE ${ks}.scratch (k int PRIMARY KEY, v text)`);
    await change(
      s,
      `CREATE MATERIALIZED VIEW ${ks}.scratch_by_v AS SELECT k, v FROM ${ks}.scratch WHERE v IS NOT NULL AND k IS NOT NULL PRIMARY KEY (v, k)`,
    );
    expect(
      keyspace()
        .table('scratch')!
        .views.map((v) => v.name),
    ).toEqual(['scratch_by_v']);
    expect(keyspace().cqlStatements()).toEqual(await describe(`KEYSPACE ${ks}`));

    await change(s, `DROP MATERIALIZED VIEW ${ks}.scratch_by_v`);
    expect(keyspace().view('scratch_by_v')).toBeUndefined();
    expect(keyspace().table('scratch')!.views).toEqual([]);
    await change(s, `DROP TABLE ${ks}.scratch`);
    await change(s, `DROP INDEX ${ks}.tuned_s_idx`);
    await change(s, `DROP AGGREGATE ${ks}.sum_twice`);
    await change(s, `DROP FUNCTION ${ks}.twice`);
    const k = keyspace();
    expect(k.table('scratch')).toBeUndefined();
    expect(k.table('tuned')!.indexes).toEqual([]);
    expect(k.aggregate('sum_twice', ['int'])).toBeUndefined();
    expect(k.function('twice', ['int'])).toBeUndefined();
    expect(k.cqlStatements()).toEqual(await describe(`KEYSPACE ${ks}`));
  });

  it('drops the keyspace on DROP KEYSPACE, and a full refresh returns equal parts with the same identity', async () => {
    const other = `${ks}_x`;
    await change(
      env.session,
      `CREATE KEYSPACE ${other} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    expect(schema.keyspace(other)).toBeDefined();
    await change(env.session, `DROP KEYSPACE ${other}`);
    expect(schema.keyspace(other)).toBeUndefined();

    const before = keyspace();
    const refreshed = schema.withRows({ kind: 'all' }, await fetchSchemaRows(query, { kind: 'all' }));
    expect(refreshed.keyspace(ks)).toBe(before);
  });
});

/** A name as it must be written in DESCRIBE (quoted when not lower-case). */
function quoted(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
