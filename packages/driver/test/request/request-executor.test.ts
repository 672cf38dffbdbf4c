/**
 * The request executor against a fake execution environment (no server): retry decisions,
 * speculative executions, the deadline, abort, re-preparation on UNPREPARED.
 */
import { Consistency } from '../../src/consistency';
import type { Connection } from '../../src/connection/connection';
import {
  CqlSyntaxError,
  ErrorCode,
  NoHostAvailableError,
  OperationTimedOutError,
  OverloadedError,
  RequestAbortedError,
  StreamsExhaustedError,
  UnpreparedError,
} from '../../src/errors';
import type { RequestMessage } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import { DefaultRetryPolicy } from '../../src/policies/retry-default';
import {
  IGNORE,
  RETHROW,
  retryNextHost,
  retrySameHost,
  type RetryContext,
  type RetryDecision,
  type RetryPolicy,
} from '../../src/policies/retry';
import { ConstantSpeculativeExecutionPolicy } from '../../src/policies/speculative-execution';
import { executeRequest, type RequestSpec } from '../../src/request/request-executor';
import { readTimeout } from '../policies/server-errors';
import { FakeEnvironment, resultEnvelope } from './fake-execution';

/** A QUERY-like message recording the consistency it was built with. */
function message(consistency: number): RequestMessage & { consistency: number } {
  return { opcode: Opcode.QUERY, consistency, encodeBody: () => undefined };
}

function spec(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    build: (consistency) => message(consistency),
    idempotent: false,
    consistency: Consistency.QUORUM,
    timeoutMs: 0,
    signal: undefined,
    routing: {},
    retryPolicy: new DefaultRetryPolicy(),
    ...overrides,
  };
}

/** A retry policy answering every failure with the next scripted decision, recording what it saw. */
class ScriptedRetryPolicy implements RetryPolicy {
  readonly seen: { retryCount: number; consistency: number; error: string }[] = [];

  constructor(private readonly decisions: RetryDecision[]) {}

  private next(ctx: RetryContext, error: Error): RetryDecision {
    this.seen.push({
      retryCount: ctx.retryCount,
      consistency: ctx.consistency,
      error: error.constructor.name,
    });
    return this.decisions.shift() ?? RETHROW;
  }

  onReadTimeout = (ctx: RetryContext, e: Error): RetryDecision => this.next(ctx, e);
  onWriteTimeout = (ctx: RetryContext, e: Error): RetryDecision => this.next(ctx, e);
  onUnavailable = (ctx: RetryContext, e: Error): RetryDecision => this.next(ctx, e);
  onRequestError = (ctx: RetryContext, e: Error): RetryDecision => this.next(ctx, e);
}

function overloaded(): OverloadedError {
  return new OverloadedError({ code: ErrorCode.OVERLOADED, message: 'overloaded' });
}

