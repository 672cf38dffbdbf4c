/**
 * @cqlkit/opentelemetry beyond raw requests, against the real node: repository operations name
 * their entity; migrations (API and CLI) give one span per command, migration and statement with
 * the driver's request spans beneath and schema-agreement waits as events; no span is left open
 * after a shutdown that cuts requests short.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Cluster, Uuid } from '@cqlkit/driver';
import { Condition, Opcode, Reaction, rule } from '@cqlkit/driver/testing';
import { Column, Entity, PartitionKey, ClusteringKey, type Repository } from '@cqlkit/mapper';
import { migrate } from '@cqlkit/migrations';
import { openMapperKeyspace, type MapperTestContext } from '../mapper/mapper-test-keyspace';
import { cliEnv, openWorld, runCli, type MigrationsWorld } from '../migrations/migrations-test-kit';
import { proxiedClusterOptions, startProxy } from '../policies/proxied-node';
import { parentId, startTelemetry, type Telemetry } from './otel-test-kit';

@Entity({ table: 'otel_readings' })
class OtelReading {
  @PartitionKey() sensor!: string;
  @ClusteringKey() @Column({ type: 'int' }) at!: number;
  @Column({ type: 'double' }) value?: number;
}

@Entity({ table: 'otel_users' })
class OtelUser {
  @PartitionKey() id!: Uuid;
  @Column() name?: string;
}

let telemetry: Telemetry;
beforeAll(() => {
  telemetry = startTelemetry();
});
afterAll(() => telemetry?.close());
beforeEach(() => telemetry.reset());

const named = (name: string): ReadableSpan[] => telemetry.spans().filter((s) => s.name === name);
const childrenOf = (span: ReadableSpan): ReadableSpan[] =>
  telemetry.spans().filter((s) => parentId(s) === span.spanContext().spanId);

describe('mapper repositories', () => {
  let ctx: MapperTestContext;
  let readings: Repository<OtelReading>;
  let users: Repository<OtelUser>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('otel_mapper', [OtelReading, OtelUser]);
    readings = ctx.mapper.repository(OtelReading);
    users = ctx.mapper.repository(OtelUser);
    await Promise.all([readings.ready(), users.ready()]);
  });
  afterAll(() => ctx?.close());

  it('name the entity and the operation; the attributes describe the CQL', async () => {
    const id = Uuid.random();
    await users.insert(Object.assign(new OtelUser(), { id, name: 'Ann' }));
    expect((await users.findOne({ id }))?.name).toBe('Ann');
    await users.delete({ id });
    const [insert] = named('insert OtelUser');
    expect(insert!.kind).toBe(SpanKind.CLIENT);
    expect(insert!.attributes).toMatchObject({
      'db.query.summary': 'insert OtelUser',
      'db.operation.name': 'INSERT',
      'db.namespace': ctx.keyspace,
      'cqlkit.request.kind': 'execute',
    });
    expect(String(insert!.attributes['db.collection.name'])).toMatch(/otel_users/);
    expect(named('findOne OtelUser')[0]!.attributes['db.operation.name']).toBe('SELECT');
    expect(named('delete OtelUser')[0]!.attributes['db.operation.name']).toBe('DELETE');
  });

  it('name the pages of find() after the entity too, under the first page', async () => {
    for (let at = 0; at < 5; at++) {
      await readings.insert(Object.assign(new OtelReading(), { sensor: 's1', at, value: at / 2 }));
    }
    telemetry.reset();
    let count = 0;
    for await (const r of readings.find({ sensor: 's1' }, { pageSize: 2 })) count += r.at >= 0 ? 1 : 0;
    expect(count).toBe(5);
    const pages = named('find OtelReading');
    expect(pages).toHaveLength(3);
    const first = pages.find((p) => p.attributes['cqlkit.page.number'] === undefined)!;
    expect(
      childrenOf(first)
        .map((p) => p.attributes['cqlkit.page.number'])
        .sort(),
    ).toEqual([2, 3]);
  });
});

describe('migrations', () => {
  let world: MigrationsWorld;

  beforeAll(async () => {
    world = await openWorld('otel_migrate');
    await world.write(
      'V1__users.cql',
      "CREATE TABLE users (id int PRIMARY KEY, name text);\nINSERT INTO users (id, name) VALUES (1, 'Ann');\n",
    );
    await world.write('V2__emails.cql', 'ALTER TABLE users ADD email text;\n');
  });
  afterAll(() => world?.close());

  it('one span per command, migration and statement; request spans beneath; agreement waits as events', async () => {
    const result = await migrate(world.session, world.options());
    expect(result.applied.map((a) => a.version)).toEqual(['1', '2']);

    const [command] = named('migrate up');
    expect(command!.attributes).toMatchObject({
      'cqlkit.migration.command': 'up',
      'db.namespace': world.keyspace,
    });
    expect(parentId(command!)).toBeUndefined();
    const migrations = childrenOf(command!).filter((s) => s.name.startsWith('apply '));
    expect(migrations.map((s) => s.name)).toEqual(['apply V1__users.cql', 'apply V2__emails.cql']);
    expect(migrations[0]!.attributes).toMatchObject({
      'cqlkit.migration.version': '1',
      'cqlkit.migration.kind': 'cql',
      'cqlkit.migration.direction': 'up',
      'cqlkit.migration.statements': 2,
    });

    const statements = childrenOf(migrations[0]!).filter((s) => s.kind === SpanKind.INTERNAL);
    expect(statements.map((s) => s.name)).toEqual(['V1__users.cql [1/2]', 'V1__users.cql [2/2]']);
    expect(statements[0]!.attributes).toMatchObject({
      'cqlkit.migration.statement.number': 1,
      'cqlkit.migration.statement.line': 1,
      'db.query.text': 'CREATE TABLE users (id int PRIMARY KEY, name text)',
    });
    // The statement's request, and the history writes, are driver spans under the statement.
    const requests = childrenOf(statements[0]!).filter((s) => s.kind === SpanKind.CLIENT);
    expect(requests.map((s) => s.name)).toContain('CREATE TABLE users');
    const create = requests.find((s) => s.name === 'CREATE TABLE users')!;
    expect(create.attributes).toMatchObject({
      'db.operation.name': 'CREATE TABLE',
      'db.collection.name': 'users',
    });
    // Schema agreement: after the CREATE TABLE (an event of its statement) and before each migration.
    const agreements = statements[0]!.events.filter((e) => e.name === 'schema agreement');
    expect(agreements).toHaveLength(1);
    expect(agreements[0]!.attributes).toMatchObject({ 'cqlkit.schema_agreement.reached': true });
    expect(String(agreements[0]!.attributes!['cqlkit.schema_agreement.context'])).toMatch(
      /after V1 statement 1/,
    );
    expect(migrations[0]!.events.map((e) => e.name)).toContain('schema agreement');
    expect(statements[1]!.events.filter((e) => e.name === 'schema agreement')).toEqual([]); // an INSERT
    // Everything in one trace.
    const traceIds = new Set(telemetry.spans().map((s) => s.spanContext().traceId));
    expect(traceIds).toEqual(new Set([command!.spanContext().traceId]));
  });

  it('a failing statement fails its spans with the error', async () => {
    await world.write('V3__broken.cql', 'ALTER TABLE no_such_table ADD x int;\n');
    await expect(migrate(world.session, world.options())).rejects.toThrow(/V3/);
    const [migration] = named('apply V3__broken.cql');
    expect(migration!.status.code).toBe(SpanStatusCode.ERROR);
    expect(migration!.attributes['error.type']).toBe('MigrationStatementError');
    const [request] = telemetry
      .spans()
      .filter((s) => s.kind === SpanKind.CLIENT && s.name === 'ALTER TABLE no_such_table');
    expect(request!.attributes['error.type']).toBe('InvalidRequestError');
    expect(named('migrate up')[0]!.status.code).toBe(SpanStatusCode.ERROR);
    await rm(join(world.dir, 'V3__broken.cql'));
    await world.session
      .execute(`DELETE FROM ${world.keyspace}.cqlkit_migrations WHERE scope = 'migrations' AND version = '3'`)
      .catch(() => undefined);
  });

  it('the CLI gives the same spans when the process preloads the instrumentation', async () => {
    const spansFile = join(tmpdir(), `cqlkit-otel-cli-${process.pid}-${Date.now()}.jsonl`);
    const cli = await openWorld('otel_cli');
    try {
      await cli.write('V1__t.cql', 'CREATE TABLE t (k int PRIMARY KEY);\n');
      const preload = join(__dirname, 'cli-tracing-preload.mjs');
      const run = await runCli(
        [
          'up',
          '-k',
          cli.keyspace,
          '-d',
          cli.dir,
          '--replication',
          '{"class":"SimpleStrategy","replication_factor":1}',
        ],
        cliEnv({ NODE_OPTIONS: `--import=${preload}`, CQLKIT_TEST_SPANS_FILE: spansFile }),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const spans = (await readFile(spansFile, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; spanId: string; parentId?: string; events: string[] });
      const command = spans.find((s) => s.name === 'migrate up')!;
      const migration = spans.find((s) => s.name === 'apply V1__t.cql')!;
      const statement = spans.find((s) => s.name === 'V1__t.cql [1/1]')!;
      const request = spans.find((s) => s.name === 'CREATE TABLE t')!;
      expect(migration.parentId).toBe(command.spanId);
      expect(statement.parentId).toBe(migration.spanId);
      expect(request.parentId).toBe(statement.spanId);
      expect(statement.events).toContain('schema agreement');
    } finally {
      await cli.close();
      await rm(spansFile, { force: true });
    }
  });
});

describe('shutdown', () => {
  it('leaves no span open: requests cut short by shutdown() end their spans', async () => {
    const proxy = await startProxy();
    try {
      const cluster = new Cluster(proxiedClusterOptions(proxy));
      const session = await cluster.connect();
      proxy.nodes[0]!.setRequestRules([
        rule(Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('otel_slow')), Reaction.delay(10_000)),
      ]);
      const slow = [1, 2, 3].map((i) =>
        session.execute(`SELECT release_version FROM system.local WHERE key = 'otel_slow${i}'`, [], {
          timeoutMs: 0,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(telemetry.instrumentation.openRequests).toBeGreaterThanOrEqual(3);
      await cluster.shutdown();
      const outcomes = await Promise.allSettled(slow);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(telemetry.instrumentation.openRequests).toBe(0);
      expect(telemetry.counts.ended).toBe(telemetry.counts.started);
      const failed = telemetry
        .spans()
        .filter((s) => String(s.attributes['db.query.text']).includes('otel_slow'));
      expect(failed).toHaveLength(3);
      for (const s of failed) expect(s.status.code).toBe(SpanStatusCode.ERROR);
    } finally {
      proxy.clearRules();
      await proxy.close();
    }
  });
});
