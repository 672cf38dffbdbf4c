import { SchemaMetadata, type KeyspaceMetadata } from '../../../src/cluster/metadata';
import type { UdtDataType } from '../../../src/types';
import { RICH_KEYSPACE, RICH_ROWS } from './fixtures/cassandra5-schema';

function rich(): KeyspaceMetadata {
  return SchemaMetadata.EMPTY.withRows({ kind: 'keyspace', keyspace: RICH_KEYSPACE }, RICH_ROWS).keyspace(
    RICH_KEYSPACE,
  )!;
}

describe('metadata model built from Cassandra 5 rows', () => {
  it('reads keyspace options', () => {
    const ks = rich();
    expect(ks.name).toBe(RICH_KEYSPACE);
    expect(ks.replication).toEqual({
      class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      datacenter1: '1',
    });
    expect(ks.durableWrites).toBe(false);
    expect(ks.virtual).toBe(false);
  });

  it('arranges table columns by role: partition key, clustering with order, static, then the rest', () => {
    const events = rich().table('events')!;
    expect(events.partitionKey.map((c) => c.name)).toEqual(['tenant', 'day']);
    expect(events.clusteringKey.map((k) => [k.column.name, k.order])).toEqual([
      ['ts', 'DESC'],
      ['seq', 'ASC'],
    ]);
    expect(events.staticColumns.map((c) => c.name)).toEqual(['owner']);
    // Simple columns before multi-cell ones, each by UTF-8 name order ("C" < "e").
    expect(events.columns.map((c) => c.name)).toEqual([
      'tenant',
      'day',
      'ts',
      'seq',
      'owner',
      'CamelCol',
      'embedding',
      'home',
      'payload',
      'attrs',
      'hist',
      'tags',
    ]);
    const ts = events.column('ts')!;
    expect([ts.kind, ts.position, ts.clusteringOrder, ts.isReversed]).toEqual([
      'clustering',
      0,
      'DESC',
      true,
    ]);
    const day = events.column('day')!;
    expect([day.kind, day.position, day.clusteringOrder, day.isReversed]).toEqual([
      'partition_key',
      1,
      'NONE',
      false,
    ]);
    expect(events.column('owner')!.toCql()).toBe('owner text static');
  });

  it('parses column types, resolving frozen nested user types and vectors', () => {
    const events = rich().table('events')!;
    expect(events.column('embedding')!.type).toEqual({
      kind: 'vector',
      element: { kind: 'float' },
      dimension: 3,
    });
    expect(events.column('attrs')!.type).toEqual({
      kind: 'map',
      key: { kind: 'text' },
      value: { kind: 'int' },
    });
    const home = events.column('home')!;
    expect(home.typeText).toBe('frozen<address>');
    const address = home.type as UdtDataType;
    expect(address).toMatchObject({ kind: 'udt', keyspace: RICH_KEYSPACE, name: 'address', frozen: true });
    expect(address.fields.map((f) => f.name)).toEqual(['street', 'city', 'location', 'tags']);
    expect(address.fields[2]!.type).toMatchObject({ kind: 'udt', name: 'geo', frozen: true });
    expect(home.isMultiCell).toBe(false);
    expect(events.column('tags')!.isMultiCell).toBe(true);
  });

  it('exposes user types with their DataType for codecs, fields resolved in dependency order', () => {
    const ks = rich();
    const person = ks.userType('Person')!;
    expect(person.dataType.kind).toBe('udt');
    expect(person.dataType.frozen).toBeUndefined();
    expect(person.fields.map((f) => f.name)).toEqual(['FirstName', 'addresses', 'select']);
    expect(person.fields[1]!.type).toMatchObject({
      kind: 'list',
      element: { kind: 'udt', name: 'address', frozen: true },
    });
    expect([...person.dependencies].sort()).toEqual(['address', 'geo']);
    // The same resolved object is shared by every use of the type.
    expect(ks.userType('address')!.dataType.fields).toBe(
      (ks.table('events')!.column('home')!.type as UdtDataType).fields,
    );
  });

  it('reads every table option, server defaults filling the ones Cassandra 5 stores as null', () => {
    const events = rich().table('events')!;
    expect(events.options).toMatchObject({
      comment: "it's events",
      default_time_to_live: 3600,
      gc_grace_seconds: 7200,
      bloom_filter_fp_chance: 0.1,
      caching: { keys: 'ALL', rows_per_partition: '10' },
      allow_auto_snapshot: true,
      incremental_backups: true,
      cdc: false,
      memtable: 'default',
      speculative_retry: '99p',
      read_repair: 'BLOCKING',
    });
    expect(events.options.compaction).toEqual({
      class: 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy',
      max_threshold: '32',
      min_threshold: '4',
      sstable_size_in_mb: '160',
    });
    expect(events.options.extensions?.size).toBe(0);
    expect(events.options.others).toMatchObject({ read_repair_chance: 0, dclocal_read_repair_chance: 0 });
    expect(events.flags).toEqual(['compound']);
    expect(events.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const tuned = rich().table('tuned')!;
    expect([tuned.options.allow_auto_snapshot, tuned.options.incremental_backups]).toEqual([false, false]);
  });

  it('models built-in, custom and SAI indexes', () => {
    const ks = rich();
    const users = ks.table('Users')!;
    expect(users.indexes.map((i) => [i.name, i.kind, i.target, i.isSai])).toEqual([
      ['users_age_sai', 'CUSTOM', 'age', true],
      ['users_email_idx', 'COMPOSITES', 'email', false],
    ]);
    const ann = ks.table('events')!.index('Ann')!;
    expect(ann.className).toBe('sai');
    expect(ann.options).toEqual({ class_name: 'sai', similarity_function: 'COSINE', target: 'embedding' });
    expect(ann.toCql()).toBe(
      `CREATE CUSTOM INDEX "Ann" ON ${RICH_KEYSPACE}.events (embedding) USING 'sai' WITH OPTIONS = {'similarity_function': 'COSINE'};`,
    );
    expect(ks.table('events')!.index('events_attrs_keys')!.target).toBe('keys(attrs)');
    expect(ks.table('odd_columns')!.index('odd_columns_quotedname_idx')!.target).toBe('"quoted""name"');
  });

  it('models materialized views and links them to their base table', () => {
    const ks = rich();
    const view = ks.view('users_by_email')!;
    expect(view.baseTableName).toBe('Users');
    expect(view.baseTableId).toBe(ks.table('Users')!.id);
    expect(view.whereClause).toBe('email IS NOT NULL AND id IS NOT NULL');
    expect(view.includeAllColumns).toBe(false);
    expect(view.partitionKey.map((c) => c.name)).toEqual(['email']);
    expect(view.clusteringKey.map((k) => [k.column.name, k.order])).toEqual([['id', 'DESC']]);
    expect(view.options.comment).toBe('by email');
    expect(view.options.default_time_to_live).toBeUndefined();
    expect(ks.table('Users')!.view('users_by_email')).toBe(view);
    expect(ks.view('odd_by_key')!.includeAllColumns).toBe(true);
  });

  it('models functions and aggregates, keyed by signature', () => {
    const ks = rich();
    const state = ks.function('avg_state', ['frozen<tuple<int, bigint>>', 'int'])!;
    expect(ks.function('avg_state', ['tuple<int,bigint>', 'int'])).toBe(state);
    expect(state.signature).toBe('avg_state(tuple<int,bigint>,int)');
    expect(ks.functions.has('avg_state(tuple<int,bigint>,int)')).toBe(true);
    expect(state).toMatchObject({
      language: 'java',
      calledOnNullInput: true,
      argumentNames: ['state', 'val'],
    });
    expect(state.returnType).toEqual({ kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'bigint' }] });
    expect(state.deterministic).toBeUndefined();
    const plus = ks.function('Plus', ['int', 'int'])!;
    expect(plus.calledOnNullInput).toBe(false);
    expect(plus.toCql()).toContain(`CREATE FUNCTION ${RICH_KEYSPACE}."Plus"(a int, "B" int)`);
    expect(ks.function('describe_it', ['int'])).not.toBe(
      ks.function('describe_it', ['list<int>', 'address', 'tuple<int, text>', 'map<text, int>']),
    );
    const average = ks.aggregate('average', ['int'])!;
    expect(average).toMatchObject({
      stateFunction: 'avg_state',
      finalFunction: 'avg_final',
      initCondition: '(0, 0)',
    });
    expect(average.returnType).toEqual({ kind: 'double' });
    expect(ks.aggregate('total_no_init', ['int'])!.initCondition).toBeUndefined();
  });

  it('freezes metadata objects', () => {
    const ks = rich();
    const table = ks.table('events')!;
    expect(Object.isFrozen(ks)).toBe(true);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.columns)).toBe(true);
    expect(Object.isFrozen(table.column('tenant'))).toBe(true);
    expect(Object.isFrozen(table.options)).toBe(true);
    expect(Object.isFrozen(ks.userType('geo')!.dataType)).toBe(true);
  });
});
