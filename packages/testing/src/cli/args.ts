/**
 * Argument parsing of the launcher CLI (`npx cqlkit-cassandra <command> …`), kept free of side
 * effects so it can be unit-tested.
 */
import type { ClusterOptions } from '../jars/cluster-state';
import { MAX_NODES } from '../config/node-layout';
import { TestingError, type TestingErrorCode } from '../errors';

/** A parsed command line. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'start'; readonly options: ClusterOptions }
  | { readonly kind: 'stop'; readonly docker: boolean }
  | { readonly kind: 'build-image'; readonly version?: string }
  | { readonly kind: 'status'; readonly json: boolean }
  | { readonly kind: 'wipe' }
  | { readonly kind: 'kill' | 'pause' | 'resume' | 'restart'; readonly node: number }
  | { readonly kind: 'logs'; readonly node: number; readonly lines: number }
  | { readonly kind: 'nodetool'; readonly node: number; readonly args: readonly string[] };

/** Invalid command line; the CLI prints the message and the usage, and exits with 2. */
export class CliUsageError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_CLI_USAGE';

  constructor(message: string) {
    super(message);
  }
}

/** Help text. */
export const USAGE = `Local Apache Cassandra for tests (nodes on 127.0.0.1…N, CQL port 9042), from @cqlkit/testing.

Usage: cqlkit-cassandra <command> [options]   (npx cqlkit-cassandra …; npm run cassandra -- … in cqlkit)

Commands:
  start [--nodes N] [--auth] [--tls] [--client-auth]
                                      start a cluster (default: 1 plain node) and wait until it is ready
  stop [--docker]                     stop every node (SIGTERM, SIGKILL after 60 s); --docker also removes
                                      the containers of the Docker engine's cluster of the same name
  status [--json]                     show nodes, pids, ports, options, TLS files
  kill <n>                            SIGKILL node n (crash)
  pause <n>                           SIGSTOP node n (frozen, sockets stay open)
  resume <n>                          SIGCONT node n
  restart <n>                         stop node n gracefully if alive, start it again, wait until it rejoined
  logs <n> [--lines K]                print the last K (default 50) lines of node n's system.log
  wipe                                stop everything and delete the cluster directory
  nodetool <n> <args…>                run nodetool against node n (e.g. nodetool 1 status)
  build-image [--version V]           build the Docker engine's image offline (debootstrap + JRE 17 + the
                                      Maven jars, docker import), cached by the digest of its inputs
  help, --help                        this text

Options of start:
  --nodes N   number of nodes, 1–${MAX_NODES} (node i listens on 127.0.0.i, JMX on 7000+100·i)
  --auth      PasswordAuthenticator; user cassandra, password cassandra
  --tls       client TLS on port 9042 (optional: plaintext clients are accepted too); CA in <cluster>/tls/ca.pem
  --client-auth  with --tls (implied): TLS clients must present a certificate signed by that CA
              (<cluster>/tls/client.p12); plaintext clients are still accepted

Environment:
  CQLKIT_CLUSTER_DIR      cluster directory (default <cache>/clusters/default)
  CQLKIT_CACHE_DIR        cache root (default \${XDG_CACHE_HOME:-~/.cache}/cqlkit); jars in <cache>/cassandra/<version>/lib
  CQLKIT_CASSANDRA_HEAP   heap per node (default 512M)
  CQLKIT_JAVA_HOME        JDK to use (must be 17 or 11; default: found automatically)
  CQLKIT_CASSANDRA_VERSION  Cassandra version (default 5.0.9)
  CQLKIT_DEBIAN_MIRROR    Debian mirror of build-image (default: the first one of /etc/apt)
`;

function parseNodeNumber(value: string | undefined, command: string): number {
  if (value === undefined) throw new CliUsageError(`${command}: missing node number`);
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_NODES) {
    throw new CliUsageError(`${command}: invalid node number "${value}" (expected 1–${MAX_NODES})`);
  }
  return Number(value);
}

