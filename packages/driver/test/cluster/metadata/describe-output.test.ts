import { SchemaMetadata } from '../../../src/cluster/metadata';
import {
  RICH_DESCRIBE,
  RICH_KEYSPACE,
  RICH_ROWS,
  VIRTUAL_DESCRIBE,
  VIRTUAL_ROWS,
} from './fixtures/cassandra5-schema';

/** The snapshot built from the captured rows of the rich keyspace. */
function richSchema(): SchemaMetadata {
  return SchemaMetadata.EMPTY.withRows({ kind: 'keyspace', keyspace: RICH_KEYSPACE }, RICH_ROWS);
}

describe('toCql against DESCRIBE output captured from Cassandra 5', () => {
  it('reproduces DESCRIBE KEYSPACE statement for statement, in the same order', () => {
    const statements = richSchema().keyspace(RICH_KEYSPACE)!.cqlStatements();
    expect(statements).toHaveLength(RICH_DESCRIBE.length);
    statements.forEach((statement, i) => expect(statement).toBe(RICH_DESCRIBE[i]));
  });

  it('reproduces DESCRIBE of a virtual keyspace (commented-out VIRTUAL statements)', () => {
    const schema = SchemaMetadata.EMPTY.withRows(
      { kind: 'keyspace', keyspace: 'system_virtual_schema' },
      VIRTUAL_ROWS,
    );
    const keyspace = schema.keyspace('system_virtual_schema')!;
    expect(keyspace.virtual).toBe(true);
    expect(keyspace.cqlStatements()).toEqual(VIRTUAL_DESCRIBE);
  });

  it('joins the statements with blank lines in toCql (keyspace, table with its indexes and views, whole schema)', () => {
    const schema = richSchema();
    const keyspace = schema.keyspace(RICH_KEYSPACE)!;
    expect(keyspace.toCql()).toBe(RICH_DESCRIBE.join('\n\n'));
    expect(schema.toCql()).toBe(RICH_DESCRIBE.join('\n\n'));
    const users = keyspace.table('Users')!;
    expect(users.toCql().split('\n\n')).toEqual([
      users.createStatement(),
      ...users.indexes.map((i) => i.toCql()),
      ...users.views.map((v) => v.toCql()),
    ]);
    expect(users.cqlStatements()).toHaveLength(5);
  });

  it('leaves system keyspaces out of the schema CQL unless asked', () => {
    const schema = SchemaMetadata.EMPTY.withRows({ kind: 'all' }, VIRTUAL_ROWS);
    expect(schema.toCql()).toBe('');
    expect(schema.toCql({ includeSystemKeyspaces: true })).toBe(VIRTUAL_DESCRIBE.join('\n\n'));
  });

  it('lists elements in DESCRIBE order: types by dependency, the rest by name ignoring case', () => {
    const keyspace = richSchema().keyspace(RICH_KEYSPACE)!;
    expect([...keyspace.userTypes.keys()]).toEqual(['geo', 'address', 'Person', 'pair']);
    expect([...keyspace.tables.keys()]).toEqual([
      'alpha',
      'events',
      'odd_columns',
      'page_counts',
      'tuned',
      'Users',
      'Zeta',
    ]);
    expect([...keyspace.functions.values()].map((f) => f.displaySignature)).toEqual([
      'avg_final(tuple<int, bigint>)',
      'avg_state(tuple<int, bigint>, int)',
      'concat_state(text, text)',
      'describe_it(int)',
      'describe_it(list<int>, address, tuple<int, text>, map<text, int>)',
      'Plus(int, int)',
      'sum_state(int, int)',
    ]);
    expect([...keyspace.aggregates.values()].map((a) => a.name)).toEqual([
      'average',
      'concat',
      'Total',
      'total_no_init',
    ]);
    expect(keyspace.table('Users')!.views.map((v) => v.name)).toEqual(['users_by_email', 'UsersByName']);
  });
});
