/**
 * The request pipeline under injected faults, through the fault-injecting proxy in front of the
 * real Cassandra: the retry decision of every server error per policy, idempotence, speculative
 * execution, the whole-request deadline, AbortSignal, execution profiles, tracing and metrics.
 *
 * The test cluster has one node. To give the plan a "next host", the profile under test uses a
 * load-balancing policy whose plan lists that node twice: a decision to try the next host is then
 * visible as a second attempt, and with the usual one-host plan as NoHostAvailableError.
 */
import {
  Cluster,
  Consistency,
  ConstantSpeculativeExecutionPolicy,
  DefaultRetryPolicy,
  DowngradingConsistencyRetryPolicy,
  FallthroughRetryPolicy,
  IsBootstrappingError,
  NoHostAvailableError,
  OperationTimedOutError,
  OverloadedError,
  ReadTimeoutError,
  RequestAbortedError,
  ServerInternalError,
  UnavailableError,
  WriteTimeoutError,
  CqlSyntaxError,
  type ExecutionProfile,
  type RequestEnd,
  type RetryPolicy,
  type Session,
} from '@cqlkit/driver';
import {
  Condition,
  CqlProxy,
  Errors,
  FeedbackQueue,
  Opcode,
  Reaction,
  rule,
  type ForgedError,
} from '@cqlkit/driver/testing';
import { ByteReader } from '../../../packages/driver/src/binary/byte-reader';
import { uniqueKeyspaceName } from '@cqlkit/testing';
import { proxiedClusterOptions, startProxy, TwiceRoundPolicy } from './proxied-node';

/** The consistency of a QUERY body (after the [long string] query). */
function queryConsistency(body: Buffer): number {
  const r = new ByteReader(body);
  r.readLongString();
  return r.readShort();
}

