import { CliUsageError, parseCliArgs } from '../src/cli/args';

describe('parseCliArgs', () => {
  it('defaults start to one plain node', () => {
    expect(parseCliArgs(['start'])).toEqual({
      kind: 'start',
      options: { nodes: 1, auth: false, tls: false },
    });
  });

  it('reads --nodes, --auth and --tls in any order and both --nodes forms', () => {
    expect(parseCliArgs(['start', '--tls', '--nodes', '3', '--auth'])).toEqual({
      kind: 'start',
      options: { nodes: 3, auth: true, tls: true },
    });
    expect(parseCliArgs(['start', '--nodes=2'])).toEqual({
      kind: 'start',
      options: { nodes: 2, auth: false, tls: false },
    });
  });

  it('reads --client-auth, which implies --tls', () => {
    expect(parseCliArgs(['start', '--client-auth', '--nodes', '3'])).toEqual({
      kind: 'start',
      options: { nodes: 3, auth: false, tls: true, clientAuth: true },
    });
  });

  it.each([
    [['start', '--nodes', '0']],
    [['start', '--nodes', '10']],
    [['start', '--nodes', 'x']],
    [['start', '--nodes']],
    [['start', '--bogus']],
  ])('rejects %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
  });

  it('parses node commands', () => {
    for (const kind of ['kill', 'pause', 'resume', 'restart'] as const) {
      expect(parseCliArgs([kind, '2'])).toEqual({ kind, node: 2 });
    }
    expect(() => parseCliArgs(['kill'])).toThrow(/missing node number/);
    expect(() => parseCliArgs(['kill', 'two'])).toThrow(/invalid node number/);
    expect(() => parseCliArgs(['kill', '1', '2'])).toThrow(/unexpected argument/);
  });

  it('parses logs with and without --lines', () => {
    expect(parseCliArgs(['logs', '1'])).toEqual({ kind: 'logs', node: 1, lines: 50 });
    expect(parseCliArgs(['logs', '3', '--lines', '200'])).toEqual({ kind: 'logs', node: 3, lines: 200 });
    expect(parseCliArgs(['logs', '3', '--lines=5'])).toEqual({ kind: 'logs', node: 3, lines: 5 });
    expect(() => parseCliArgs(['logs', '1', '--lines', '0'])).toThrow(CliUsageError);
  });

  it('passes everything after the node number to nodetool untouched', () => {
    expect(parseCliArgs(['nodetool', '1', 'status', '--help', '-r'])).toEqual({
      kind: 'nodetool',
      node: 1,
      args: ['status', '--help', '-r'],
    });
    expect(() => parseCliArgs(['nodetool', '1'])).toThrow(/missing nodetool command/);
  });

  it('parses the argument-less commands and status --json', () => {
    expect(parseCliArgs(['stop'])).toEqual({ kind: 'stop', docker: false });
    expect(parseCliArgs(['stop', '--docker'])).toEqual({ kind: 'stop', docker: true });
    expect(parseCliArgs(['wipe'])).toEqual({ kind: 'wipe' });
    expect(parseCliArgs(['status'])).toEqual({ kind: 'status', json: false });
    expect(parseCliArgs(['status', '--json'])).toEqual({ kind: 'status', json: true });
    expect(() => parseCliArgs(['stop', 'now'])).toThrow(CliUsageError);
  });

  it('parses build-image with and without --version', () => {
    expect(parseCliArgs(['build-image'])).toEqual({ kind: 'build-image' });
    expect(parseCliArgs(['build-image', '--version', '5.0.8'])).toEqual({
      kind: 'build-image',
      version: '5.0.8',
    });
    expect(parseCliArgs(['build-image', '--version=5.0.9'])).toEqual({
      kind: 'build-image',
      version: '5.0.9',
    });
    expect(() => parseCliArgs(['build-image', '--version', 'latest'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['build-image', '--fast'])).toThrow(CliUsageError);
  });

  it('shows help for no arguments, help, --help and -h', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['start', '--help']]) {
      expect(parseCliArgs(argv)).toEqual({ kind: 'help' });
    }
  });

  it('rejects unknown commands', () => {
    expect(() => parseCliArgs(['launch'])).toThrow(/unknown command "launch"/);
  });
});
