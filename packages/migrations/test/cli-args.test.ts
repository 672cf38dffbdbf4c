import { MigrationConfigError } from '@cqlkit/migrations';

import { parseCliArgs } from '../src/cli-args';
import { helpText } from '../src/cli-help';

describe('parseCliArgs', () => {
  it('parses a command, its flags and short aliases', () => {
    expect(parseCliArgs(['up', '-t', '3', '--dry-run', '-k', 'shop', '--json'])).toEqual({
      command: 'up',
      positionals: [],
      flags: { target: '3', 'dry-run': true, keyspace: 'shop', json: true },
    });
  });

  it('joins the words of a create description', () => {
    expect(parseCliArgs(['create', 'add', 'email', '--kind', 'ts'])).toMatchObject({
      command: 'create',
      positionals: ['add', 'email'],
      flags: { kind: 'ts' },
    });
  });

  it('turns --help and no command into help', () => {
    expect(parseCliArgs([])).toMatchObject({ command: 'help', positionals: [] });
    expect(parseCliArgs(['--help'])).toMatchObject({ command: 'help', positionals: [] });
    expect(parseCliArgs(['down', '--help'])).toMatchObject({ command: 'help', positionals: ['down'] });
  });

  it.each([
    [
      ['migrate'],
      "unknown command 'migrate'; the commands are up, status, create, baseline, repair, down, help",
    ],
    [['up', '--force'], "Unknown option '--force'"],
    [['status', '--target', '3'], "--target is not an option of 'status' (only of up, down)"],
    [['baseline'], "'baseline' takes <version>, got none"],
    [['baseline', '1', '2'], "'baseline' takes <version>, got '1' '2'"],
    [['create'], "'create' takes <description>, got none"],
    [['up', 'now'], "'up' takes no arguments, got 'now'"],
    [['up', '--keyspace'], "Option '-k, --keyspace <value>' argument missing"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(MigrationConfigError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('helpText', () => {
  it('explains every command in the overview', () => {
    const text = helpText();
    for (const command of ['up', 'status', 'create <description>', 'baseline <version>', 'repair', 'down']) {
      expect(text).toContain(`  ${command}`);
    }
    expect(text).toContain('V<version>__<description>.cql');
    expect(text).toContain('CQLKIT_MIGRATE_PASSWORD');
    expect(text).toMatch(/Exit status: 0 on success, 1 when a command fails, 2 on a usage/);
  });

  it('has a page per command', () => {
    expect(helpText('up')).toMatch(/^Usage: cqlkit-migrate up \[--target <version>\] \[--dry-run\]/);
    expect(helpText('up')).toContain('--contact-points');
    expect(helpText('create')).not.toContain('--contact-points');
    expect(helpText('repair')).toContain('removed, so up runs it again from its first');
  });
});
