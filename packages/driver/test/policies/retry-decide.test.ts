import { Consistency } from '../../src/consistency';
import {
  BadCredentialsError,
  ClusterShutdownError,
  CqlSyntaxError,
  ErrorCode,
  InvalidRequestError,
  OverloadedError,
  RequestAbortedError,
  ServerProtocolError,
  UnauthorizedError,
  UnpreparedError,
} from '../../src/errors';
import { FallthroughRetryPolicy } from '../../src/policies/retry-fallthrough';
import {
  decideRetry,
  IGNORE,
  RETHROW,
  retryNextHost,
  retrySameHost,
  type RetryContext,
  type RetryDecision,
  type RetryPolicy,
} from '../../src/policies/retry';
import { readTimeout, unavailable, writeTimeout } from './server-errors';

const ctx: RetryContext = { idempotent: true, consistency: Consistency.QUORUM, retryCount: 0 };
const init = (code: number) => ({ code, message: 'nope' });

/** A policy that retries everything and records which callback was asked. */
class RecordingPolicy implements RetryPolicy {
  readonly calls: string[] = [];
  onReadTimeout(): RetryDecision {
    this.calls.push('read-timeout');
    return retryNextHost();
  }
  onWriteTimeout(): RetryDecision {
    this.calls.push('write-timeout');
    return retryNextHost();
  }
  onUnavailable(): RetryDecision {
    this.calls.push('unavailable');
    return retryNextHost();
  }
  onRequestError(): RetryDecision {
    this.calls.push('request-error');
    return retryNextHost();
  }
}

describe('decideRetry', () => {
  it.each([
    ['a read timeout', readTimeout(1, 2, false), 'read-timeout'],
    ['a write timeout', writeTimeout('SIMPLE'), 'write-timeout'],
    ['an unavailable error', unavailable(0), 'unavailable'],
    ['an overloaded error', new OverloadedError(init(ErrorCode.OVERLOADED)), 'request-error'],
    ['any other error', new Error('x'), 'request-error'],
  ])('asks the policy about %s through its callback', (_label, error, callback) => {
    const policy = new RecordingPolicy();
    expect(decideRetry(policy, ctx, error)).toEqual(retryNextHost());
    expect(policy.calls).toEqual([callback]);
  });

  it.each([
    ['a syntax error', new CqlSyntaxError(init(ErrorCode.SYNTAX_ERROR))],
    ['an invalid request', new InvalidRequestError(init(ErrorCode.INVALID))],
    ['an authorization error', new UnauthorizedError(init(ErrorCode.UNAUTHORIZED))],
    ['bad credentials', new BadCredentialsError(init(ErrorCode.BAD_CREDENTIALS))],
    ['a protocol error', new ServerProtocolError(init(ErrorCode.PROTOCOL_ERROR))],
    ['an unprepared statement', new UnpreparedError(init(ErrorCode.UNPREPARED), Buffer.from([1]))],
    ['an aborted request', new RequestAbortedError('aborted by the caller')],
    ['a shut-down cluster', new ClusterShutdownError('shut down')],
  ])('rethrows %s without asking the policy', (_label, error) => {
    const policy = new RecordingPolicy();
    expect(decideRetry(policy, ctx, error)).toEqual({ kind: 'rethrow' });
    expect(policy.calls).toEqual([]);
  });
});

describe('retry decisions', () => {
  it('builds retries with and without a consistency change', () => {
    expect(retrySameHost()).toEqual({ kind: 'retry-same-host' });
    expect(retrySameHost(Consistency.ONE)).toEqual({ kind: 'retry-same-host', consistency: Consistency.ONE });
    expect(retryNextHost()).toEqual({ kind: 'retry-next-host' });
    expect(retryNextHost(Consistency.TWO)).toEqual({ kind: 'retry-next-host', consistency: Consistency.TWO });
    expect(RETHROW).toEqual({ kind: 'rethrow' });
    expect(IGNORE).toEqual({ kind: 'ignore' });
    expect(Object.isFrozen(RETHROW) && Object.isFrozen(IGNORE) && Object.isFrozen(retrySameHost())).toBe(
      true,
    );
  });
});

describe('FallthroughRetryPolicy', () => {
  const policy = new FallthroughRetryPolicy();

  it.each([
    ['read timeout that the default policy would retry', readTimeout(2, 2, false)],
    ['BATCH_LOG write timeout of an idempotent statement', writeTimeout('BATCH_LOG', 1)],
    ['unavailable', unavailable(1)],
    ['overloaded', new OverloadedError(init(ErrorCode.OVERLOADED))],
    ['plain error', new Error('x')],
  ])('rethrows a %s', (_label, error) => {
    for (const retryCount of [0, 1]) {
      for (const idempotent of [true, false]) {
        expect(decideRetry(policy, { ...ctx, idempotent, retryCount }, error)).toEqual({ kind: 'rethrow' });
      }
    }
  });
});
