/**
 * `startCassandra` of `@cqlkit/testing` on both engines, one after the other (they use the same
 * addresses, 127.0.0.1…3): a 1-node cluster with auth and TLS that a driver reaches with the
 * handle's credentials and CA, reuse and refusal of a second start, `await using`; a 3-node cluster
 * whose node 2 is killed and restarted under a driver's eyes; a node that cannot start; and
 * nothing left running afterwards.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Cluster, type Host } from '@cqlkit/driver';
import {
  cacheRoot,
  type CassandraEngine,
  type CassandraHandle,
  CassandraStartError,
  startCassandra,
  uniqueKeyspaceName,
} from '@cqlkit/testing';

import { cassandraJvmsUnder, cqlkitContainers, driverOptions, roundTrip, waitUntil } from './engine-checks';
import { DOCKER_AVAILABLE_ENV } from './global-setup';

// A 3-node start plus a node restart take about a minute on 2 cores; a cold image build one more.
jest.setTimeout(600_000);

const dockerAvailable = process.env[DOCKER_AVAILABLE_ENV] !== '0';
const repositoryRoot = join(__dirname, '..', '..', '..');
const clustersRoot = join(cacheRoot(), 'clusters');

function log(message: string): void {
  process.stderr.write(`[engines] ${message}\n`);
}

function engineSuite(engine: CassandraEngine): void {
  // One cluster dir (jar engine) / container name (Docker engine) per engine and test.
  const dir = (name: string): string => join(clustersRoot, `engines-${engine}-${name}`);

  describe('a 1-node cluster with auth and TLS', () => {
    it('starts, answers a CQL round trip over TLS with the credentials, and is disposed by await using', async () => {
      const clusterDir = dir('single');
      {
        await using cassandra = await startCassandra({ engine, auth: true, tls: true, clusterDir, log });
        log(`${engine}: 1 node (auth, TLS) up in ${(cassandra.startupMs / 1000).toFixed(1)} s`);
        expect(cassandra.engine).toBe(engine);
        expect(cassandra.contactPoints).toEqual(['127.0.0.1']);
        expect(cassandra.reused).toBe(false);
        expect(cassandra.credentials).toEqual({ username: 'cassandra', password: 'cassandra' });
        expect(cassandra.tls?.ca).toContain('-----BEGIN CERTIFICATE-----');

        await using cluster = new Cluster(driverOptions(cassandra));
        const version = await roundTrip(cluster, uniqueKeyspaceName(`${engine}_one`));
        expect(version).toMatch(/^5\.0\./);
        expect(cassandra.cassandraVersion).toMatch(/^5\.0\./);

        // Without the credentials the node refuses the connection.
        const { credentials: _ignored, ...anonymous } = driverOptions(cassandra);
        await using stranger = new Cluster(anonymous);
        await expect(stranger.connect()).rejects.toThrow(/auth|credential|password/i);

        // A second start with the same options reuses the cluster and leaves it running when stopped.
        const again = await startCassandra({ engine, auth: true, tls: true, clusterDir, log });
        expect(again.reused).toBe(true);
        expect(again.contactPoints).toEqual(cassandra.contactPoints);
        await again.stop();
        await using stillThere = new Cluster(driverOptions(cassandra));
        await (await stillThere.connect()).execute('SELECT now() FROM system.local');

        // Other options while it runs: refused, saying why.
        const conflict = startCassandra({ engine, nodes: 1, auth: false, tls: false, clusterDir, log });
        await expect(conflict).rejects.toBeInstanceOf(CassandraStartError);
        await expect(conflict).rejects.toMatchObject({ reason: 'OPTIONS_CONFLICT' });
        await expect(conflict).rejects.toThrow(/runs? with|running with/);
      }
      // `await using` stopped it: no JVM, no container.
      expect(await cassandraJvmsUnder(clusterDir)).toEqual([]);
      if (engine === 'docker') expect(await cqlkitContainers()).toEqual([]);
    });
  });

  describe('a 3-node cluster', () => {
    let cassandra: CassandraHandle | undefined;
    let cluster: Cluster | undefined;

    afterAll(async () => {
      await cluster?.shutdown();
      await cassandra?.stop();
    });

    it('starts three nodes that see each other', async () => {
      cassandra = await startCassandra({ engine, nodes: 3, clusterDir: dir('three'), log });
      log(`${engine}: 3 nodes up in ${(cassandra.startupMs / 1000).toFixed(1)} s`);
      expect(cassandra.contactPoints).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
      cluster = new Cluster(driverOptions(cassandra));
      await roundTrip(cluster, uniqueKeyspaceName(`${engine}_three`), 3);
      await waitUntil(
        () => cluster!.hosts().filter((h) => h.isUp).length === 3,
        30_000,
        'the driver sees 3 hosts up',
      );
    });

    it('kill(2) is seen by the driver as node 2 going down, restart(2) as coming back up', async () => {
      const events: string[] = [];
      cluster!.addHostStateListener({
        onDown: (h: Host) => events.push(`down ${h.address}`),
        onUp: (h: Host) => events.push(`up ${h.address}`),
      });
      await cassandra!.kill(2);
      await waitUntil(() => events.includes('down 127.0.0.2'), 60_000, 'the driver marks 127.0.0.2 down');
      const session = await cluster!.connect();
      await session.execute('SELECT release_version FROM system.local');

      const restarted = Date.now();
      await cassandra!.restart(2);
      log(`${engine}: node 2 restarted in ${((Date.now() - restarted) / 1000).toFixed(1)} s`);
      await waitUntil(() => events.includes('up 127.0.0.2'), 60_000, 'the driver marks 127.0.0.2 up again');
      expect(cluster!.hosts().find((h) => h.address === '127.0.0.2')?.isUp).toBe(true);
      expect(await cassandra!.logs(2, 5)).not.toBe('');
    });

    it('pause(3) freezes node 3 and resume(3) thaws it', async () => {
      await cassandra!.pause(3);
      await cassandra!.resume(3);
      const session = await cluster!.connect();
      await session.execute('SELECT release_version FROM system.local');
    });

    it('stop() leaves nothing running', async () => {
      await cluster!.shutdown();
      cluster = undefined;
      await cassandra!.stop();
      cassandra = undefined;
      expect(await cassandraJvmsUnder(dir('three'))).toEqual([]);
      if (engine === 'docker') expect(await cqlkitContainers()).toEqual([]);
    });
  });

  describe('a node that cannot start', () => {
    it('fails with NODE_FAILED and the tail of the node log', async () => {
      const clusterDir = dir('broken');
      // 16 MiB of heap: the JVM gives up while initialising (or Cassandra runs out of memory).
      const start = startCassandra({ engine, heap: '16M', clusterDir, startTimeoutMs: 120_000, log });
      const error = await start.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CassandraStartError);
      expect((error as CassandraStartError).reason).toBe('NODE_FAILED');
      expect((error as Error).message).toMatch(/Error occurred during initialization of VM|OutOfMemoryError/);
      expect((error as Error).message).toMatch(/-----/); // the labelled log tail
      expect(await cassandraJvmsUnder(clusterDir)).toEqual([]);
      if (engine === 'docker') expect(await cqlkitContainers()).toEqual([]);
    });
  });

  describe('the example user project (examples/testing)', () => {
    it('passes its Jest suite, which @cqlkit/testing (the built package) starts and stops Cassandra for', async () => {
      const clusterDir = dir('example');
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [require.resolve('jest/bin/jest'), '--selectProjects', engine],
        {
          cwd: join(repositoryRoot, 'examples', 'testing'),
          env: { ...process.env, CQLKIT_CLUSTER_DIR: clusterDir, CQLKIT_CONTACT_POINTS: '', CI: 'true' },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const output = `${stdout}\n${stderr}`;
      expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
      expect(output).toContain(`(engine ${engine})`);
      expect(await cassandraJvmsUnder(clusterDir)).toEqual([]);
      if (engine === 'docker') expect(await cqlkitContainers()).toEqual([]);
    });

    it('passes the same code under node:test, whose suite calls startCassandra itself', async () => {
      const clusterDir = dir('example-node-test');
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--test', join('node-test', 'orders.test.ts')],
        {
          cwd: join(repositoryRoot, 'examples', 'testing'),
          env: {
            ...process.env,
            CQLKIT_CLUSTER_DIR: clusterDir,
            CQLKIT_CASSANDRA_ENGINE: engine,
            CQLKIT_CONTACT_POINTS: '',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      const output = `${stdout}\n${stderr}`;
      expect(output).toMatch(/# pass 1\n/);
      expect(output).toMatch(/# fail 0\n/);
      expect(output).toContain(`(engine ${engine})`);
      expect(await cassandraJvmsUnder(clusterDir)).toEqual([]);
      if (engine === 'docker') expect(await cqlkitContainers()).toEqual([]);
    });
  });
}

describe('the jar engine', () => engineSuite('jars'));

if (dockerAvailable) {
  describe('the Docker engine (testcontainers, host network)', () => engineSuite('docker'));
} else {
  describe('the Docker engine (testcontainers, host network)', () => {
    it.skip('NOT TESTED: no Docker engine answers on this machine (see the banner above)', () => undefined);
  });
}

afterAll(async () => {
  // Whatever happened above: no Cassandra JVM of these tests, no container of any cqlkit cluster.
  expect(await cassandraJvmsUnder(join(clustersRoot, 'engines-'))).toEqual([]);
  if (dockerAvailable) expect(await cqlkitContainers()).toEqual([]);
});