function sentConsistencies(env: FakeEnvironment, n: number): number[] {
  return env.host(n).connection.sent.map((s) => (s.message as ReturnType<typeof message>).consistency);
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('executeRequest', () => {
  describe('query plan', () => {
    it('answers from the first host of the plan', async () => {
      const env = new FakeEnvironment(3);
      const outcome = await executeRequest(env, spec());
      expect(outcome.host).toBe(env.host(1).host);
      expect(outcome.connection).toBe(env.host(1).connection);
      expect(outcome.frame?.opcode).toBe(Opcode.RESULT);
      expect(env.sentLog).toEqual([`1:${Opcode.QUERY}`]);
    });

    it('skips hosts without an available connection and names them when every host fails', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).available = false;
      env.host(2).available = false;
      env.host(2).lastError = new Error('pool empty: refused');
      const error = (await executeRequest(env, spec()).catch((e: unknown) => e)) as NoHostAvailableError;
      expect(error).toBeInstanceOf(NoHostAvailableError);
      expect([...error.errors.keys()]).toEqual(['10.0.0.1:9042', '10.0.0.2:9042']);
      expect(error.errors.get('10.0.0.1:9042')?.message).toMatch(/no connection .* is open or below/);
      expect(error.errors.get('10.0.0.2:9042')?.message).toBe('pool empty: refused');
    });

    it('reports an empty query plan', async () => {
      const env = new FakeEnvironment(0);
      await expect(executeRequest(env, spec())).rejects.toThrow(/the query plan is empty/);
    });

    it('moves to the next host when every stream id is in use, without asking the retry policy', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [new StreamsExhaustedError('busy', '10.0.0.1:9042')];
      const policy = new ScriptedRetryPolicy([]);
      const outcome = await executeRequest(env, spec({ retryPolicy: policy }));
      expect(outcome.host).toBe(env.host(2).host);
      expect(policy.seen).toEqual([]);
    });

    it('turns a query plan that throws into a rejected promise, never a synchronous throw', async () => {
      const env = new FakeEnvironment(1);
      const broken = spec({
        queryPlan: () => {
          throw new Error('policy bug');
        },
      });
      let promise: Promise<unknown> | undefined;
      expect(() => (promise = executeRequest(env, broken))).not.toThrow();
      await expect(promise).rejects.toThrow('policy bug');
      expect(env.sentLog).toEqual([]);
    });

    it("uses the request's own query plan when it has one", async () => {
      const env = new FakeEnvironment(2);
      const outcome = await executeRequest(env, spec({ queryPlan: () => [env.host(2).host] }));
      expect(outcome.host).toBe(env.host(2).host);
      expect(env.plansCreated).toBe(0);
    });
  });

  describe('retry decisions', () => {
    it('retries on the same host at the consistency the policy gives', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [readTimeout(1, 2, false), resultEnvelope()];
      const policy = new ScriptedRetryPolicy([retrySameHost(Consistency.ONE)]);
      const outcome = await executeRequest(env, spec({ retryPolicy: policy }));
      expect(outcome.host).toBe(env.host(1).host);
      expect(sentConsistencies(env, 1)).toEqual([Consistency.QUORUM, Consistency.ONE]);
      expect(policy.seen).toEqual([
        { retryCount: 0, consistency: Consistency.QUORUM, error: 'ReadTimeoutError' },
      ]);
    });

    it('retries on the next host, counting retries', async () => {
      const env = new FakeEnvironment(3);
      env.host(1).connection.replies = [overloaded()];
      env.host(2).connection.replies = [overloaded()];
      const policy = new ScriptedRetryPolicy([retryNextHost(), retryNextHost()]);
      const outcome = await executeRequest(env, spec({ retryPolicy: policy, idempotent: true }));
      expect(outcome.host).toBe(env.host(3).host);
      expect(policy.seen.map((s) => s.retryCount)).toEqual([0, 1]);
    });

    it('rethrows the error the policy does not retry', async () => {
      const env = new FakeEnvironment(2);
      const error = overloaded();
      env.host(1).connection.replies = [error];
      await expect(
        executeRequest(env, spec({ retryPolicy: new ScriptedRetryPolicy([RETHROW]) })),
      ).rejects.toBe(error);
      expect(env.host(2).connection.sent).toHaveLength(0);
    });

    it('completes without a frame when the policy ignores the error', async () => {
      const env = new FakeEnvironment(1);
      env.host(1).connection.replies = [overloaded()];
      const outcome = await executeRequest(env, spec({ retryPolicy: new ScriptedRetryPolicy([IGNORE]) }));
      expect(outcome.frame).toBeUndefined();
      expect(outcome.host).toBe(env.host(1).host);
    });

    it('never asks the policy about errors no retry can fix', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [new CqlSyntaxError({ code: ErrorCode.SYNTAX_ERROR, message: 'bad' })];
      const policy = new ScriptedRetryPolicy([retryNextHost()]);
      await expect(executeRequest(env, spec({ retryPolicy: policy }))).rejects.toBeInstanceOf(CqlSyntaxError);
      expect(policy.seen).toEqual([]);
    });

    it('fails with every attempt listed once the plan is exhausted', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [overloaded()];
      env.host(2).connection.replies = [overloaded()];
      const policy = new ScriptedRetryPolicy([retryNextHost(), retryNextHost()]);
      const error = (await executeRequest(env, spec({ retryPolicy: policy })).catch(
        (e: unknown) => e,
      )) as NoHostAvailableError;
      expect(error).toBeInstanceOf(NoHostAvailableError);
      expect(error.message).toMatch(
        /all hosts tried failed \(10\.0\.0\.1:9042: overloaded.*10\.0\.0\.2:9042/,
      );
    });
  });

  describe('speculative executions', () => {
    it('starts another execution on the next host after the delay; the first answer wins', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = ['hang'];
      const outcome = await executeRequest(
        env,
        spec({ idempotent: true, speculativeExecution: new ConstantSpeculativeExecutionPolicy(20, 1) }),
      );
      expect(outcome.host).toBe(env.host(2).host);
      expect(env.host(1).connection.sent[0]?.cancelled).toBe(true); // the loser is cancelled
    });

    it('never runs a non-idempotent request twice', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = ['hang'];
      const running = executeRequest(
        env,
        spec({
          idempotent: false,
          timeoutMs: 100,
          speculativeExecution: new ConstantSpeculativeExecutionPolicy(10, 1),
        }),
      );
      await expect(running).rejects.toBeInstanceOf(OperationTimedOutError);
      expect(env.host(2).connection.sent).toHaveLength(0);
    });

    it('starts no more executions than the policy allows', async () => {
      const env = new FakeEnvironment(4);
      for (const h of env.hosts) h.connection.replies = ['hang'];
      const running = executeRequest(
        env,
        spec({
          idempotent: true,
          timeoutMs: 150,
          speculativeExecution: new ConstantSpeculativeExecutionPolicy(10, 2),
        }),
      );
      await expect(running).rejects.toBeInstanceOf(OperationTimedOutError);
      expect(env.hosts.map((h) => h.connection.sent.length)).toEqual([1, 1, 1, 0]);
    });
  });

  describe('deadline and abort', () => {
    it('fails with OperationTimedOutError at the deadline and cancels the attempt in flight', async () => {
      const env = new FakeEnvironment(1);
      env.host(1).connection.replies = ['hang'];
      const error = (await executeRequest(env, spec({ timeoutMs: 30 })).catch(
        (e: unknown) => e,
      )) as OperationTimedOutError;
      expect(error).toBeInstanceOf(OperationTimedOutError);
      expect(error.timeoutMs).toBe(30);
      expect(error.message).toMatch(/request timed out after 30 ms/);
      expect(error.attempts.map((a) => [a.host, a.error.message])).toEqual([
        ['10.0.0.1:9042', 'attempt cut short by the deadline'],
      ]);
      expect(env.host(1).connection.sent[0]?.cancelled).toBe(true);
      expect(env.timers.size).toBe(0);
    });

    it('one deadline covers the retries', async () => {
      const env = new FakeEnvironment(1);
      env.host(1).connection.replies = [overloaded(), 'hang'];
      const error = (await executeRequest(
        env,
        spec({ timeoutMs: 40, retryPolicy: new ScriptedRetryPolicy([retrySameHost()]) }),
      ).catch((e: unknown) => e)) as OperationTimedOutError;
      expect(error).toBeInstanceOf(OperationTimedOutError);
      expect(error.message).toMatch(/attempts: 10\.0\.0\.1:9042: overloaded/);
      expect(error.attempts).toHaveLength(2);
    });

    it('rejects at once, sending nothing, when the signal is already aborted', async () => {
      const env = new FakeEnvironment(1);
      await expect(executeRequest(env, spec({ signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(
        RequestAbortedError,
      );
      expect(env.sentLog).toEqual([]);
      expect(env.plansCreated).toBe(0);
    });

    it('cancels the attempt in flight when the signal aborts', async () => {
      const env = new FakeEnvironment(1);
      env.host(1).connection.replies = ['hang'];
      const controller = new AbortController();
      const running = executeRequest(env, spec({ signal: controller.signal, timeoutMs: 5000 }));
      await tick();
      controller.abort(new Error('user gave up'));
      const error = (await running.catch((e: unknown) => e)) as RequestAbortedError;
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect((error.cause as Error).message).toBe('user gave up');
      expect(env.host(1).connection.sent[0]?.cancelled).toBe(true);
      expect(env.timers.size).toBe(0); // the deadline was cancelled
    });
  });

  describe('UNPREPARED', () => {
    const statementId = Buffer.from('cafe', 'hex');
    const unprepared = (): UnpreparedError =>
      new UnpreparedError({ code: ErrorCode.UNPREPARED, message: 'unknown id' }, statementId);

    it('re-prepares on the connection that answered UNPREPARED, then retries there', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [unprepared(), resultEnvelope()];
      const reprepared: [Connection, Buffer][] = [];
      const outcome = await executeRequest(
        env,
        spec({
          reprepare: async (connection, error) => {
            reprepared.push([connection, error.statementId]);
          },
        }),
      );
      expect(outcome.host).toBe(env.host(1).host);
      expect(reprepared).toEqual([[env.host(1).connection, statementId]]);
      expect(env.host(1).connection.sent).toHaveLength(2);
      expect(env.host(2).connection.sent).toHaveLength(0);
    });

    it('re-prepares once per connection: a second UNPREPARED there fails the request', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [unprepared()];
      let reprepares = 0;
      await expect(
        executeRequest(env, spec({ reprepare: async () => void reprepares++ })),
      ).rejects.toBeInstanceOf(UnpreparedError);
      expect(reprepares).toBe(1);
    });

    it('fails with the re-preparation error when preparing again fails', async () => {
      const env = new FakeEnvironment(1);
      env.host(1).connection.replies = [unprepared()];
      const failure = new Error('table dropped');
      await expect(
        executeRequest(
          env,
          spec({
            reprepare: () => Promise.reject(failure),
          }),
        ),
      ).rejects.toBe(failure);
    });

    it('without a way to re-prepare, UNPREPARED is rethrown', async () => {
      const env = new FakeEnvironment(2);
      env.host(1).connection.replies = [unprepared()];
      await expect(executeRequest(env, spec())).rejects.toBeInstanceOf(UnpreparedError);
      expect(env.host(2).connection.sent).toHaveLength(0);
    });
  });
});
