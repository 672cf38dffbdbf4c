/**
 * Client CPU of @cqlkit/mapper repository operations against the same statements run raw
 * through the same session (`npx tsx bench/mapper-overhead.ts`). Not a test: it prints per-op
 * client CPU (process.cpuUsage, user + system) and the mapper/raw ratio for insert and findOne,
 * as the ratio of the medians and as the median of each round's ratio (steadier on a busy box).
 *
 * Needs a running Cassandra: CQLKIT_CONTACT_POINTS (and CQLKIT_USERNAME / CQLKIT_PASSWORD), or the
 * local launcher cluster (`npm run cassandra -- start`). Knobs: BENCH_OPS (per round, default
 * 20000), BENCH_ROUNDS (default 5), BENCH_CONCURRENCY (default 64).
 *
 * tsx (esbuild) does not emit decorator metadata, so every column names its CQL type.
 */
import { Cluster, Uuid, type PreparedStatement, type Session } from '@cqlkit/driver';
import { Column, Entity, Mapper, PartitionKey, type Repository } from '@cqlkit/mapper';
import { LocalCassandraCluster } from '@cqlkit/testing';
import { cpuPerOp, median } from './lib/cpu-per-op';

@Entity({ table: 'bench_users' })
class BenchUser {
  @PartitionKey() @Column({ type: 'uuid' }) id!: Uuid;
  @Column({ type: 'text' }) name?: string;
  @Column({ type: 'text' }) email?: string;
  @Column({ type: 'int' }) age?: number;
  @Column({ type: 'double' }) score?: number;
  @Column({ type: 'timestamp' }) createdAt?: Date;
  @Column({ type: 'set<text>' }) tags?: string[];
}

const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const KEYSPACE = 'cqlkit_bench_mapper';

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function connect(): Promise<Cluster> {
  const external = process.env.CQLKIT_CONTACT_POINTS;
  let credentials: { username: string; password: string } | undefined;
  let contactPoints = external?.split(',') ?? ['127.0.0.1'];
  if (external) {
    const username = process.env.CQLKIT_USERNAME;
    if (username) credentials = { username, password: process.env.CQLKIT_PASSWORD ?? '' };
  } else {
    const status = await new LocalCassandraCluster({}).status();
    if (!status.running)
      throw new Error('no Cassandra: set CQLKIT_CONTACT_POINTS or run `npm run cassandra -- start`');
    contactPoints = [...status.contactPoints];
    credentials = status.credentials ? { ...status.credentials } : undefined;
  }
  return new Cluster({
    contactPoints,
    localDataCenter: process.env.CQLKIT_LOCAL_DC ?? 'datacenter1',
    ...(credentials ? { credentials } : {}),
  });
}

function makeUser(i: number): BenchUser {
  return Object.assign(new BenchUser(), {
    id: Uuid.random(),
    name: `user ${i}`,
    email: `user${i}@example.com`,
    age: 20 + (i % 50),
    score: i / 7,
    createdAt: new Date(1_700_000_000_000 + i),
    tags: ['a', 'b'],
  });
}

function measure(n: number, op: (i: number) => Promise<unknown>): Promise<{ cpuUs: number; wallMs: number }> {
  return cpuPerOp(n, CONCURRENCY, op);
}

async function run(session: Session, users: Repository<BenchUser>): Promise<void> {
  const insert: PreparedStatement = await session.prepare(
    `INSERT INTO ${KEYSPACE}.bench_users (id, name, email, age, score, created_at, tags) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const select: PreparedStatement = await session.prepare(
    `SELECT id, name, email, age, score, created_at, tags FROM ${KEYSPACE}.bench_users WHERE id = ?`,
  );
  const data = Array.from({ length: OPS }, (_, i) => makeUser(i));
  const rawInsert = (i: number) => {
    const u = data[i] as BenchUser;
    return session.execute(insert, [u.id, u.name, u.email, u.age, u.score, u.createdAt, u.tags], {
      idempotent: true,
    });
  };
  const mapperInsert = (i: number) => users.insert(data[i] as BenchUser);
  const rawFind = async (i: number) => (await session.execute(select, [(data[i] as BenchUser).id])).first();
  const mapperFind = (i: number) => users.findOne({ id: (data[i] as BenchUser).id });

  say(`warming up (${OPS} ops of each kind)…`);
  await measure(OPS, rawInsert);
  await measure(OPS, mapperInsert);
  await measure(OPS, rawFind);
  await measure(OPS, mapperFind);

  const results: Record<string, number[]> = { rawInsert: [], mapperInsert: [], rawFind: [], mapperFind: [] };
  // mapper ÷ raw of each round: its two sides ran back to back, so a busy machine's drift cancels.
  const roundRatios = { insert: [] as number[], findOne: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order each round so drift on a busy machine hits both sides alike.
    const order: [string, (i: number) => Promise<unknown>][] =
      round % 2 === 1
        ? [
            ['rawInsert', rawInsert],
            ['mapperInsert', mapperInsert],
            ['rawFind', rawFind],
            ['mapperFind', mapperFind],
          ]
        : [
            ['mapperInsert', mapperInsert],
            ['rawInsert', rawInsert],
            ['mapperFind', mapperFind],
            ['rawFind', rawFind],
          ];
    const line: string[] = [];
    const got: Record<string, number> = {};
    for (const [name, op] of order) {
      const { cpuUs, wallMs } = await measure(OPS, op);
      results[name]?.push(cpuUs);
      got[name] = cpuUs;
      line.push(`${name} ${cpuUs.toFixed(1)} µs/op (${Math.round((OPS / wallMs) * 1000)} op/s)`);
    }
    roundRatios.insert.push(got.mapperInsert! / got.rawInsert!);
    roundRatios.findOne.push(got.mapperFind! / got.rawFind!);
    say(`round ${round}: ${line.join(' | ')}`);
  }
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<
    string,
    number
  >;
  say('');
  say(`client CPU per op (median of ${ROUNDS} rounds of ${OPS}, concurrency ${CONCURRENCY}):`);
  say(
    `  insert : raw ${m.rawInsert!.toFixed(1)} µs, mapper ${m.mapperInsert!.toFixed(1)} µs → ${(m.mapperInsert! / m.rawInsert!).toFixed(3)}×`,
  );
  say(
    `  findOne: raw ${m.rawFind!.toFixed(1)} µs, mapper ${m.mapperFind!.toFixed(1)} µs → ${(m.mapperFind! / m.rawFind!).toFixed(3)}×`,
  );
  say(
    `  median of the per-round ratios: insert ${median(roundRatios.insert).toFixed(3)}×, findOne ${median(roundRatios.findOne).toFixed(3)}×`,
  );
  say('  target: ≤ 1.10×');
}

async function main(): Promise<void> {
  const cluster = await connect();
  try {
    const session = await cluster.connect();
    await session.execute(
      `CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    const mapper = new Mapper(session, { keyspace: KEYSPACE });
    await mapper.schema.create([BenchUser]);
    const users = mapper.repository(BenchUser);
    await users.ready();
    try {
      await run(session, users);
    } finally {
      await session.execute(`DROP KEYSPACE IF EXISTS ${KEYSPACE}`);
    }
  } finally {
    await cluster.shutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mapper-overhead failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