/** Splits `--name=value` / `--name value` style options; returns the value and how many args it used. */
function optionValue(args: readonly string[], i: number, name: string): [string, number] {
  const arg = args[i]!;
  if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), 1];
  const next = args[i + 1];
  if (next === undefined || next.startsWith('--')) throw new CliUsageError(`${name} needs a value`);
  return [next, 2];
}

function parseStart(args: readonly string[]): CliCommand {
  let nodes = 1;
  let auth = false;
  let tls = false;
  let clientAuth = false;
  for (let i = 0; i < args.length;) {
    const arg = args[i]!;
    if (arg === '--auth') {
      auth = true;
      i += 1;
    } else if (arg === '--tls') {
      tls = true;
      i += 1;
    } else if (arg === '--client-auth') {
      tls = true;
      clientAuth = true;
      i += 1;
    } else if (arg === '--nodes' || arg.startsWith('--nodes=')) {
      const [value, used] = optionValue(args, i, '--nodes');
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_NODES) {
        throw new CliUsageError(`--nodes: invalid value "${value}" (expected 1–${MAX_NODES})`);
      }
      nodes = Number(value);
      i += used;
    } else {
      throw new CliUsageError(`start: unknown option "${arg}"`);
    }
  }
  return { kind: 'start', options: { nodes, auth, tls, ...(clientAuth ? { clientAuth } : {}) } };
}

function noMoreArgs(command: string, args: readonly string[]): void {
  if (args.length > 0) throw new CliUsageError(`${command}: unexpected argument "${args[0]}"`);
}

/**
 * Parses the arguments after `cli.ts`.
 *
 * @throws CliUsageError on an unknown command, option or bad value
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { kind: 'help' };
  }
  if (command !== 'nodetool' && (rest.includes('--help') || rest.includes('-h'))) return { kind: 'help' };
  switch (command) {
    case 'start':
      return parseStart(rest);
    case 'stop': {
      const docker = rest[0] === '--docker';
      noMoreArgs(command, docker ? rest.slice(1) : rest);
      return { kind: 'stop', docker };
    }
    case 'wipe':
      noMoreArgs(command, rest);
      return { kind: command };
    case 'build-image': {
      if (rest.length === 0) return { kind: 'build-image' };
      const arg = rest[0]!;
      if (arg !== '--version' && !arg.startsWith('--version=')) {
        throw new CliUsageError(`build-image: unknown option "${arg}"`);
      }
      const [version, used] = optionValue(rest, 0, '--version');
      if (!/^\d+\.\d+\.\d+$/.test(version)) {
        throw new CliUsageError(`--version: invalid value "${version}" (expected a version such as 5.0.9)`);
      }
      noMoreArgs(command, rest.slice(used));
      return { kind: 'build-image', version };
    }
    case 'status': {
      const json = rest[0] === '--json';
      noMoreArgs(command, json ? rest.slice(1) : rest);
      return { kind: 'status', json };
    }
    case 'kill':
    case 'pause':
    case 'resume':
    case 'restart': {
      const node = parseNodeNumber(rest[0], command);
      noMoreArgs(command, rest.slice(1));
      return { kind: command, node };
    }
    case 'logs': {
      const node = parseNodeNumber(rest[0], command);
      let lines = 50;
      const options = rest.slice(1);
      for (let i = 0; i < options.length;) {
        const arg = options[i]!;
        if (arg !== '--lines' && !arg.startsWith('--lines='))
          throw new CliUsageError(`logs: unknown option "${arg}"`);
        const [value, used] = optionValue(options, i, '--lines');
        if (!/^\d+$/.test(value) || Number(value) < 1) {
          throw new CliUsageError(`--lines: invalid value "${value}" (expected a positive integer)`);
        }
        lines = Number(value);
        i += used;
      }
      return { kind: 'logs', node, lines };
    }
    case 'nodetool': {
      const node = parseNodeNumber(rest[0], command);
      if (rest.length < 2)
        throw new CliUsageError('nodetool: missing nodetool command (e.g. nodetool 1 status)');
      return { kind: 'nodetool', node, args: rest.slice(1) };
    }
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}
