import { SchemaMetadata, SchemaRowError } from '../../../src/cluster/metadata';
import type { UdtDataType } from '../../../src/types';
import { columnRow, keyspaceRow, schemaRows, tableRow, typeRow } from './fixtures/schema-row-builders';

const KS = 'ks';

function typesOf(...types: ReturnType<typeof typeRow>[]): SchemaMetadata {
  return SchemaMetadata.EMPTY.withRows({ kind: 'all' }, schemaRows({ keyspaces: [keyspaceRow(KS)], types }));
}

describe('user types', () => {
  it('orders types so each comes after the types it uses, starting from names in byte order', () => {
    // Rows arrive sorted by name; "Z_top" sorts first in UTF-8 but depends on everything else.
    const schema = typesOf(
      typeRow(KS, 'Z_top', { a: 'frozen<middle>', b: 'map<text, frozen<leaf>>' }),
      typeRow(KS, 'leaf', { v: 'int' }),
      typeRow(KS, 'middle', { l: 'list<frozen<leaf>>', o: 'frozen<other>' }),
      typeRow(KS, 'other', { v: 'text' }),
      typeRow(KS, 'alone', { v: 'text' }),
    );
    const keyspace = schema.keyspace(KS)!;
    // Z_top → middle → (leaf, other) depth first in field order; then the remaining 'alone'.
    expect([...keyspace.userTypes.keys()]).toEqual(['leaf', 'other', 'middle', 'Z_top', 'alone']);
    expect(
      keyspace
        .cqlStatements()
        .slice(1)
        .map((s) => s.split(' (')[0]),
    ).toEqual([
      'CREATE TYPE ks.leaf',
      'CREATE TYPE ks.other',
      'CREATE TYPE ks.middle',
      'CREATE TYPE ks."Z_top"',
      'CREATE TYPE ks.alone',
    ]);
  });

  it('resolves nested user types to the same objects wherever they are used', () => {
    const keyspace = typesOf(
      typeRow(KS, 'inner', { v: 'int' }),
      typeRow(KS, 'outer', { a: 'frozen<inner>', b: 'set<frozen<inner>>', c: 'tuple<int, frozen<inner>>' }),
    ).keyspace(KS)!;
    const inner = keyspace.userType('inner')!.dataType;
    const [a, b, c] = keyspace.userType('outer')!.fields.map((f) => f.type);
    expect(a).toEqual({ ...inner, frozen: true });
    expect((a as UdtDataType).fields).toBe(inner.fields);
    expect(b).toMatchObject({ kind: 'set', element: { name: 'inner', frozen: true } });
    expect(c).toMatchObject({ kind: 'tuple', elements: [{ kind: 'int' }, { name: 'inner' }] });
    expect(keyspace.userType('outer')!.toCql()).toBe(
      'CREATE TYPE ks.outer (\n    a frozen<inner>,\n    b set<frozen<inner>>,\n    c frozen<tuple<int, frozen<inner>>>\n);',
    );
  });

  it('quotes type and field names that need it', () => {
    const keyspace = typesOf(typeRow(KS, 'My Type', { Field: 'int', from: 'text', ok: 'int' })).keyspace(KS)!;
    expect(keyspace.userType('My Type')!.toCql()).toBe(
      'CREATE TYPE ks."My Type" (\n    "Field" int,\n    "from" text,\n    ok int\n);',
    );
  });

  it('fails with a SchemaRowError naming the type when a field type cannot be resolved', () => {
    expect(() => typesOf(typeRow(KS, 'broken', { v: 'frozen<nowhere>' }))).toThrow(SchemaRowError);
    expect(() => typesOf(typeRow(KS, 'broken', { v: 'frozen<nowhere>' }))).toThrow(
      /type ks\.broken.*nowhere/,
    );
    // A cycle cannot be created with CQL, but must not loop forever either.
    expect(() => typesOf(typeRow(KS, 'a', { b: 'frozen<b>' }), typeRow(KS, 'b', { a: 'frozen<a>' }))).toThrow(
      SchemaRowError,
    );
  });

  it('gives columns the keyspace types, frozen where declared frozen', () => {
    const schema = SchemaMetadata.EMPTY.withRows(
      { kind: 'all' },
      schemaRows({
        keyspaces: [keyspaceRow(KS)],
        types: [typeRow(KS, 'point', { x: 'int', y: 'int' })],
        tables: [tableRow(KS, 't')],
        columns: [
          columnRow(KS, 't', 'k', 'int', 'partition_key', 0),
          columnRow(KS, 't', 'frozen_point', 'frozen<point>'),
          columnRow(KS, 't', 'live_point', 'point'),
        ],
      }),
    );
    const table = schema.keyspace(KS)!.table('t')!;
    expect(table.column('frozen_point')!.type).toMatchObject({ kind: 'udt', name: 'point', frozen: true });
    expect(table.column('live_point')!.isMultiCell).toBe(true);
    // Multi-cell columns come last.
    expect(table.columns.map((c) => c.name)).toEqual(['k', 'frozen_point', 'live_point']);
    expect([...table.userTypeDependencies]).toEqual(['point']);
  });
});
