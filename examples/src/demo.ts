/**
 * `npm run demo`: starts a local Apache Cassandra 5.0 (unless one is already running), talks to it
 * with @cqlkit/driver, and stops what it started.
 */
import { Cluster, Consistency, TimeUuid, type Session, type Uuid } from '@cqlkit/driver';
import { LocalCassandraCluster } from '../../test/harness/cluster';

function say(message: string): void {
  process.stdout.write(`[demo] ${message}\n`);
}

async function runDemo(session: Session): Promise<void> {
  const local = await session.execute<{ release_version: string; cluster_name: string }>(
    'SELECT release_version, cluster_name FROM system.local',
  );
  const info = local.first();
  say(
    `connected with protocol v${session.protocolVersion} to Cassandra ${info?.release_version} (${info?.cluster_name})`,
  );

  await session.execute(
    "CREATE KEYSPACE IF NOT EXISTS cqlkit_demo WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
  );
  await session.useKeyspace('cqlkit_demo');
  await session.execute(
    'CREATE TABLE IF NOT EXISTS notes (author text, id timeuuid, body text, tags set<text>, PRIMARY KEY (author, id)) WITH CLUSTERING ORDER BY (id DESC)',
  );
  say('keyspace cqlkit_demo and table notes are ready');

  const insert = await session.prepare('INSERT INTO notes (author, id, body, tags) VALUES (?, now(), ?, ?)');
  await session.batch(
    [
      { query: insert, params: ['ann', 'Cassandra 5 speaks protocol v5', ['protocol']] },
      { query: insert, params: ['ann', 'rows are typed end to end', ['typescript']] },
      { query: insert, params: ['ann', 'pages stream through async iterators', ['paging']] },
    ],
    { type: 'logged', consistency: Consistency.LOCAL_QUORUM },
  );
  say('wrote 3 notes in one logged batch');

  interface Note {
    author: string;
    id: Uuid;
    body: string;
    tags: string[];
  }
  let n = 0;
  for await (const note of session.iterate<Note>('SELECT * FROM notes WHERE author = ?', ['ann'], {
    prepare: true,
    pageSize: 2,
  })) {
    say(`  ${++n}. ${note.body} [${note.tags.join(', ')}]`);
  }

  const id = TimeUuid.now();
  const conditional = 'INSERT INTO notes (author, id, body) VALUES (?, ?, ?) IF NOT EXISTS';
  const first = await session.execute(conditional, ['bob', id, 'first!'], { prepare: true });
  const again = await session.execute(conditional, ['bob', id, 'first again?'], { prepare: true });
  say(
    `lightweight transaction: first insert applied=${first.wasApplied}, repeated insert applied=${again.wasApplied}`,
  );

  await session.execute('DROP KEYSPACE cqlkit_demo');
  say('dropped the demo keyspace');
}

async function main(): Promise<void> {
  const external = process.env.CQLKIT_CONTACT_POINTS;
  const launcher = external ? undefined : new LocalCassandraCluster({ log: (m) => say(m) });
  let started = false;
  if (launcher) {
    const status = await launcher.status();
    if (!status.running) {
      say('starting a local Cassandra 5.0 node (first run downloads the jars with Maven)…');
      const result = await launcher.start({ nodes: 1, auth: false, tls: false });
      started = true;
      say(`Cassandra is up in ${(result.elapsedMs / 1000).toFixed(1)} s`);
    } else {
      say('reusing the local Cassandra that is already running');
    }
  }
  const status = launcher ? await launcher.status() : undefined;
  const cluster = new Cluster({
    contactPoints: external ? external.split(',') : (status?.contactPoints ?? ['127.0.0.1']),
    ...(status?.credentials ? { credentials: status.credentials } : {}),
  });
  try {
    const session = await cluster.connect();
    await runDemo(session);
  } finally {
    await cluster.shutdown();
    if (started && launcher) {
      say('stopping the Cassandra node the demo started');
      await launcher.stop();
    }
  }
  say('done');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[demo] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
