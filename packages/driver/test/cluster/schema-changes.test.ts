import { MetadataStore } from '../../src/cluster/metadata-store';
import type { SchemaRows } from '../../src/cluster/metadata/schema-rows';
import type { SchemaScope } from '../../src/cluster/metadata/schema-scope';
import { coalesceSchemaChanges, SchemaRefresher, scopeKey } from '../../src/cluster/schema-refresher';
import { Host } from '../../src/cluster/host';
import type { SchemaChange } from '../../src/protocol/messages';

const table = (change: 'CREATED' | 'UPDATED' | 'DROPPED', keyspace: string, name: string): SchemaChange => ({
  change,
  target: 'TABLE',
  keyspace,
  name,
});
const keyspace = (change: 'CREATED' | 'UPDATED' | 'DROPPED', name: string): SchemaChange => ({
  change,
  target: 'KEYSPACE',
  keyspace: name,
});

describe('coalesceSchemaChanges', () => {
  it('keeps one refresh per element, decided by its last change', () => {
    const result = coalesceSchemaChanges([
      table('CREATED', 'ks', 'a'),
      table('UPDATED', 'ks', 'b'),
      table('DROPPED', 'ks', 'a'),
      table('UPDATED', 'ks', 'b'),
    ]);
    expect(result.map((r) => [scopeKey(r.scope), r.dropped])).toEqual([
      ['table:ks.a', true],
      ['table:ks.b', false],
    ]);
  });

  it('leaves out elements of a keyspace refreshed as a whole', () => {
    const result = coalesceSchemaChanges([
      table('CREATED', 'ks', 'a'),
      keyspace('UPDATED', 'ks'),
      table('UPDATED', 'other', 'x'),
    ]);
    expect(result.map((r) => scopeKey(r.scope))).toEqual(['keyspace:ks', 'table:other.x']);
  });

  it('tells overloads of a function apart', () => {
    const fn = (argTypes: string[]): SchemaChange => ({
      change: 'CREATED',
      target: 'FUNCTION',
      keyspace: 'ks',
      name: 'f',
      argTypes,
    });
    expect(coalesceSchemaChanges([fn(['int']), fn(['text']), fn(['int'])])).toHaveLength(2);
  });

  it('turns a very large batch, or an explicit full refresh, into one full refresh', () => {
    const many = Array.from({ length: 40 }, (_, i) => table('UPDATED', 'ks', `t${i}`));
    expect(coalesceSchemaChanges(many)).toEqual([{ scope: { kind: 'all' }, dropped: false }]);
    expect(coalesceSchemaChanges([table('UPDATED', 'ks', 'a'), 'all'])).toEqual([
      { scope: { kind: 'all' }, dropped: false },
    ]);
  });
});

/** A schema model that records what was applied. */
class RecordingSchema {
  constructor(readonly log: string[] = []) {}
  withRows(scope: SchemaScope, rows: SchemaRows): RecordingSchema {
    return new RecordingSchema([...this.log, `with ${scopeKey(scope)} (${rows.tables.length} tables)`]);
  }
  without(scope: SchemaScope): RecordingSchema {
    return new RecordingSchema([...this.log, `without ${scopeKey(scope)}`]);
  }
}

describe('SchemaRefresher', () => {
  const hosts = [new Host({ address: '10.0.0.1', port: 9042, datacenter: 'dc1', rack: 'r1', tokens: ['0'] })];

  function setup(schemaEnabled = true, tokensEnabled = true) {
    const queries: string[] = [];
    const store = new MetadataStore(new RecordingSchema(), tokensEnabled, () => hosts);
    const refresher = new SchemaRefresher({
      store,
      schemaEnabled,
      tokensEnabled,
      query: async (cql, params) => {
        queries.push(params?.length ? `${cql} [${String(params)}]` : cql);
        if (/system_schema\.keyspaces/.test(cql)) {
          return [
            {
              keyspace_name: 'ks',
              replication: new Map([
                ['class', 'SimpleStrategy'],
                ['replication_factor', '1'],
              ]),
            },
          ];
        }
        if (/system_schema\.tables/.test(cql)) return [{ keyspace_name: 'ks', table_name: 't' }];
        return [];
      },
    });
    return { store, refresher, queries };
  }

  it('loads a table scope and swaps a new snapshot in', async () => {
    const { store, refresher, queries } = setup();
    const before = store.snapshot;
    await refresher.refresh({ kind: 'table', keyspace: 'ks', table: 't' });
    expect(store.snapshot).not.toBe(before);
    expect(before.schema.log).toEqual([]);
    expect(store.snapshot.schema.log).toEqual(['with table:ks.t (1 tables)']);
    expect(queries.every((q) => /WHERE keyspace_name = \? AND (table|view)_name = \? \[ks,t\]/.test(q))).toBe(
      true,
    );
    expect(Object.isFrozen(store.snapshot)).toBe(true);
  });

  it('removes dropped elements without querying', async () => {
    const { store, refresher, queries } = setup();
    await refresher.apply(coalesceSchemaChanges([table('DROPPED', 'ks', 't')]));
    expect(store.snapshot.schema.log).toEqual(['without table:ks.t']);
    expect(queries).toEqual([]);
  });

  it('keeps keyspace replication and the token map in step', async () => {
    const { store, refresher } = setup();
    await refresher.refresh({ kind: 'all' });
    store.rebuildTokenMap('Murmur3Partitioner');
    expect(store.snapshot.replication.get('ks')).toEqual({
      class: 'SimpleStrategy',
      replication_factor: '1',
    });
    expect(store.snapshot.tokenMap.getReplicas('ks', 5n)).toEqual(hosts);
    await refresher.refresh({ kind: 'keyspace', keyspace: 'ks' }, true);
    expect(store.snapshot.tokenMap.getReplicas('ks', 5n)).toEqual([]);
  });

  it('only maintains what is enabled', async () => {
    const schemaOff = setup(false, true);
    await schemaOff.refresher.refresh({ kind: 'all' });
    expect(schemaOff.store.snapshot.schema.log).toEqual([]);
    expect(schemaOff.queries).toEqual(['SELECT keyspace_name, replication FROM system_schema.keyspaces']);

    const tokensOff = setup(true, false);
    await tokensOff.refresher.refresh({ kind: 'all' });
    tokensOff.store.rebuildTokenMap();
    expect(tokensOff.store.snapshot.tokenMap.tokenCount).toBe(0);
    expect(
      tokensOff.queries.some((q) => q === 'SELECT keyspace_name, replication FROM system_schema.keyspaces'),
    ).toBe(false);
  });
});
