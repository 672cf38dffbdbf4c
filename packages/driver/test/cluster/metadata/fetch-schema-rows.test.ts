import {
  fetchSchemaRows,
  schemaScopeOf,
  type SchemaQuery,
  type SchemaScope,
} from '../../../src/cluster/metadata';
import { InvalidRequestError } from '../../../src/errors';

interface Call {
  readonly cql: string;
  readonly params: readonly unknown[] | undefined;
}

/** A query function that records calls and answers one row naming the table it was asked for. */
function recordingQuery(fail: (cql: string) => Error | undefined = () => undefined): {
  query: SchemaQuery;
  calls: Call[];
} {
  const calls: Call[] = [];
  const query: SchemaQuery = async (cql, params) => {
    calls.push({ cql, params });
    const error = fail(cql);
    if (error !== undefined) throw error;
    return [{ from: /FROM (\S+)/.exec(cql)?.[1] }];
  };
  return { query, calls };
}

const invalid = (): InvalidRequestError =>
  new InvalidRequestError({ code: 0x2200, message: 'table does not exist' });

describe('fetchSchemaRows', () => {
  it('loads every schema table for the whole schema', async () => {
    const { query, calls } = recordingQuery();
    const rows = await fetchSchemaRows(query, { kind: 'all' });
    expect(calls.map((c) => c.cql).sort()).toEqual(
      [
        'system_schema.aggregates',
        'system_schema.column_masks',
        'system_schema.columns',
        'system_schema.functions',
        'system_schema.indexes',
        'system_schema.keyspaces',
        'system_schema.tables',
        'system_schema.types',
        'system_schema.views',
        'system_virtual_schema.columns',
        'system_virtual_schema.keyspaces',
        'system_virtual_schema.tables',
      ].map((t) => `SELECT * FROM ${t}`),
    );
    expect(calls.every((c) => c.params?.length === 0)).toBe(true);
    expect(rows.tables).toEqual([{ from: 'system_schema.tables' }]);
    expect(rows.virtualColumns).toEqual([{ from: 'system_virtual_schema.columns' }]);
  });

  it('restricts a keyspace scope to the keyspace, with a bound parameter', async () => {
    const { query, calls } = recordingQuery();
    await fetchSchemaRows(query, { kind: 'keyspace', keyspace: "it's" });
    expect(calls).toHaveLength(12);
    for (const call of calls) {
      expect(call.cql).toMatch(/ WHERE keyspace_name = \?$/);
      expect(call.params).toEqual(["it's"]);
    }
  });

  it('loads a table (or view of that name) with its columns, indexes and masks only', async () => {
    const { query, calls } = recordingQuery();
    const rows = await fetchSchemaRows(query, { kind: 'table', keyspace: 'ks', table: 'Users' });
    expect(calls.map((c) => [c.cql, c.params])).toEqual([
      ['SELECT * FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?', ['ks', 'Users']],
      ['SELECT * FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?', ['ks', 'Users']],
      ['SELECT * FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?', ['ks', 'Users']],
      ['SELECT * FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?', ['ks', 'Users']],
      [
        'SELECT * FROM system_schema.column_masks WHERE keyspace_name = ? AND table_name = ?',
        ['ks', 'Users'],
      ],
    ]);
    expect(rows.keyspaces).toEqual([]);
    expect(rows.types).toEqual([]);
  });

  it.each<[SchemaScope, string, unknown[]]>([
    [
      { kind: 'type', keyspace: 'ks', type: 'addr' },
      'system_schema.types WHERE keyspace_name = ? AND type_name = ?',
      ['ks', 'addr'],
    ],
    [
      { kind: 'function', keyspace: 'ks', name: 'f', argTypes: ['int'] },
      'system_schema.functions WHERE keyspace_name = ? AND function_name = ?',
      ['ks', 'f'],
    ],
    [
      { kind: 'aggregate', keyspace: 'ks', name: 'agg', argTypes: [] },
      'system_schema.aggregates WHERE keyspace_name = ? AND aggregate_name = ?',
      ['ks', 'agg'],
    ],
  ])('loads one element for %o', async (scope, from, params) => {
    const { query, calls } = recordingQuery();
    await fetchSchemaRows(query, scope);
    expect(calls).toEqual([{ cql: `SELECT * FROM ${from}`, params }]);
  });

  it('runs the queries concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const query: SchemaQuery = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return [];
    };
    await fetchSchemaRows(query, { kind: 'all' });
    expect(maxInFlight).toBe(12);
  });

  it('treats optional tables the server does not have as empty', async () => {
    const { query } = recordingQuery((cql) =>
      /column_masks|system_virtual_schema/.test(cql) ? invalid() : undefined,
    );
    const rows = await fetchSchemaRows(query, { kind: 'all' });
    expect(rows.columnMasks).toEqual([]);
    expect(rows.virtualKeyspaces).toEqual([]);
    expect(rows.tables).toHaveLength(1);
  });

  it('fails on an invalid required table, and on any other error of an optional one', async () => {
    await expect(
      fetchSchemaRows(
        recordingQuery((cql) => (cql.includes('system_schema.views') ? invalid() : undefined)).query,
        { kind: 'all' },
      ),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    const timeout = new Error('connection closed');
    await expect(
      fetchSchemaRows(recordingQuery((cql) => (cql.includes('column_masks') ? timeout : undefined)).query, {
        kind: 'all',
      }),
    ).rejects.toBe(timeout);
  });
});

describe('schemaScopeOf', () => {
  it('maps schema change targets to refresh scopes', () => {
    expect(schemaScopeOf({ change: 'UPDATED', target: 'KEYSPACE', keyspace: 'ks' })).toEqual({
      kind: 'keyspace',
      keyspace: 'ks',
    });
    expect(schemaScopeOf({ change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 't' })).toEqual({
      kind: 'table',
      keyspace: 'ks',
      table: 't',
    });
    expect(schemaScopeOf({ change: 'DROPPED', target: 'TYPE', keyspace: 'ks', name: 'u' })).toEqual({
      kind: 'type',
      keyspace: 'ks',
      type: 'u',
    });
    expect(
      schemaScopeOf({ change: 'CREATED', target: 'FUNCTION', keyspace: 'ks', name: 'f', argTypes: ['int'] }),
    ).toEqual({
      kind: 'function',
      keyspace: 'ks',
      name: 'f',
      argTypes: ['int'],
    });
    expect(
      schemaScopeOf({ change: 'CREATED', target: 'AGGREGATE', keyspace: 'ks', name: 'a', argTypes: [] }),
    ).toEqual({
      kind: 'aggregate',
      keyspace: 'ks',
      name: 'a',
      argTypes: [],
    });
  });
});
