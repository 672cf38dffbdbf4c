import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DriverError } from '@cqlkit/driver';

import { CassandraStartError, TestingError } from '../src';
import { CliUsageError, parseCliArgs } from '../src/cli/args';
import { ContainerStartupError } from '../src/docker/container-logs';
import { ClusterConflict } from '../src/docker/docker-cluster';
import { ImageBuildError } from '../src/docker/image-build';
import { ClusterOptionsConflictError } from '../src/jars/cluster';
import { NoSuitableJdkError } from '../src/jars/jdk';
import { CassandraResolutionError } from '../src/jars/maven-resolver';
import { PortInUseError } from '../src/jars/node-launcher';
import { NodeStartupError } from '../src/jars/readiness';
import { CommandNotFoundError } from '../src/run-command';

const cause = new Error('spawn java ENOENT');
const plain = { nodes: 1, auth: false, tls: false };

// Every error class of @cqlkit/testing, built as the code that raises it does.
const cases: ReadonlyArray<[string, Error, string]> = [
  [
    'CassandraStartError',
    new CassandraStartError('NODE_FAILED', 'node1 failed'),
    'CQLKIT_TESTING_CASSANDRA_START',
  ],
  ['NodeStartupError', new NodeStartupError(2, 'node2 failed'), 'CQLKIT_TESTING_NODE_STARTUP'],
  ['ContainerStartupError', new ContainerStartupError(1, 'exited'), 'CQLKIT_TESTING_CONTAINER_STARTUP'],
  [
    'ClusterOptionsConflictError',
    new ClusterOptionsConflictError('/c', plain, { ...plain, nodes: 3 }),
    'CQLKIT_TESTING_CLUSTER_OPTIONS_CONFLICT',
  ],
  ['ClusterConflict', new ClusterConflict('other options'), 'CQLKIT_TESTING_DOCKER_CLUSTER_CONFLICT'],
  ['PortInUseError', new PortInUseError('9042 taken'), 'CQLKIT_TESTING_PORT_IN_USE'],
  ['NoSuitableJdkError', new NoSuitableJdkError([]), 'CQLKIT_TESTING_NO_SUITABLE_JDK'],
  ['CassandraResolutionError', new CassandraResolutionError('no mvn'), 'CQLKIT_TESTING_CASSANDRA_RESOLUTION'],
  ['ImageBuildError', new ImageBuildError('no docker'), 'CQLKIT_TESTING_IMAGE_BUILD'],
  ['CommandNotFoundError', new CommandNotFoundError('java', cause), 'CQLKIT_TESTING_COMMAND_NOT_FOUND'],
  ['CliUsageError', new CliUsageError('unknown command'), 'CQLKIT_TESTING_CLI_USAGE'],
];

describe('the errors of @cqlkit/testing', () => {
  it.each(cases)('%s is a DriverError with its own stable code', (name, error, code) => {
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toBeInstanceOf(TestingError);
    expect(error.name).toBe(name);
    expect((error as DriverError).code).toBe(code);
    expect((error.constructor as typeof DriverError).code).toBe(code);
  });

  it('gives every class a code of its own', () => {
    const codes = cases.map(([, , code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(TestingError.code);
    expect(TestingError.code).toBe('CQLKIT_TESTING_ERROR');
  });

  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
    const codes = [TestingError.code, ...cases.map(([, , code]) => code)];
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });

  it('keeps the fields the launcher sets', () => {
    const start = new CassandraStartError('ADDRESS_IN_USE', 'taken', { cause });
    expect(start.reason).toBe('ADDRESS_IN_USE');
    expect(start.cause).toBe(cause);
    expect(new NodeStartupError(2, 'x').nodeIndex).toBe(2);
    expect(new ContainerStartupError(3, 'x').nodeIndex).toBe(3);
    const notFound = new CommandNotFoundError('java', cause);
    expect(notFound.command).toBe('java');
    expect(notFound.message).toBe('cannot run java: spawn java ENOENT');
    expect(new NoSuitableJdkError([]).candidates).toEqual([]);
    expect(new ClusterOptionsConflictError('/c', plain, plain).message).toMatch(
      /the cluster in \/c is running/,
    );
  });

  it('raises them as DriverErrors where the launcher fails', () => {
    expect(() => parseCliArgs(['stop', 'now'])).toThrow(DriverError);
  });
});
