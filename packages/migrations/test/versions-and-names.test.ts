import { canonicalVersion, compareVersions, parseMigrationFileName } from '@cqlkit/migrations';

import { fileChecksum, statementChecksum } from '../src/checksum';
import { MigrationConfigError } from '../src/errors';
import { highestVersion, parseVersion } from '../src/version';

describe('versions', () => {
  it.each([
    ['1', '1'],
    ['001', '1'],
    ['1.0', '1'],
    ['1_2', '1.2'],
    ['2.10.0.0', '2.10'],
    ['0', '0'],
    ['20240501120000', '20240501120000'],
  ])('canonical form of %s is %s', (text, canonical) => {
    expect(canonicalVersion(text)).toBe(canonical);
  });

  it.each(['', 'v1', '1.', '.1', '1..2', '1a', '-1'])('%s is not a version', (text) => {
    expect(canonicalVersion(text)).toBeUndefined();
  });

  it('orders numerically, part by part, beyond the safe-integer range', () => {
    const versions = ['10', '9', '1.10', '1.2', '1', '123456789012345678901', '99999999999999999999'];
    expect([...versions].sort(compareVersions)).toEqual([
      '1',
      '1.2',
      '1.10',
      '9',
      '10',
      '99999999999999999999',
      '123456789012345678901',
    ]);
    expect(compareVersions('1', '1.0.0')).toBe(0);
    expect(highestVersion(['2', '10', '9'])).toBe('10');
    expect(highestVersion([])).toBeUndefined();
  });

  it('parses user input, accepting a V prefix, and names the option when it is not a version', () => {
    expect(parseVersion('V3', '--target')).toBe('3');
    expect(() => parseVersion('latest', '--target')).toThrow(MigrationConfigError);
    expect(() => parseVersion('latest', '--target')).toThrow(
      "--target must be a version such as 3, 1.2 or 20240501120000 (digits separated by dots), got 'latest'",
    );
  });
});

describe('parseMigrationFileName', () => {
  it('reads apply and undo files of every kind', () => {
    expect(parseMigrationFileName('V2_1__add_email.cql')).toEqual({
      role: 'apply',
      version: '2.1',
      description: 'add email',
      kind: 'cql',
    });
    expect(parseMigrationFileName('V3__backfill.ts')).toMatchObject({
      role: 'apply',
      version: '3',
      kind: 'code',
    });
    expect(parseMigrationFileName('V4__x.mjs')).toMatchObject({ kind: 'code' });
    expect(parseMigrationFileName('U2_1__drop_email.cql')).toMatchObject({ role: 'undo', version: '2.1' });
  });

  it('ignores files that are not migrations', () => {
    for (const name of ['README.md', 'helpers.ts', 'V1__types.d.ts', 'index.js', '.DS_Store']) {
      expect(parseMigrationFileName(name)).toBeUndefined();
    }
  });

  it('explains what is wrong with a file that looks like a migration', () => {
    expect(parseMigrationFileName('V1_create.cql')).toMatch(/two underscores after the version/);
    expect(parseMigrationFileName('create_users.cql')).toMatch(
      /must be named V<version>__<description>\.cql/,
    );
    expect(parseMigrationFileName('U1__undo.ts')).toMatch(/undo files \(U…\) are \.cql scripts/);
  });
});

describe('checksums', () => {
  it('ignores line-ending style and a byte-order mark, and nothing else', () => {
    const lf = 'CREATE TABLE t (id int PRIMARY KEY);\n';
    expect(fileChecksum(lf)).toBe(fileChecksum('\uFEFFCREATE TABLE t (id int PRIMARY KEY);\r\n'));
    expect(fileChecksum(lf)).not.toBe(fileChecksum('CREATE TABLE t (id int PRIMARY KEY); \n'));
    expect(fileChecksum(lf)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives statements the same checksum whatever their layout and comments, but not their strings', () => {
    expect(statementChecksum('CREATE TABLE t -- users\n  (id int PRIMARY KEY)')).toBe(
      statementChecksum('CREATE TABLE t (id int PRIMARY KEY)'),
    );
    expect(statementChecksum("INSERT INTO t (v) VALUES ('a  b')")).not.toBe(
      statementChecksum("INSERT INTO t (v) VALUES ('a b')"),
    );
    expect(statementChecksum('ALTER TABLE t ADD a int')).not.toBe(
      statementChecksum('ALTER TABLE t ADD b int'),
    );
  });
});
