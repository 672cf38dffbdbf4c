import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type ClusterState,
  describeClusterOptions,
  readClusterState,
  sameClusterOptions,
  writeClusterState,
} from '../src/jars/cluster-state';
import { isDaemonOfNode, parseProcStatState } from '../src/jars/daemon-process';
import { readFrom, tailFile } from '../src/jars/node-logs';
import { clusterLayout } from '../src/config/node-layout';
import { cacheRoot, cassandraLibDir, defaultClusterDir } from '../src/config/paths';
import { findFailureLine, gossipUpPattern } from '../src/jars/readiness';
import { uniqueKeyspaceName } from '../src/test-env';

describe('cluster state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqlkit-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through cluster.json', async () => {
    const state: ClusterState = {
      formatVersion: 1,
      options: { nodes: 2, auth: true, tls: false },
      cassandraVersion: '5.0.9',
      javaHome: '/jdk',
      libDir: '/lib',
      heap: '512M',
      createdAt: '2025-01-01T00:00:00.000Z',
      nodes: [{ index: 1, pid: 123, launchedAt: 'x' }, { index: 2 }],
    };

    await writeClusterState(dir, state);

    expect(await readClusterState(dir)).toEqual(state);
  });

  it('reports a missing cluster as undefined and a foreign file as an error', async () => {
    expect(await readClusterState(dir)).toBeUndefined();
    await writeFile(join(dir, 'cluster.json'), '{"hello": 1}');
    await expect(readClusterState(dir)).rejects.toThrow(/not a cqlkit cluster state file/);
  });

  it('compares and describes options', () => {
    expect(
      sameClusterOptions({ nodes: 1, auth: false, tls: true }, { nodes: 1, auth: false, tls: true }),
    ).toBe(true);
    expect(
      sameClusterOptions({ nodes: 1, auth: false, tls: true }, { nodes: 3, auth: false, tls: true }),
    ).toBe(false);
    expect(describeClusterOptions({ nodes: 3, auth: true, tls: false })).toBe('3 nodes, auth, no tls');
    // Client certificates are part of the configuration; state files written before the option
    // existed (no clientAuth) mean false.
    const mtls = { nodes: 3, auth: false, tls: true, clientAuth: true };
    expect(sameClusterOptions(mtls, { nodes: 3, auth: false, tls: true })).toBe(false);
    expect(
      sameClusterOptions(
        { nodes: 3, auth: false, tls: true, clientAuth: false },
        { nodes: 3, auth: false, tls: true },
      ),
    ).toBe(true);
    expect(describeClusterOptions(mtls)).toBe('3 nodes, no auth, tls with client certificates');
  });
});

describe('process inspection helpers', () => {
  it('reads the state letter of /proc/<pid>/stat even with spaces and parentheses in the name', () => {
    expect(parseProcStatState('42 (java) S 1 42 42 0')).toBe('running');
    expect(parseProcStatState('42 (we(ird) name) T 1 42')).toBe('paused');
    expect(parseProcStatState('42 (java) Z 1 42')).toBe('gone');
    expect(parseProcStatState('')).toBe('gone');
  });

  it('recognises the daemon of a node only by its main class and exact storage dir', () => {
    const args = ['java', '-Dcassandra.storagedir=/c/node1', 'org.apache.cassandra.service.CassandraDaemon'];
    expect(isDaemonOfNode(args, '/c/node1')).toBe(true);
    expect(isDaemonOfNode(args, '/c/node11')).toBe(false);
    expect(isDaemonOfNode(['java', '-Dcassandra.storagedir=/c/node1', 'Other'], '/c/node1')).toBe(false);
  });
});

describe('log scanning', () => {
  it('finds the first failure marker line', () => {
    const log = [
      'INFO  starting',
      'ERROR [main] Exception encountered during startup: boom',
      'ERROR Fatal configuration error',
    ].join('\n');
    expect(findFailureLine(log)).toBe('ERROR [main] Exception encountered during startup: boom');
    expect(findFailureLine('INFO Starting listening for CQL clients on /127.0.0.1:9042')).toBeUndefined();
  });

  it('matches the gossip UP line of exactly one peer', () => {
    const [, node2] = clusterLayout('/c', 2);
    const pattern = gossipUpPattern(node2!);
    expect(
      pattern.test('INFO [GossipStage:1] Gossiper.java:1492 - InetAddress /127.0.0.2:7000 is now UP'),
    ).toBe(true);
    expect(pattern.test('InetAddress /127.0.0.22:7000 is now UP')).toBe(false);
    expect(pattern.test('InetAddress /127.0.0.2:7000 is now DOWN')).toBe(false);
  });

  it('tails files and reads from an offset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cqlkit-log-'));
    try {
      const file = join(dir, 'system.log');
      await writeFile(file, 'one\ntwo\nthree\nfour\n');
      expect(await tailFile(file, 2)).toBe('three\nfour');
      expect(await tailFile(join(dir, 'missing.log'), 2)).toBeUndefined();
      expect(await readFrom(file, 'one\ntwo\n'.length)).toBe('three\nfour\n');
      expect(await readFrom(file, 1000)).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('paths', () => {
  it('follows CQLKIT_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ CQLKIT_CACHE_DIR: '/x/cache', XDG_CACHE_HOME: '/xdg' })).toBe('/x/cache');
    expect(cacheRoot({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/cqlkit');
    expect(cacheRoot({})).toMatch(/\/\.cache\/cqlkit$/);
    expect(cassandraLibDir('5.0.9', { CQLKIT_CACHE_DIR: '/x' })).toBe('/x/cassandra/5.0.9/lib');
  });

  it('puts the default cluster under the cache unless CQLKIT_CLUSTER_DIR is set', () => {
    expect(defaultClusterDir({ CQLKIT_CACHE_DIR: '/x' })).toBe('/x/clusters/default');
    expect(defaultClusterDir({ CQLKIT_CACHE_DIR: '/x', CQLKIT_CLUSTER_DIR: '/elsewhere' })).toBe(
      '/elsewhere',
    );
  });
});

describe('uniqueKeyspaceName', () => {
  it('is unique, lowercase, valid and at most 48 characters', () => {
    const names = new Set(Array.from({ length: 50 }, () => uniqueKeyspaceName('Smoke_Test')));
    expect(names.size).toBe(50);
    for (const name of names) {
      expect(name).toMatch(/^smoke_test_[a-z0-9]+_[0-9a-f]{8}$/);
    }
    expect(uniqueKeyspaceName('a'.repeat(100)).length).toBeLessThanOrEqual(48);
  });

  it('rejects prefixes that cannot start a keyspace name', () => {
    expect(() => uniqueKeyspaceName('1abc')).toThrow(/invalid keyspace prefix/);
    expect(() => uniqueKeyspaceName('a-b')).toThrow(/invalid keyspace prefix/);
  });
});
