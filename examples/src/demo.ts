/**
 * `npm run demo`: the telemetry example end to end.
 *
 * 1. Finds Cassandra: `CQLKIT_CONTACT_POINTS` (and `CQLKIT_USERNAME`, `CQLKIT_PASSWORD`,
 *    `CQLKIT_TLS_CA_FILE`, `CQLKIT_LOCAL_DC`) when set; otherwise the repository's local
 *    Cassandra, started if it is not running.
 * 2. Applies the schema in `examples/migrations` with the `cqlkit-migrate` CLI (a child process).
 * 3. Runs the application's scenario (`telemetry/scenario.ts`), printing what it does.
 * 4. Drops the demo keyspace (unless `--keep`) and stops the Cassandra node if it started it.
 *
 * Run with tsx, which emits no decorator metadata: every mapped property states its CQL type.
 */
import { join } from 'node:path';
import { Cluster } from '@cqlkit/driver';
import { taggedLog } from './demo/console-log';
import { connectionSettingsFor, targetFromEnvironment } from './demo/connection-target';
import { acquireLocalCassandra, type CassandraHandle } from './demo/local-cassandra';
import { runMigrateCli } from './demo/migrations-cli';
import { telemetryClusterOptions } from './telemetry/cluster-settings';
import { runScenario } from './telemetry/scenario';

const KEYSPACE = 'telemetry_demo';
const CONFIG_FILE = join(__dirname, '..', 'cqlkit-migrate.json');

const say = taggedLog('demo');

async function findCassandra(): Promise<CassandraHandle> {
  const external = targetFromEnvironment();
  if (external === undefined) return acquireLocalCassandra(taggedLog('cassandra'));
  say(`using the cluster at CQLKIT_CONTACT_POINTS=${external.description}`);
  return { target: external, release: async () => undefined };
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const startedAt = performance.now();
  const cassandra = await findCassandra();
  try {
    const { target } = cassandra;
    say(`Cassandra: ${target.description}`);
    const migrateLog = taggedLog('migrate');
    await runMigrateCli({ args: ['up'], configFile: CONFIG_FILE, target }, migrateLog);
    await runMigrateCli({ args: ['status'], configFile: CONFIG_FILE, target }, migrateLog);

    await using cluster = new Cluster(telemetryClusterOptions(connectionSettingsFor(target)));
    const session = await cluster.connect(KEYSPACE);
    try {
      await runScenario({ cluster, session, log: taggedLog('app') });
    } finally {
      if (keep) {
        say(`keeping keyspace ${KEYSPACE} (--keep): cqlsh into it, or run the demo again`);
      } else {
        await session.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
        say(`dropped keyspace ${KEYSPACE} (npm run demo -- --keep keeps it)`);
      }
    }
  } finally {
    await cassandra.release();
  }
  say(`done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[demo] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
