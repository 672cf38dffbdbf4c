import { Consistency } from '@cqlkit/driver';
import { MigrationConfigError } from '@cqlkit/migrations';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveCliSettings } from '../src/cli-config';

describe('resolveCliSettings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqlkit-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const writeConfig = (value: unknown, name = 'cqlkit-migrate.json') =>
    writeFile(join(dir, name), JSON.stringify(value));

  it('has defaults: localhost, ./migrations, nothing else', async () => {
    const settings = await resolveCliSettings({}, {}, dir);
    expect(settings.cluster).toEqual({ contactPoints: ['127.0.0.1'] });
    expect(settings.migration).toEqual({ migrationsDir: join(dir, 'migrations') });
    expect(settings.configFile).toBeUndefined();
  });

  it('reads ./cqlkit-migrate.json, resolving paths against the file', async () => {
    await writeConfig({
      contactPoints: ['10.0.0.1', '10.0.0.2:9043'],
      localDataCenter: 'dc1',
      username: 'app',
      password: 'secret',
      keyspace: 'shop',
      migrationsDir: 'db/migrations',
      consistency: 'local_quorum',
      serialConsistency: 'LOCAL_SERIAL',
      lock: { waitTimeoutMs: 5000 },
      createKeyspace: { replication: { class: 'SimpleStrategy', replication_factor: 1 } },
    });
    const settings = await resolveCliSettings({}, {}, dir);
    expect(settings.configFile).toBe(join(dir, 'cqlkit-migrate.json'));
    expect(settings.cluster).toEqual({
      contactPoints: ['10.0.0.1', '10.0.0.2:9043'],
      localDataCenter: 'dc1',
      credentials: { username: 'app', password: 'secret' },
    });
    expect(settings.migration).toMatchObject({
      keyspace: 'shop',
      migrationsDir: join(dir, 'db/migrations'),
      consistency: Consistency.LOCAL_QUORUM,
      serialConsistency: Consistency.LOCAL_SERIAL,
      lock: { waitTimeoutMs: 5000 },
      createKeyspace: { replication: { class: 'SimpleStrategy', replication_factor: 1 } },
    });
  });

  it('layers environment section < environment variables < flags', async () => {
    await writeConfig({
      keyspace: 'base',
      lock: { ttlSeconds: 30, waitTimeoutMs: 1000 },
      environments: {
        prod: {
          keyspace: 'prod_ks',
          createKeyspace: { replication: { class: 'NetworkTopologyStrategy', dc1: 3 } },
          lock: { waitTimeoutMs: 9000 },
        },
      },
    });
    const env = {
      CQLKIT_MIGRATE_ENV: 'prod',
      CQLKIT_MIGRATE_CONTACT_POINTS: 'a, b',
      CQLKIT_MIGRATE_LOCK_WAIT: '20',
    };
    const fromEnv = await resolveCliSettings({}, env, dir);
    expect(fromEnv.environment).toBe('prod');
    expect(fromEnv.cluster.contactPoints).toEqual(['a', 'b']);
    expect(fromEnv.migration).toMatchObject({
      keyspace: 'prod_ks',
      createKeyspace: { replication: { class: 'NetworkTopologyStrategy', dc1: 3 } },
      lock: { ttlSeconds: 30, waitTimeoutMs: 20_000 },
    });
    const fromFlags = await resolveCliSettings({ keyspace: 'flag_ks', 'lock-wait': '0' }, env, dir);
    expect(fromFlags.migration).toMatchObject({
      keyspace: 'flag_ks',
      lock: { ttlSeconds: 30, waitTimeoutMs: 0 },
    });
  });

  it('reads TLS files and a replication map given as JSON', async () => {
    await writeFile(join(dir, 'ca.pem'), 'PEM');
    const settings = await resolveCliSettings(
      { 'tls-ca-file': 'ca.pem', replication: '{"class":"SimpleStrategy","replication_factor":1}' },
      {},
      dir,
    );
    expect(settings.cluster.tls).toEqual({ ca: Buffer.from('PEM') });
    expect(settings.migration.createKeyspace).toEqual({
      replication: { class: 'SimpleStrategy', replication_factor: 1 },
    });
  });

  it.each([
    [{ keyspce: 'typo' }, "unknown setting 'keyspce'"],
    [
      { consistency: 'MOST' },
      "consistency must be a consistency level such as QUORUM or LOCAL_QUORUM, got 'MOST'",
    ],
    [{ createKeyspace: { replication: { class: 'SimpleStrategy' } } }, 'needs replication_factor'],
    [{ contactPoints: [] }, 'contactPoints must name at least one'],
  ])('rejects a bad file %j', async (value, message) => {
    await writeConfig(value);
    await expect(resolveCliSettings({}, {}, dir)).rejects.toThrow(MigrationConfigError);
    await expect(resolveCliSettings({}, {}, dir)).rejects.toThrow(message);
  });

  it('rejects an unknown environment, listing the known ones', async () => {
    await writeConfig({ environments: { dev: {}, prod: {} } });
    await expect(resolveCliSettings({ env: 'staging' }, {}, dir)).rejects.toThrow(
      /environment 'staging' is not in .*; it defines dev, prod/,
    );
  });

  it('rejects bad values from the environment and flags, naming their source', async () => {
    await expect(resolveCliSettings({}, { CQLKIT_MIGRATE_LOCK_WAIT: 'soon' }, dir)).rejects.toThrow(
      "CQLKIT_MIGRATE_LOCK_WAIT must be a number of seconds (0 or more), got 'soon'",
    );
    await expect(resolveCliSettings({ replication: '{bad' }, {}, dir)).rejects.toThrow(
      /--replication must be a JSON replication map/,
    );
    await expect(resolveCliSettings({ config: 'missing.json' }, {}, dir)).rejects.toThrow(
      /missing\.json does not exist/,
    );
    await expect(resolveCliSettings({ 'tls-ca-file': 'nope.pem' }, {}, dir)).rejects.toThrow(
      /cannot read the TLS CA file/,
    );
  });
});
