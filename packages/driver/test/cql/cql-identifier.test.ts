import fc from 'fast-check';
import { CqlIdentifier, cqlIdentifier, isReservedKeyword, qualifiedName } from '../../src/cql/cql-identifier';
import { InvalidOptionsError } from '../../src/errors';
import { dataTypeToString } from '../../src/types/data-type';
import { parseTypeString } from '../../src/types/type-string';
import { CASSANDRA_5_0_RESERVED, CASSANDRA_5_0_UNRESERVED as UNRESERVED } from './cassandra-keywords';

describe('reserved keywords', () => {
  it('are exactly the 57 keywords Cassandra 5.0 reserves, case-insensitively', () => {
    expect(CASSANDRA_5_0_RESERVED).toHaveLength(57);
    for (const word of CASSANDRA_5_0_RESERVED) {
      expect(isReservedKeyword(word)).toBe(true);
      expect(isReservedKeyword(word.toUpperCase())).toBe(true);
    }
  });

  it.each(UNRESERVED)('%s is unreserved (usable as a name unquoted)', (word) => {
    expect(isReservedKeyword(word)).toBe(false);
    expect(cqlIdentifier(word)).toBe(word);
  });
});

describe('cqlIdentifier (quote when needed)', () => {
  it('leaves lower-case alphanumeric names bare and quotes the rest', () => {
    expect(cqlIdentifier('users')).toBe('users');
    expect(cqlIdentifier('user_2')).toBe('user_2');
    expect(cqlIdentifier('user_id')).toBe('user_id');
    expect(cqlIdentifier('Mixed')).toBe('"Mixed"');
    expect(cqlIdentifier('abc_1')).toBe('abc_1');
    expect(cqlIdentifier('Users')).toBe('"Users"');
    expect(cqlIdentifier('Abc')).toBe('"Abc"');
    expect(cqlIdentifier('userId')).toBe('"userId"');
    expect(cqlIdentifier('2fa')).toBe('"2fa"');
    expect(cqlIdentifier('1a')).toBe('"1a"');
    expect(cqlIdentifier('_x')).toBe('"_x"');
    expect(cqlIdentifier('with space')).toBe('"with space"');
    expect(cqlIdentifier('é')).toBe('"é"');
    expect(cqlIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(cqlIdentifier('we"ird')).toBe('"we""ird"');
    expect(cqlIdentifier('')).toBe('""');
  });

  it('quotes every reserved keyword, and only those among lower-case names', () => {
    for (const word of CASSANDRA_5_0_RESERVED) {
      expect(cqlIdentifier(word)).toBe(`"${word}"`);
    }
  });

  it('qualifies names with their keyspace', () => {
    expect(qualifiedName('shop', 'Orders')).toBe('shop."Orders"');
    expect(qualifiedName('ks', 'Table')).toBe('ks."Table"');
    expect(qualifiedName('shop', 'users')).toBe('shop.users');
    expect(qualifiedName('order', 'table')).toBe('"order"."table"');
  });
});

describe('CqlIdentifier', () => {
  it('lower-cases unquoted CQL names and keeps quoted ones as written', () => {
    expect(CqlIdentifier.fromCql('Users').asInternal()).toBe('users');
    expect(CqlIdentifier.fromCql('USER_2').asInternal()).toBe('user_2');
    expect(CqlIdentifier.fromCql('"Users"').asInternal()).toBe('Users');
    expect(CqlIdentifier.fromCql('"select"').asInternal()).toBe('select');
    expect(CqlIdentifier.fromCql('"say ""hi"""').asInternal()).toBe('say "hi"');
    expect(CqlIdentifier.fromCql('""').asInternal()).toBe('');
  });

  it('writes the internal form back as CQL: quoted when needed, or always', () => {
    expect(CqlIdentifier.fromInternal('users').asCql()).toBe('users');
    expect(CqlIdentifier.fromInternal('Users').asCql()).toBe('"Users"');
    expect(CqlIdentifier.fromInternal('select').asCql()).toBe('"select"');
    expect(CqlIdentifier.fromInternal('users').asCql(false)).toBe('"users"');
    expect(CqlIdentifier.fromInternal('a"b').asCql(false)).toBe('"a""b"');
  });

  it('compares by internal form and prints it', () => {
    expect(CqlIdentifier.fromCql('Users').equals(CqlIdentifier.fromInternal('users'))).toBe(true);
    expect(CqlIdentifier.fromCql('"Users"').equals(CqlIdentifier.fromInternal('users'))).toBe(false);
    expect(String(CqlIdentifier.fromCql('"Users"'))).toBe('Users');
  });

  it.each([
    ['select', "'select' is a reserved keyword; quote it to use it as a name"],
    ['2fa', 'an unquoted name is a letter followed by letters, digits or'],
    ['with space', 'an unquoted name is a letter followed by letters, digits or'],
    ['', 'an unquoted name is a letter followed by letters, digits or'],
    ['"', `a quoted name must end with '"'`],
    ['"abc', `a quoted name must end with '"'`],
    ['"a"b"', `write each inner '"' as '""'`],
  ])('rejects %j with a typed error saying why', (cql, reason) => {
    expect(() => CqlIdentifier.fromCql(cql)).toThrow(InvalidOptionsError);
    expect(() => CqlIdentifier.fromCql(cql)).toThrow(reason);
  });

  it('rejects non-strings', () => {
    expect(() => CqlIdentifier.fromCql(42 as unknown as string)).toThrow(InvalidOptionsError);
    expect(() => CqlIdentifier.fromInternal(undefined as unknown as string)).toThrow(InvalidOptionsError);
  });

  it('reads back any name it writes, quoted when needed or always', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (name, pretty) => {
        const cql = CqlIdentifier.fromInternal(name).asCql(pretty);
        expect(CqlIdentifier.fromCql(cql).asInternal()).toBe(name);
      }),
    );
  });
});

describe('identifiers in type text', () => {
  it('quotes user-defined type names that need it, reserved keywords included', () => {
    expect(dataTypeToString({ kind: 'udt', keyspace: 'ks', name: 'address', fields: [] })).toBe('address');
    expect(dataTypeToString({ kind: 'udt', keyspace: 'ks', name: 'Address', fields: [] })).toBe('"Address"');
    expect(dataTypeToString({ kind: 'udt', keyspace: 'ks', name: 'set', fields: [], frozen: true })).toBe(
      'frozen<"set">',
    );
    const resolved = parseTypeString('frozen<"set">', (name) =>
      name === 'set' ? { kind: 'udt', keyspace: 'ks', name, fields: [] } : undefined,
    );
    expect(resolved).toMatchObject({ kind: 'udt', name: 'set' });
  });
});
