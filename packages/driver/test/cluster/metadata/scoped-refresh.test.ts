import { SchemaMetadata, type SchemaRows } from '../../../src/cluster/metadata';
import type { UdtDataType } from '../../../src/types';
import {
  aggregateRow,
  columnRow,
  functionRow,
  keyspaceRow,
  schemaRows,
  tableRow,
  typeRow,
  viewRow,
} from './fixtures/schema-row-builders';

const KS = 'app';

/** Rows of keyspace `app` (types, three tables, a view, overloaded functions, an aggregate) and `other`. */
function baseRows(): SchemaRows {
  return schemaRows({
    keyspaces: [keyspaceRow(KS), keyspaceRow('other')],
    types: [
      typeRow(KS, 'geo', { lat: 'double', lon: 'double' }),
      typeRow(KS, 'address', { street: 'text', location: 'frozen<geo>' }),
    ],
    tables: [tableRow(KS, 'users'), tableRow(KS, 'orders'), tableRow(KS, 'logs'), tableRow('other', 't')],
    columns: [
      columnRow(KS, 'users', 'id', 'uuid', 'partition_key', 0),
      columnRow(KS, 'users', 'home', 'frozen<address>'),
      columnRow(KS, 'users', 'name', 'text'),
      columnRow(KS, 'orders', 'customer', 'uuid', 'partition_key', 0),
      columnRow(KS, 'orders', 'placed', 'timestamp', 'clustering', 0, 'desc'),
      columnRow(KS, 'orders', 'total', 'decimal'),
      columnRow(KS, 'logs', 'id', 'int', 'partition_key', 0),
      columnRow(KS, 'users_by_name', 'name', 'text', 'partition_key', 0),
      columnRow(KS, 'users_by_name', 'id', 'uuid', 'clustering', 0),
      columnRow('other', 't', 'k', 'int', 'partition_key', 0),
    ],
    views: [viewRow(KS, 'users_by_name', 'users', 'name IS NOT NULL AND id IS NOT NULL')],
    functions: [
      functionRow(KS, 'f', { a: 'int' }, 'int', 'return a;'),
      functionRow(KS, 'f', { a: 'text' }, 'text', 'return a;'),
      functionRow(KS, 'state', { s: 'int', v: 'int' }, 'int'),
    ],
    aggregates: [aggregateRow(KS, 'agg', ['int'], 'state', 'int', { initcond: '0' })],
  });
}

function base(): SchemaMetadata {
  return SchemaMetadata.EMPTY.withRows({ kind: 'all' }, baseRows());
}