describe('request policies under injected faults', () => {
  let proxy: CqlProxy;
  let cluster: Cluster;
  let session: Session;
  let keyspace: string;
  const tracked: RequestEnd[] = [];

  beforeAll(async () => {
    proxy = await startProxy();
    cluster = new Cluster(
      proxiedClusterOptions(proxy, {
        metrics: true,
        // Two connections: losing one (the close-connection test) leaves the host up.
        connectionsPerHost: 2,
        requestTracker: { onSuccess: (r) => tracked.push(r), onError: (r) => tracked.push(r) },
        executionProfiles: { twice: { loadBalancingPolicy: new TwiceRoundPolicy() } },
      }),
    );
    session = await cluster.connect(undefined, { waitForAllPools: true });
    keyspace = uniqueKeyspaceName('policies');
    await session.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await session.execute(`CREATE TABLE ${keyspace}.kv (k text PRIMARY KEY, v int)`);
  });

  afterEach(() => proxy.clearRules());

  /** Waits until the proxied host is up with both connections open. */
  async function fullPool(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(
      cluster.hosts().every((h) => h.isUp) && [...session.connectionCounts().values()].every((c) => c >= 2)
    )) {
      if (Date.now() > deadline) {
        throw new Error(
          `the proxied host did not come back with a full pool: up=${cluster.hosts().map((h) => h.isUp)} ` +
            `connections=${JSON.stringify([...session.connectionCounts()])}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // A test that closes connections must not leave the next one without a full pool.
  beforeEach(fullPool);

  afterAll(async () => {
    proxy?.clearRules();
    await session?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`).catch(() => undefined);
    await cluster?.shutdown();
    await proxy?.close();
  });

  /** Forges `error` for the first `times` QUERY frames containing `marker`; returns the feedback queue. */
  function failFirst(marker: string, error: ForgedError, times = 1): FeedbackQueue {
    const seen = new FeedbackQueue();
    const node = proxy.nodes[0]!;
    node.setRequestRules([
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(marker)).firstMatches(times),
        Reaction.forgeError(error).withFeedback(seen),
      ),
      rule(
        Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(marker)),
        Reaction.pass().withFeedback(seen),
      ),
    ]);
    return seen;
  }

  function profile(retryPolicy: RetryPolicy, extra: ExecutionProfile = {}): ExecutionProfile {
    return {
      loadBalancingPolicy: cluster.executionProfile('twice').loadBalancingPolicy!,
      retryPolicy,
      ...extra,
    };
  }

  let n = 0;
  const marker = (): string => `m${++n}_${Date.now()}`;
  const select = (m: string): string => `SELECT k FROM ${keyspace}.kv WHERE k = '${m}'`;

  type Decision = 'same host' | 'next host' | 'rethrow' | 'ignore';
  interface Row {
    readonly name: string;
    readonly error: ForgedError;
    readonly idempotent: boolean;
    readonly expected: Decision;
    readonly errorClass: abstract new (...args: never[]) => Error;
  }

  const readTimeout = (received: number, blockFor: number, dataPresent: boolean): ForgedError =>
    Errors.readTimeout({ consistency: Consistency.ONE, received, blockFor, dataPresent });
  const writeTimeout = (writeType: string): ForgedError =>
    Errors.writeTimeout({ consistency: Consistency.ONE, received: 0, blockFor: 1, writeType });

  const defaultTable: Row[] = [
    {
      name: 'read timeout, enough replicas, no data',
      error: readTimeout(1, 1, false),
      idempotent: false,
      expected: 'same host',
      errorClass: ReadTimeoutError,
    },
    {
      name: 'read timeout, data present',
      error: readTimeout(1, 1, true),
      idempotent: true,
      expected: 'rethrow',
      errorClass: ReadTimeoutError,
    },
    {
      name: 'read timeout, too few replicas',
      error: readTimeout(0, 1, false),
      idempotent: true,
      expected: 'rethrow',
      errorClass: ReadTimeoutError,
    },
    {
      name: 'write timeout BATCH_LOG, idempotent',
      error: writeTimeout('BATCH_LOG'),
      idempotent: true,
      expected: 'same host',
      errorClass: WriteTimeoutError,
    },
    {
      name: 'write timeout BATCH_LOG, not idempotent',
      error: writeTimeout('BATCH_LOG'),
      idempotent: false,
      expected: 'rethrow',
      errorClass: WriteTimeoutError,
    },
    {
      name: 'write timeout SIMPLE, idempotent',
      error: writeTimeout('SIMPLE'),
      idempotent: true,
      expected: 'rethrow',
      errorClass: WriteTimeoutError,
    },
    {
      name: 'unavailable',
      error: Errors.unavailable({ consistency: Consistency.QUORUM, required: 2, alive: 1 }),
      idempotent: false,
      expected: 'next host',
      errorClass: UnavailableError,
    },
    {
      name: 'overloaded, idempotent',
      error: Errors.overloaded(),
      idempotent: true,
      expected: 'next host',
      errorClass: OverloadedError,
    },
    {
      name: 'overloaded, not idempotent',
      error: Errors.overloaded(),
      idempotent: false,
      expected: 'rethrow',
      errorClass: OverloadedError,
    },
    {
      name: 'server error, idempotent',
      error: Errors.serverError(),
      idempotent: true,
      expected: 'next host',
      errorClass: ServerInternalError,
    },
    {
      name: 'server error, not idempotent',
      error: Errors.serverError(),
      idempotent: false,
      expected: 'rethrow',
      errorClass: ServerInternalError,
    },
    {
      name: 'bootstrapping, not idempotent',
      error: Errors.isBootstrapping(),
      idempotent: false,
      expected: 'next host',
      errorClass: IsBootstrappingError,
    },
    {
      name: 'syntax error',
      error: Errors.syntaxError(),
      idempotent: true,
      expected: 'rethrow',
      errorClass: CqlSyntaxError,
    },
  ];

  /** Runs a query failing once with `row.error` and checks the decision from what the node saw. */
  async function checkDecision(policy: RetryPolicy, row: Row): Promise<void> {
    const m = marker();
    const seen = failFirst(m, row.error);
    const outcome = await session
      .execute(select(m), [], { executionProfile: profile(policy), idempotent: row.idempotent })
      .then(
        () => 'ok' as const,
        (e: unknown) => e as Error,
      );
    const attempts = seen.count;
    switch (row.expected) {
      case 'same host':
      case 'next host':
        expect(outcome).toBe('ok');
        expect(attempts).toBe(2);
        break;
      case 'rethrow':
        expect(outcome).toBeInstanceOf(row.errorClass);
        expect(attempts).toBe(1);
        break;
      case 'ignore':
        expect(outcome).toBe('ok');
        expect(attempts).toBe(1);
        break;
    }
  }

  describe('DefaultRetryPolicy', () => {
    it.each(defaultTable)('$name → $expected', (row) => checkDecision(new DefaultRetryPolicy(), row));

    it('tries the next host (not the same one) on Unavailable: a one-host plan is then exhausted', async () => {
      const m = marker();
      const seen = failFirst(
        m,
        Errors.unavailable({ consistency: Consistency.QUORUM, required: 2, alive: 1 }),
      );
      const error = await session.execute(select(m)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoHostAvailableError);
      expect([...(error as NoHostAvailableError).errors.values()][0]).toBeInstanceOf(UnavailableError);
      expect(seen.count).toBe(1);
    });
  });

  describe('FallthroughRetryPolicy', () => {
    it.each(defaultTable.map((r) => ({ ...r, expected: 'rethrow' as Decision })))('$name → rethrow', (row) =>
      checkDecision(new FallthroughRetryPolicy(), row),
    );
  });

  describe('DowngradingConsistencyRetryPolicy', () => {
    it('retries a read timeout with too few replicas at the consistency the replicas can give', async () => {
      const m = marker();
      const seen = failFirst(
        m,
        Errors.readTimeout({ consistency: Consistency.QUORUM, received: 1, blockFor: 2, dataPresent: false }),
      );
      await session.execute(select(m), [], {
        executionProfile: profile(new DowngradingConsistencyRetryPolicy()),
        consistency: Consistency.QUORUM,
      });
      const frames = seen.received.slice(0, 2);
      expect(frames.map((f) => queryConsistency(f.frame.body))).toEqual([
        Consistency.QUORUM,
        Consistency.ONE,
      ]);
    });

    it('retries Unavailable at a lower consistency', async () => {
      const m = marker();
      const seen = failFirst(
        m,
        Errors.unavailable({ consistency: Consistency.QUORUM, required: 2, alive: 1 }),
      );
      await session.execute(select(m), [], {
        executionProfile: profile(new DowngradingConsistencyRetryPolicy()),
        consistency: Consistency.QUORUM,
      });
      expect(seen.received.slice(0, 2).map((f) => queryConsistency(f.frame.body))).toEqual([
        Consistency.QUORUM,
        Consistency.ONE,
      ]);
    });
  });

  describe('idempotence and lost connections', () => {
    it('never retries a non-idempotent write whose connection was lost; retries an idempotent one', async () => {
      const node = proxy.nodes[0]!;
      const insert = async (k: string, idempotent: boolean): Promise<unknown> => {
        const seen = new FeedbackQueue();
        node.setRequestRules([
          rule(
            Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(k)).firstMatches(1),
            Reaction.closeConnection().withFeedback(seen),
          ),
          rule(
            Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(k)),
            Reaction.pass().withFeedback(seen),
          ),
        ]);
        const result = await session
          .execute(`UPDATE ${keyspace}.kv SET v = 1 WHERE k = '${k}'`, [], {
            idempotent,
            executionProfile: profile(new DefaultRetryPolicy()),
          })
          .then(
            () => 'ok',
            (e: unknown) => e,
          );
        return { result, attempts: seen.count };
      };
      const once = (await insert(marker(), false)) as { result: unknown; attempts: number };
      expect(once.attempts).toBe(1);
      expect(once.result).toBeInstanceOf(Error);
      await fullPool();
      const twice = (await insert(marker(), true)) as { result: unknown; attempts: number };
      expect(twice.result).toBe('ok');
      expect(twice.attempts).toBe(2);
    });
  });

  describe('speculative execution', () => {
    it('starts another execution after the delay; the first answer wins and the slow one is cancelled', async () => {
      const m = marker();
      const seen = new FeedbackQueue();
      proxy.nodes[0]!.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)).firstMatches(1),
          Reaction.delay(1500).withFeedback(seen),
        ),
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)),
          Reaction.pass().withFeedback(seen),
        ),
      ]);
      const before = cluster.metrics()!.speculativeExecutions;
      const started = performance.now();
      const rs = await session.execute(select(m), [], {
        idempotent: true,
        executionProfile: profile(new DefaultRetryPolicy(), {
          speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(100, 2),
        }),
      });
      const elapsed = performance.now() - started;
      expect(rs.rows).toEqual([]);
      expect(elapsed).toBeLessThan(1200);
      expect(seen.count).toBe(2);
      expect(cluster.metrics()!.speculativeExecutions).toBe(before + 1);
    });

    it('never speculates for non-idempotent requests', async () => {
      const m = marker();
      const seen = new FeedbackQueue();
      proxy.nodes[0]!.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)),
          Reaction.delay(400).withFeedback(seen),
        ),
      ]);
      await session.execute(select(m), [], {
        idempotent: false,
        executionProfile: profile(new DefaultRetryPolicy(), {
          speculativeExecutionPolicy: new ConstantSpeculativeExecutionPolicy(50, 3),
        }),
      });
      expect(seen.count).toBe(1);
    });
  });

  describe('deadlines and cancellation', () => {
    it('one deadline covers every retry: OperationTimedOutError lists the attempts', async () => {
      const m = marker();
      const node = proxy.nodes[0]!;
      node.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)),
          Reaction.forgeError(
            Errors.readTimeout({ consistency: 1, received: 1, blockFor: 1, dataPresent: false }),
            {
              delayMs: 150,
            },
          ),
        ),
      ]);
      const retryForever: RetryPolicy = {
        onReadTimeout: () => ({ kind: 'retry-same-host' }),
        onWriteTimeout: () => ({ kind: 'rethrow' }),
        onUnavailable: () => ({ kind: 'rethrow' }),
        onRequestError: () => ({ kind: 'rethrow' }),
      };
      const started = performance.now();
      const error = (await session
        .execute(select(m), [], { timeoutMs: 700, executionProfile: { retryPolicy: retryForever } })
        .catch((e: unknown) => e)) as OperationTimedOutError;
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(OperationTimedOutError);
      expect(error.timeoutMs).toBe(700);
      expect(error.attempts.length).toBeGreaterThanOrEqual(3);
      expect(error.attempts[0]!.error).toBeInstanceOf(ReadTimeoutError);
      expect(elapsed).toBeGreaterThanOrEqual(650);
      expect(elapsed).toBeLessThan(2000);
    });

    it('an AbortSignal cancels a request that is in flight, and one that waits before a retry', async () => {
      const m = marker();
      proxy.nodes[0]!.setRequestRules([
        rule(Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)), Reaction.drop()),
      ]);
      const controller = new AbortController();
      const pending = session.execute(select(m), [], { signal: controller.signal, timeoutMs: 0 });
      setTimeout(() => controller.abort(new Error('user gave up')), 100);
      const error = (await pending.catch((e: unknown) => e)) as RequestAbortedError;
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect((error.cause as Error).message).toBe('user gave up');
    });
  });

  describe('execution profiles', () => {
    it('apply consistency and timeout per request, with request options winning', async () => {
      cluster.addExecutionProfile('strong', { consistency: Consistency.ALL, requestTimeoutMs: 3000 });
      expect(() => cluster.addExecutionProfile('strong', {})).toThrow(/already exists/);
      const m = marker();
      const seen = new FeedbackQueue();
      proxy.nodes[0]!.setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(m)),
          Reaction.pass().withFeedback(seen),
        ),
      ]);
      await session.execute(select(m), [], { executionProfile: 'strong' });
      await session.execute(select(m), [], { executionProfile: 'strong', consistency: Consistency.ONE });
      await session.execute(select(m));
      expect(seen.received.slice(0, 3).map((f) => queryConsistency(f.frame.body))).toEqual([
        Consistency.ALL,
        Consistency.ONE,
        cluster.defaultProfile.consistency,
      ]);
      await expect(session.execute(select(m), [], { executionProfile: 'nope' })).rejects.toThrow(
        /no execution profile named 'nope'/,
      );
    });
  });

  describe('tracing, metrics and trackers', () => {
    it('returns the trace of a traced request', async () => {
      const rs = await session.execute(`SELECT * FROM ${keyspace}.kv WHERE k = 'traced'`, [], {
        tracing: true,
      });
      expect(rs.tracingId).toBeDefined();
      const trace = await session.getQueryTrace(rs.tracingId!, { maxWaitMs: 5000 });
      expect(trace.events.length).toBeGreaterThan(0);
      expect(trace.durationMicros).toBeGreaterThan(0);
      expect(trace.parameters.query).toContain('traced');
    });

    it('counts requests, errors by class and retries as they happened', async () => {
      const before = cluster.metrics()!;
      const m = marker();
      failFirst(m, readTimeout(1, 1, false));
      await session.execute(select(m)); // one retry on the same host, then success
      await session.execute('SELEKT nothing').catch(() => undefined); // one syntax error
      const after = cluster.metrics()!;
      expect(after.requests - before.requests).toBe(2);
      expect(after.retries - before.retries).toBe(1);
      expect(after.errors - before.errors).toBe(1);
      expect((after.errorsByClass.CqlSyntaxError ?? 0) - (before.errorsByClass.CqlSyntaxError ?? 0)).toBe(1);
      expect(after.openConnections).toBeGreaterThan(0);
      expect(after.latency.count).toBeGreaterThanOrEqual(after.requests);
      const last = tracked.at(-1)!;
      expect(last.query).toBe('SELEKT nothing');
      expect(last.error).toBeInstanceOf(CqlSyntaxError);
    });
  });
});
