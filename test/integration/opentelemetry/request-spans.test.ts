/**
 * @cqlkit/opentelemetry against the real node, with the SDK's in-memory exporter and a metric
 * reader: the span of each request kind (query, prepared, batch, paged iteration) and its
 * attributes; retries and speculative executions as attempt spans with their hosts; errors;
 * the caller's context kept across awaits; no span left open after shutdown; metrics equal to the
 * driver's own counters. Faults come from the fault-injecting proxy in front of the node; the
 * profile under test lists the one node twice so that "next host" has somewhere to go.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  Cluster,
  Consistency,
  ConstantSpeculativeExecutionPolicy,
  DefaultRetryPolicy,
  type ExecutionProfile,
  type Host,
  type Session,
} from '@cqlkit/driver';
import { Condition, CqlProxy, Errors, Opcode, Reaction, rule } from '@cqlkit/driver/testing';
import { uniqueKeyspaceName } from '@cqlkit/testing';
import { proxiedClusterOptions, startProxy, TwiceRoundPolicy } from '../policies/proxied-node';
import { parentId, startMetrics, startTelemetry, total, type Telemetry } from './otel-test-kit';

describe('OpenTelemetry spans and metrics of driver requests', () => {
  let telemetry: Telemetry;
  let proxy: CqlProxy;
  let cluster: Cluster;
  let session: Session;
  let keyspace: string;
  let host: Host;
  const twice: ExecutionProfile = { loadBalancingPolicy: new TwiceRoundPolicy() };

  beforeAll(async () => {
    telemetry = startTelemetry();
    proxy = await startProxy();
    cluster = new Cluster(
      proxiedClusterOptions(proxy, {
        metrics: true,
        executionProfiles: { twice },
      }),
    );
    session = await cluster.connect(undefined, { waitForAllPools: true });
    host = cluster.hosts()[0]!;
    keyspace = uniqueKeyspaceName('otel');
    await session.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await session.execute(`CREATE TABLE ${keyspace}.kv (k text PRIMARY KEY, v int)`);
    await session.execute(`CREATE TABLE ${keyspace}.pages (p int, c int, v int, PRIMARY KEY (p, c))`);
    for (let c = 0; c < 5; c++) {
      await session.execute(`INSERT INTO ${keyspace}.pages (p, c, v) VALUES (1, ?, ?)`, [c, c * 10], {
        prepare: true,
      });
    }
  });

  beforeEach(() => telemetry.reset());
  afterEach(() => proxy.clearRules());

  afterAll(async () => {
    proxy?.clearRules();
    await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await cluster?.shutdown();
    await proxy?.close();
    await telemetry?.close();
  });

  let n = 0;
  const marker = (): string => `m${++n}_${Date.now()}`;
  const named = (name: string): ReadableSpan[] => telemetry.spans().filter((s) => s.name === name);
  const childrenOf = (span: ReadableSpan): ReadableSpan[] =>
    telemetry
      .spans()
      .filter((s) => parentId(s) === span.spanContext().spanId)
      .sort(
        (a, b) =>
          Number(a.attributes['cqlkit.attempt.number']) - Number(b.attributes['cqlkit.attempt.number']),
      );

  describe('span per request kind', () => {
    it('a query: CLIENT span "{operation} {table}" with the database and Cassandra attributes', async () => {
      const cql = `SELECT k, v FROM ${keyspace}.kv WHERE k = ?`;
      await session.execute(cql, ['a'], { pageSize: 10, consistency: Consistency.LOCAL_ONE });
      // (the unprepared text carries its parameter; the statement text is what is recorded)
      const [span, ...others] = named(`SELECT ${keyspace}.kv`);
      expect(others).toEqual([]);
      expect(span!.kind).toBe(SpanKind.CLIENT);
      expect(span!.status.code).toBe(SpanStatusCode.UNSET);
      expect(span!.attributes).toEqual({
        'db.system.name': 'cassandra',
        'db.namespace': keyspace,
        'db.operation.name': 'SELECT',
        'db.collection.name': `${keyspace}.kv`,
        'db.query.summary': `SELECT ${keyspace}.kv`,
        'db.query.text': cql,
        'cqlkit.request.kind': 'query',
        'cassandra.consistency.level': 'local_one',
        'cassandra.page.size': 10,
        'cassandra.query.idempotent': false,
        'server.address': host.address,
        'server.port': host.port,
        'cassandra.coordinator.dc': host.datacenter,
        'cassandra.coordinator.id': host.hostId,
        'cqlkit.request.attempts': 1,
      });
      expect(childrenOf(span!)).toEqual([]); // one attempt: described by the request span itself
    });

    it('a prepared statement: a PREPARE span, then EXECUTE spans', async () => {
      const cql = `SELECT v FROM ${keyspace}.kv WHERE k = ? /* ${marker()} */`;
      await session.execute(cql, ['a'], { prepare: true, idempotent: true });
      await session.execute(cql, ['b'], { prepare: true, idempotent: true });
      const [prepare] = named(`PREPARE ${keyspace}.kv`);
      expect(prepare!.attributes).toMatchObject({
        'db.operation.name': 'PREPARE',
        'cqlkit.request.kind': 'prepare',
        'db.query.text': cql,
      });
      const executes = named(`SELECT ${keyspace}.kv`);
      expect(executes).toHaveLength(2);
      for (const s of executes) {
        expect(s.attributes).toMatchObject({
          'cqlkit.request.kind': 'execute',
          'cassandra.query.idempotent': true,
        });
      }
    });

    it('a batch: "BATCH INSERT {table}" with the batch size', async () => {
      const insert = `INSERT INTO ${keyspace}.kv (k, v) VALUES (?, ?)`;
      await session.batch(
        [
          { query: insert, params: ['b1', 1] },
          { query: insert, params: ['b2', 2] },
        ],
        { type: 'unlogged', prepare: true },
      );
      const [span] = named(`BATCH INSERT ${keyspace}.kv`);
      expect(span!.attributes).toMatchObject({
        'db.operation.name': 'BATCH INSERT',
        'db.collection.name': `${keyspace}.kv`,
        'db.operation.batch.size': 2,
        'cqlkit.request.kind': 'batch',
        'db.query.text': `${insert}; ${insert}`,
        'server.address': host.address,
      });
    });

    it('a paged iteration: one span per page, later pages children of the first', async () => {
      const rows: unknown[] = [];
      for await (const row of session.iterate(`SELECT * FROM ${keyspace}.pages WHERE p = 1`, [], {
        pageSize: 2,
      })) {
        rows.push(row);
      }
      expect(rows).toHaveLength(5);
      const pages = named(`SELECT ${keyspace}.pages`).sort(
        (a, b) =>
          Number(a.attributes['cqlkit.page.number'] ?? 1) - Number(b.attributes['cqlkit.page.number'] ?? 1),
      );
      expect(pages.map((p) => p.attributes['cqlkit.page.number'])).toEqual([undefined, 2, 3]);
      const [first, second, third] = pages;
      expect(parentId(second!)).toBe(first!.spanContext().spanId);
      expect(parentId(third!)).toBe(first!.spanContext().spanId);
      expect(new Set(pages.map((p) => p.spanContext().traceId)).size).toBe(1);
      for (const p of pages) expect(p.attributes['cassandra.page.size']).toBe(2);
    });
  });

  describe('attempts', () => {
    it('a retried request shows each attempt with its host, the failed one with its error', async () => {
      const m = marker();
      proxy.nodes[0]!.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)).firstMatches(1),
          Reaction.forgeError(Errors.unavailable({ consistency: Consistency.QUORUM, required: 2, alive: 1 })),
        ),
      ]);
      await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = '${m}'`, [], {
        executionProfile: { ...twice, retryPolicy: new DefaultRetryPolicy() },
      });
      const [request] = named(`SELECT ${keyspace}.kv`);
      expect(request!.attributes['cqlkit.request.attempts']).toBe(2);
      expect(request!.status.code).toBe(SpanStatusCode.UNSET);
      const [first, second] = childrenOf(request!);
      expect(first!.name).toBe('attempt 1');
      expect(first!.attributes).toMatchObject({
        'cqlkit.attempt.outcome': 'retry-next-host',
        'cqlkit.attempt.execution': 1,
        'cqlkit.attempt.speculative': false,
        'error.type': 'UnavailableError',
        'db.response.status_code': '0x1000',
        'server.address': host.address,
        'server.port': host.port,
      });
      expect(first!.status.code).toBe(SpanStatusCode.ERROR);
      expect(second!.name).toBe('attempt 2');
      expect(second!.attributes).toMatchObject({
        'cqlkit.attempt.outcome': 'success',
        'server.address': host.address,
      });
      // Children lie within their parent, one after the other.
      expect(hrMs(first!.startTime)).toBeGreaterThanOrEqual(hrMs(request!.startTime) - 1);
      expect(hrMs(second!.startTime)).toBeGreaterThanOrEqual(hrMs(first!.endTime) - 1);
      expect(hrMs(second!.endTime)).toBeLessThanOrEqual(hrMs(request!.endTime) + 1);
    });

    it('a speculative execution shows both attempts and which one won', async () => {
      const m = marker();
      proxy.nodes[0]!.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)).firstMatches(1),
          Reaction.delay(1500),
        ),
      ]);
      await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = '${m}'`, [], {
        idempotent: true,
        executionProfile: {
          ...twice,
          speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(100, 2),
        },
      });
      const [request] = named(`SELECT ${keyspace}.kv`);
      expect(request!.attributes['cassandra.speculative_execution.count']).toBe(1);
      const attempts = childrenOf(request!);
      expect(attempts.map((a) => a.attributes['cqlkit.attempt.outcome'])).toEqual(['cancelled', 'success']);
      expect(attempts.map((a) => a.attributes['cqlkit.attempt.speculative'])).toEqual([false, true]);
      expect(attempts.map((a) => a.attributes['server.address'])).toEqual([host.address, host.address]);
    });

    it('a re-preparation after UNPREPARED: the attempt, the re-prepare and the attempt again, each with its host', async () => {
      const prepared = await session.prepare(`SELECT v FROM ${keyspace}.kv WHERE k = ? /* ${marker()} */`);
      telemetry.reset();
      proxy.nodes[0]!.setRequestRules([
        rule(Condition.opcode(Opcode.EXECUTE).firstMatches(1), Reaction.forgeError(Errors.unprepared())),
      ]);
      await session.execute(prepared, ['a']);
      const [request, ...others] = named(`SELECT ${keyspace}.kv`);
      expect(others).toEqual([]);
      expect(request!.status.code).toBe(SpanStatusCode.UNSET);
      expect(request!.attributes['cqlkit.request.attempts']).toBe(2);
      const steps = telemetry
        .spans()
        .filter((s) => parentId(s) === request!.spanContext().spanId)
        .sort((a, b) => hrMs(a.startTime) - hrMs(b.startTime));
      expect(steps.map((s) => s.name)).toEqual(['attempt 1', 're-prepare', 'attempt 2']);
      const [unprepared, reprepare, again] = steps;
      expect(unprepared!.attributes).toMatchObject({
        'cqlkit.attempt.outcome': 'reprepare',
        'error.type': 'UnpreparedError',
        'db.response.status_code': '0x2500',
        'server.address': host.address,
        'server.port': host.port,
      });
      expect(reprepare!.attributes).toMatchObject({
        'server.address': host.address,
        'server.port': host.port,
      });
      expect(reprepare!.status.code).toBe(SpanStatusCode.UNSET);
      expect(again!.attributes).toMatchObject({ 'cqlkit.attempt.outcome': 'success' });
      expect(hrMs(reprepare!.startTime)).toBeGreaterThanOrEqual(hrMs(unprepared!.endTime) - 1);
      expect(hrMs(again!.startTime)).toBeGreaterThanOrEqual(hrMs(reprepare!.endTime) - 1);
    });
  });

  it('an error span carries the error class and the server error code', async () => {
    const error = await session.execute(`SELECT * FROM ${keyspace}.missing_table`).catch((e: unknown) => e);
    // (raised by the server: not in the keyspace)
    expect((error as Error).name).toBe('InvalidRequestError');
    const [span] = named(`SELECT ${keyspace}.missing_table`);
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    expect(span!.attributes).toMatchObject({
      'error.type': 'InvalidRequestError',
      'db.response.status_code': '0x2200',
      'cqlkit.error.code': 'CQLKIT_INVALID_REQUEST',
    });
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });

  it("keeps the caller's span as parent across awaits", async () => {
    const outer = await telemetry.tracer.startActiveSpan('handler', async (span) => {
      await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = 'x1'`);
      await sleep(20);
      await Promise.all([
        session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = 'x2'`),
        session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = 'x3'`, [], { prepare: true }),
      ]);
      for await (const row of session.iterate(`SELECT * FROM ${keyspace}.pages WHERE p = 1`, [], {
        pageSize: 3,
      })) {
        void row;
        await sleep(1);
      }
      span.end();
      return span;
    });
    const requests = telemetry.spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const s of requests) expect(s.spanContext().traceId).toBe(outer.spanContext().traceId);
    const direct = requests.filter((s) => parentId(s) === outer.spanContext().spanId);
    // 3 SELECT kv, 1 PREPARE, the first page; the second page is a child of the first.
    expect(direct.map((s) => s.name).sort()).toEqual(
      [
        `PREPARE ${keyspace}.kv`,
        `SELECT ${keyspace}.kv`,
        `SELECT ${keyspace}.kv`,
        `SELECT ${keyspace}.kv`,
        `SELECT ${keyspace}.pages`,
      ].sort(),
    );
  });

  it('metrics match the driver’s own counters', async () => {
    const before = cluster.metrics()!;
    const pointsBefore = {
      requests: total(await telemetry.points('db.client.operation.duration')),
      retries: total(await telemetry.points('cqlkit.request.retries')),
      speculative: total(await telemetry.points('cqlkit.request.speculative_executions')),
      errors: total(await telemetry.points('cqlkit.request.errors'), { 'error.type': 'InvalidRequestError' }),
    };
    const retried = [marker(), marker()];
    proxy.nodes[0]!.setRequestRules(
      retried.map((m) =>
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)).firstMatches(1),
          Reaction.forgeError(
            Errors.readTimeout({ consistency: 1, received: 1, blockFor: 1, dataPresent: false }),
          ),
        ),
      ),
    );
    for (const m of retried) {
      await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = '${m}'`, [], {
        executionProfile: { ...twice, retryPolicy: new DefaultRetryPolicy() },
      });
    }
    await session.execute(`SELECT * FROM ${keyspace}.nope`).catch(() => undefined);
    await session.execute(`SELECT * FROM ${keyspace}.nope2`).catch(() => undefined);
    const after = cluster.metrics()!;
    const duration = await telemetry.points('db.client.operation.duration');
    expect(total(duration) - pointsBefore.requests).toBe(after.requests - before.requests);
    expect(total(await telemetry.points('cqlkit.request.retries')) - pointsBefore.retries).toBe(
      after.retries - before.retries,
    );
    expect(after.retries - before.retries).toBe(2);
    expect(
      total(await telemetry.points('cqlkit.request.speculative_executions')) - pointsBefore.speculative,
    ).toBe(after.speculativeExecutions - before.speculativeExecutions);
    expect(
      total(await telemetry.points('cqlkit.request.errors'), { 'error.type': 'InvalidRequestError' }) -
        pointsBefore.errors,
    ).toBe((after.errorsByClass.InvalidRequestError ?? 0) - (before.errorsByClass.InvalidRequestError ?? 0));
    // Every request counted by the driver since the instrumentation was enabled, by error class.
    expect(total(duration)).toBe(after.requests);
    for (const [name, count] of Object.entries(after.errorsByClass)) {
      expect(total(await telemetry.points('cqlkit.request.errors'), { 'error.type': name })).toBe(count);
    }
    expect(total(await telemetry.points('cqlkit.request.retries'))).toBe(after.retries);
    expect(total(await telemetry.points('cqlkit.request.speculative_executions'))).toBe(
      after.speculativeExecutions,
    );
    // Pool gauges.
    const connections = await telemetry.points('db.client.connection.count');
    expect(total(connections)).toBe(after.openConnections);
    expect(total(connections, { 'db.client.connection.pool.name': host.endpoint })).toBe(
      session.connectionCounts().get(host.endpoint),
    );
    expect(total(await telemetry.points('cqlkit.pool.in_flight'))).toBe(cluster.metrics()!.inFlight);
    const saturation = await telemetry.points('cqlkit.pool.saturation');
    expect(saturation.map((p) => p.attributes['db.client.connection.pool.name'])).toEqual([host.endpoint]);
    // Histogram values in seconds, with the request's low-cardinality attributes.
    const failures = duration.filter((p) => p.attributes['error.type'] === 'InvalidRequestError');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.attributes).toMatchObject({
      'db.system.name': 'cassandra',
      'db.operation.name': 'SELECT',
    });
  });

  it('leaves the CQL text out with captureQueryText: false; attemptSpans: always gives every request its attempt', async () => {
    const config = telemetry.instrumentation.getConfig();
    telemetry.instrumentation.setConfig({ captureQueryText: false, attemptSpans: 'always' });
    try {
      await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = 'not-for-export'`);
      const [span, ...others] = named(`SELECT ${keyspace}.kv`);
      expect(others).toEqual([]);
      expect(span!.attributes['db.query.summary']).toBe(`SELECT ${keyspace}.kv`);
      expect(Object.keys(span!.attributes)).not.toContain('db.query.text');
      expect(JSON.stringify(span!.attributes)).not.toContain('not-for-export');
      const [attempt, ...more] = childrenOf(span!);
      expect(more).toEqual([]);
      expect(attempt!.name).toBe('attempt 1');
      expect(attempt!.attributes).toMatchObject({
        'cqlkit.attempt.outcome': 'success',
        'server.address': host.address,
        'server.port': host.port,
      });
    } finally {
      telemetry.instrumentation.setConfig(config);
    }
    telemetry.reset();
    await session.execute(`SELECT v FROM ${keyspace}.kv WHERE k = 'x'`);
    const [span] = named(`SELECT ${keyspace}.kv`);
    expect(span!.attributes['db.query.text']).toBe(`SELECT v FROM ${keyspace}.kv WHERE k = 'x'`);
    expect(childrenOf(span!)).toEqual([]);
  });

  it('keeps the pool gauges of the sessions connected before a new meter provider is set', async () => {
    const second = startMetrics();
    telemetry.instrumentation.setMeterProvider(second.meterProvider);
    try {
      const connections = await second.points('db.client.connection.count');
      expect(total(connections)).toBe(cluster.metrics()!.openConnections);
      expect(total(connections, { 'db.client.connection.pool.name': host.endpoint })).toBeGreaterThan(0);
      const saturation = await second.points('cqlkit.pool.saturation');
      expect(saturation.map((p) => p.attributes['db.client.connection.pool.name'])).toEqual([host.endpoint]);
    } finally {
      telemetry.instrumentation.setMeterProvider(telemetry.meterProvider);
      await second.meterProvider.shutdown();
    }
  });
});

/** An HrTime in milliseconds. */
function hrMs([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
