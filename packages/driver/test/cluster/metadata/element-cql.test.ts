import { SchemaMetadata, type KeyspaceMetadata } from '../../../src/cluster/metadata';
import {
  aggregateRow,
  columnRow,
  functionRow,
  keyspaceRow,
  schemaRows,
  tableRow,
} from './fixtures/schema-row-builders';

const KS = 'ks';

function keyspaceWith(lists: Parameters<typeof schemaRows>[0], ks = keyspaceRow(KS)): KeyspaceMetadata {
  const name = ks['keyspace_name'] as string;
  return SchemaMetadata.EMPTY.withRows({ kind: 'all' }, schemaRows({ keyspaces: [ks], ...lists })).keyspace(
    name,
  )!;
}

describe('CREATE KEYSPACE', () => {
  it('shortens Cassandra strategy classes and lists data centers in the server HashMap order', () => {
    const ks = keyspaceWith(
      {},
      keyspaceRow(
        'multi',
        { class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '3', dc2: '2', dc3: '1' },
        false,
      ),
    );
    expect(ks.createStatement()).toBe(
      "CREATE KEYSPACE multi WITH replication = {'class': 'NetworkTopologyStrategy', 'dc2': '2', 'dc1': '3', 'dc3': '1'}  AND durable_writes = false;",
    );
  });

  it('keeps other strategy classes whole and quotes names that need it', () => {
    const ks = keyspaceWith(
      {},
      keyspaceRow('Shop', { class: 'com.example.locator.CustomStrategy', factor: '2' }),
    );
    expect(ks.createStatement()).toBe(
      `CREATE KEYSPACE "Shop" WITH replication = {'class': 'com.example.locator.CustomStrategy', 'factor': '2'}  AND durable_writes = true;`,
    );
  });
});

describe('CREATE TABLE details', () => {
  it('writes column masks (Cassandra 5 dynamic data masking)', () => {
    const table = keyspaceWith({
      tables: [tableRow(KS, 'people')],
      columns: [
        columnRow(KS, 'people', 'id', 'int', 'partition_key', 0),
        columnRow(KS, 'people', 'email', 'text'),
        columnRow(KS, 'people', 'phone', 'text'),
      ],
      columnMasks: [
        {
          keyspace_name: KS,
          table_name: 'people',
          column_name: 'email',
          function_keyspace: 'system',
          function_name: 'mask_default',
          function_argument_types: [],
          function_argument_values: [],
        },
        {
          keyspace_name: KS,
          table_name: 'people',
          column_name: 'phone',
          function_keyspace: 'system',
          function_name: 'mask_inner',
          function_argument_types: ['int', 'int'],
          function_argument_values: ['1', null],
        },
      ],
    }).table('people')!;
    expect(table.column('phone')!.mask).toEqual({
      functionKeyspace: 'system',
      functionName: 'mask_inner',
      argumentTypes: ['int', 'int'],
      argumentValues: ['1', null],
    });
    expect(table.createStatement().split('\n').slice(0, 4)).toEqual([
      'CREATE TABLE ks.people (',
      '    id int PRIMARY KEY,',
      '    email text MASKED WITH system.mask_default(),',
      '    phone text MASKED WITH system.mask_inner(1, null)',
    ]);
  });

  it('writes extensions as blobs and leaves out options the server does not report', () => {
    const {
      additional_write_policy: _a,
      allow_auto_snapshot: _b,
      memtable: _c,
      incremental_backups: _d,
      ...cassandra40
    } = tableRow(KS, 'old', { extensions: new Map([['ext', Buffer.from([0xbe, 0xef])]]) });
    const table = keyspaceWith({
      tables: [cassandra40],
      columns: [columnRow(KS, 'old', 'k', 'int', 'partition_key', 0)],
    }).table('old')!;
    const options = table.createStatement().split('\n').slice(2);
    expect(options[0]).toBe(') WITH bloom_filter_fp_chance = 0.01');
    expect(options).toContain("    AND extensions = {'ext': 0xbeef}");
    expect(options.join('\n')).not.toMatch(
      /allow_auto_snapshot|memtable =|incremental_backups|additional_write_policy/,
    );
  });
});

describe('CREATE FUNCTION / AGGREGATE details', () => {
  it('quotes a body containing $$ as a string, keeping the statement valid', () => {
    const fn = keyspaceWith({
      functions: [functionRow(KS, 'dollars', { s: 'text' }, 'text', 'return s + "$$" + \'x\';')],
    }).function('dollars', ['text'])!;
    expect(fn.toCql()).toBe(
      "CREATE FUNCTION ks.dollars(s text)\n    CALLED ON NULL INPUT\n    RETURNS text\n    LANGUAGE java\n    AS 'return s + \"$$\" + ''x'';';",
    );
  });

  it('writes DSE DETERMINISTIC and MONOTONIC when the server reports them', () => {
    const k = keyspaceWith({
      functions: [
        {
          ...functionRow(KS, 'f', { a: 'int', b: 'int' }, 'int', 'return a;'),
          deterministic: true,
          monotonic: false,
          monotonic_on: ['a'],
        },
        {
          ...functionRow(KS, 'g', { a: 'int' }, 'int', 'return a;'),
          deterministic: false,
          monotonic: true,
          monotonic_on: [],
        },
      ],
      aggregates: [{ ...aggregateRow(KS, 'agg', ['int'], 'f', 'int'), deterministic: true }],
    });
    expect(k.function('f', ['int', 'int'])!.toCql()).toContain(
      'RETURNS int\n    DETERMINISTIC\n    MONOTONIC ON a\n    LANGUAGE java',
    );
    expect(k.function('g', ['int'])!.toCql()).toContain('RETURNS int\n    MONOTONIC\n    LANGUAGE java');
    expect(k.aggregate('agg', ['int'])!.toCql()).toBe(
      'CREATE AGGREGATE ks.agg(int)\n    SFUNC f\n    STYPE int\n    DETERMINISTIC;',
    );
  });

  it('takes the state type as return type when the server does not store one', () => {
    const { return_type: _r, ...row } = aggregateRow(KS, 'agg', [], 'f', 'frozen<tuple<int, text>>');
    const agg = keyspaceWith({ aggregates: [row] }).aggregate('agg', [])!;
    expect(agg.returnType).toEqual({ kind: 'tuple', elements: [{ kind: 'int' }, { kind: 'text' }] });
    expect(agg.toCql()).toBe('CREATE AGGREGATE ks.agg()\n    SFUNC f\n    STYPE tuple<int, text>;');
  });
});