describe('SchemaMetadata scoped refreshes', () => {
  it('starts empty', () => {
    expect(SchemaMetadata.EMPTY.keyspaces.size).toBe(0);
    expect(SchemaMetadata.EMPTY.toCql()).toBe('');
  });

  it('table scope replaces only that table; everything else keeps its identity', () => {
    const before = base();
    const after = before.withRows(
      { kind: 'table', keyspace: KS, table: 'orders' },
      schemaRows({
        tables: [tableRow(KS, 'orders', { comment: 'now with notes' })],
        columns: [
          columnRow(KS, 'orders', 'customer', 'uuid', 'partition_key', 0),
          columnRow(KS, 'orders', 'placed', 'timestamp', 'clustering', 0, 'desc'),
          columnRow(KS, 'orders', 'total', 'decimal'),
          columnRow(KS, 'orders', 'notes', 'text'),
        ],
      }),
    );
    expect(after).not.toBe(before);
    const [ksBefore, ksAfter] = [before.keyspace(KS)!, after.keyspace(KS)!];
    expect(ksAfter).not.toBe(ksBefore);
    expect(ksAfter.table('orders')!.columns.map((c) => c.name)).toEqual([
      'customer',
      'placed',
      'notes',
      'total',
    ]);
    expect(ksAfter.table('orders')!.options.comment).toBe('now with notes');
    expect(ksAfter.table('users')).toBe(ksBefore.table('users'));
    expect(ksAfter.table('logs')).toBe(ksBefore.table('logs'));
    expect(ksAfter.view('users_by_name')).toBe(ksBefore.view('users_by_name'));
    expect(ksAfter.userType('address')).toBe(ksBefore.userType('address'));
    expect(ksAfter.functions.get('f(int)')).toBe(ksBefore.functions.get('f(int)'));
    expect(ksAfter.aggregate('agg', ['int'])).toBe(ksBefore.aggregate('agg', ['int']));
    expect(after.keyspace('other')).toBe(before.keyspace('other'));
    // The old snapshot is untouched.
    expect(ksBefore.table('orders')!.column('notes')).toBeUndefined();
  });

  it('returns the same snapshot when refreshed rows are equal to what it has', () => {
    const before = base();
    const again = before.withRows({ kind: 'all' }, baseRows());
    expect(again).toBe(before);
    const tableAgain = before.withRows(
      { kind: 'table', keyspace: KS, table: 'logs' },
      schemaRows({
        tables: [tableRow(KS, 'logs')],
        columns: [columnRow(KS, 'logs', 'id', 'int', 'partition_key', 0)],
      }),
    );
    expect(tableAgain).toBe(before);
  });

  it('table scope without rows removes the table (dropped between event and fetch)', () => {
    const after = base().withRows({ kind: 'table', keyspace: KS, table: 'logs' }, schemaRows({}));
    expect(after.keyspace(KS)!.table('logs')).toBeUndefined();
    expect([...after.keyspace(KS)!.tables.keys()]).toEqual(['orders', 'users']);
  });

  it('a table scope naming a view refreshes the view and its base table, not the other tables', () => {
    const before = base();
    const after = before.withRows(
      { kind: 'table', keyspace: KS, table: 'users_by_name' },
      schemaRows({
        views: [
          viewRow(KS, 'users_by_name', 'users', 'name IS NOT NULL AND id IS NOT NULL', { comment: 'v2' }),
        ],
        columns: [
          columnRow(KS, 'users_by_name', 'name', 'text', 'partition_key', 0),
          columnRow(KS, 'users_by_name', 'id', 'uuid', 'clustering', 0),
        ],
      }),
    );
    const view = after.keyspace(KS)!.view('users_by_name')!;
    expect(view.options.comment).toBe('v2');
    expect(after.keyspace(KS)!.table('users')!.views).toEqual([view]);
    expect(after.keyspace(KS)!.table('users')).not.toBe(before.keyspace(KS)!.table('users'));
    expect(after.keyspace(KS)!.table('orders')).toBe(before.keyspace(KS)!.table('orders'));
  });

  it('type scope rebuilds the types and tables that use the type, directly or through another type', () => {
    const before = base();
    const after = before.withRows(
      { kind: 'type', keyspace: KS, type: 'geo' },
      schemaRows({ types: [typeRow(KS, 'geo', { lat: 'double', lon: 'double', alt: 'float' })] }),
    );
    const [ksBefore, ksAfter] = [before.keyspace(KS)!, after.keyspace(KS)!];
    expect(ksAfter.userType('geo')!.fields.map((f) => f.name)).toEqual(['lat', 'lon', 'alt']);
    expect(ksAfter.userType('address')).not.toBe(ksBefore.userType('address'));
    const home = ksAfter.table('users')!.column('home')!.type as UdtDataType;
    const location = home.fields[1]!.type as UdtDataType;
    expect(location.fields.map((f) => f.name)).toEqual(['lat', 'lon', 'alt']);
    expect(ksAfter.table('orders')).toBe(ksBefore.table('orders'));
    expect(ksAfter.view('users_by_name')).toBe(ksBefore.view('users_by_name'));
    expect(ksAfter.functions.get('f(int)')).toBe(ksBefore.functions.get('f(int)'));
  });

  it('function scope replaces only the overload with the scope argument types', () => {
    const before = base();
    // A fetch by name returns every overload; only f(int) is in scope.
    const after = before.withRows(
      { kind: 'function', keyspace: KS, name: 'f', argTypes: ['int'] },
      schemaRows({
        functions: [
          functionRow(KS, 'f', { a: 'int' }, 'int', 'return a + 1;'),
          functionRow(KS, 'f', { a: 'text' }, 'text', 'return "changed too";'),
        ],
      }),
    );
    const [ksBefore, ksAfter] = [before.keyspace(KS)!, after.keyspace(KS)!];
    expect(ksAfter.function('f', ['int'])!.body).toBe('return a + 1;');
    expect(ksAfter.function('f', ['text'])).toBe(ksBefore.function('f', ['text']));
    expect(ksAfter.table('users')).toBe(ksBefore.table('users'));
  });

  it('aggregate scope replaces the aggregate overload', () => {
    const after = base().withRows(
      { kind: 'aggregate', keyspace: KS, name: 'agg', argTypes: ['int'] },
      schemaRows({ aggregates: [aggregateRow(KS, 'agg', ['int'], 'state', 'int', { initcond: '42' })] }),
    );
    expect(after.keyspace(KS)!.aggregate('agg', ['int'])!.initCondition).toBe('42');
  });

  it('keyspace scope rebuilds the keyspace, reusing the elements whose rows did not change', () => {
    const before = base();
    const rows = baseRows();
    const after = before.withRows(
      { kind: 'keyspace', keyspace: KS },
      {
        ...rows,
        keyspaces: [
          keyspaceRow(KS, { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' }),
        ],
      },
    );
    const [ksBefore, ksAfter] = [before.keyspace(KS)!, after.keyspace(KS)!];
    expect(ksAfter).not.toBe(ksBefore);
    expect(ksAfter.replication['replication_factor']).toBe('3');
    for (const name of ksBefore.tables.keys()) expect(ksAfter.table(name)).toBe(ksBefore.table(name));
    expect(ksAfter.userType('geo')).toBe(ksBefore.userType('geo'));
    expect(after.keyspace('other')).toBe(before.keyspace('other'));
  });

  it('keyspace scope without a keyspace row drops the keyspace; all scope drops keyspaces no longer listed', () => {
    expect(base().withRows({ kind: 'keyspace', keyspace: KS }, schemaRows({})).keyspace(KS)).toBeUndefined();
    const rows = baseRows();
    const after = base().withRows({ kind: 'all' }, { ...rows, keyspaces: rows.keyspaces.slice(0, 1) });
    expect([...after.keyspaces.keys()]).toEqual([KS]);
  });

  it('ignores element scopes of keyspaces it does not know', () => {
    const before = base();
    const rows = schemaRows({
      tables: [tableRow('nope', 't')],
      columns: [columnRow('nope', 't', 'k', 'int', 'partition_key', 0)],
    });
    expect(before.withRows({ kind: 'table', keyspace: 'nope', table: 't' }, rows)).toBe(before);
    expect(before.without({ kind: 'type', keyspace: 'nope', type: 't' })).toBe(before);
  });
});

describe('SchemaMetadata.without (DROPPED events)', () => {
  it('removes a keyspace, a table, a view, a type, a function overload, an aggregate', () => {
    const before = base();
    expect(before.without({ kind: 'keyspace', keyspace: 'other' }).keyspace('other')).toBeUndefined();
    expect(before.without({ kind: 'all' })).toBe(SchemaMetadata.EMPTY);

    const noLogs = before.without({ kind: 'table', keyspace: KS, table: 'logs' }).keyspace(KS)!;
    expect(noLogs.table('logs')).toBeUndefined();
    expect(noLogs.table('users')).toBe(before.keyspace(KS)!.table('users'));

    const noView = before.without({ kind: 'table', keyspace: KS, table: 'users_by_name' }).keyspace(KS)!;
    expect(noView.view('users_by_name')).toBeUndefined();
    expect(noView.table('users')!.views).toEqual([]);

    const noFunction = before
      .without({ kind: 'function', keyspace: KS, name: 'f', argTypes: ['text'] })
      .keyspace(KS)!;
    expect([...noFunction.functions.keys()]).toEqual(['f(int)', 'state(int,int)']);

    const noAggregate = before.without({ kind: 'aggregate', keyspace: KS, name: 'agg', argTypes: ['int'] });
    expect(noAggregate.keyspace(KS)!.aggregates.size).toBe(0);

    // A type can only be dropped once unused; drop its users first.
    const noTypes = before
      .without({ kind: 'table', keyspace: KS, table: 'users_by_name' })
      .without({ kind: 'table', keyspace: KS, table: 'users' })
      .without({ kind: 'type', keyspace: KS, type: 'address' })
      .keyspace(KS)!;
    expect([...noTypes.userTypes.keys()]).toEqual(['geo']);
  });

  it('returns the same snapshot when there is nothing to remove', () => {
    const before = base();
    expect(before.without({ kind: 'keyspace', keyspace: 'nope' })).toBe(before);
    expect(before.without({ kind: 'table', keyspace: KS, table: 'nope' })).toBe(before);
  });
});

describe('robustness', () => {
  it('keeps a column whose type names an unknown user type, writing its stored text back', () => {
    const schema = SchemaMetadata.EMPTY.withRows(
      { kind: 'all' },
      schemaRows({
        keyspaces: [keyspaceRow(KS)],
        tables: [tableRow(KS, 't')],
        columns: [
          columnRow(KS, 't', 'k', 'int', 'partition_key', 0),
          columnRow(KS, 't', 'v', 'frozen<missing>'),
        ],
      }),
    );
    const column = schema.keyspace(KS)!.table('t')!.column('v')!;
    expect(column.type).toEqual({ kind: 'custom', className: 'frozen<missing>' });
    expect(column.toCql()).toBe('v frozen<missing>');
  });

  it('exposes user types as UdtDataType for codecs', () => {
    const geo: UdtDataType = base().keyspace(KS)!.userType('geo')!.dataType;
    expect(geo).toEqual({
      kind: 'udt',
      keyspace: KS,
      name: 'geo',
      fields: [
        { name: 'lat', type: { kind: 'double' } },
        { name: 'lon', type: { kind: 'double' } },
      ],
    });
  });
});
