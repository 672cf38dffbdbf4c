import { Consistency } from '../../src/consistency';
import {
  ConnectionClosedError,
  ConnectionError,
  ConnectTimeoutError,
  ErrorCode,
  IsBootstrappingError,
  OperationTimedOutError,
  OverloadedError,
  ReadFailureError,
  ServerInternalError,
  StreamsExhaustedError,
  TruncateError,
  WriteFailureError,
} from '../../src/errors';
import { DefaultRetryPolicy } from '../../src/policies/retry-default';
import { decideRetry, type RetryDecision } from '../../src/policies/retry';
import { readTimeout, unavailable, writeTimeout } from './server-errors';

const policy = new DefaultRetryPolicy();
const SAME: RetryDecision = { kind: 'retry-same-host' };
const NEXT: RetryDecision = { kind: 'retry-next-host' };
const RETHROW: RetryDecision = { kind: 'rethrow' };

const ctx = (idempotent: boolean, retryCount: number) => ({
  idempotent,
  retryCount,
  consistency: Consistency.QUORUM,
});

describe('DefaultRetryPolicy', () => {
  describe('read timeout', () => {
    it.each([
      ['enough replicas, no data, first retry', readTimeout(2, 2, false), false, 0, SAME],
      ['enough replicas, no data, first retry, idempotent', readTimeout(2, 2, false), true, 0, SAME],
      ['more replicas than needed, no data', readTimeout(3, 2, false), false, 0, SAME],
      ['enough replicas, no data, already retried', readTimeout(2, 2, false), true, 1, RETHROW],
      ['too few replicas', readTimeout(1, 2, false), true, 0, RETHROW],
      ['data present', readTimeout(2, 2, true), true, 0, RETHROW],
    ])('%s → %o', (_row, error, idempotent, retryCount, expected) => {
      expect(policy.onReadTimeout(ctx(idempotent, retryCount), error)).toEqual(expected);
    });
  });

  describe('write timeout', () => {
    it.each([
      ['BATCH_LOG, idempotent, first retry', 'BATCH_LOG', true, 0, SAME],
      ['BATCH_LOG, not idempotent', 'BATCH_LOG', false, 0, RETHROW],
      ['BATCH_LOG, idempotent, already retried', 'BATCH_LOG', true, 1, RETHROW],
      ['SIMPLE, idempotent', 'SIMPLE', true, 0, RETHROW],
      ['BATCH, idempotent', 'BATCH', true, 0, RETHROW],
      ['UNLOGGED_BATCH, idempotent', 'UNLOGGED_BATCH', true, 0, RETHROW],
      ['COUNTER, idempotent', 'COUNTER', true, 0, RETHROW],
      ['CAS, idempotent', 'CAS', true, 0, RETHROW],
      ['VIEW, idempotent', 'VIEW', true, 0, RETHROW],
    ] as const)('%s → %o', (_row, writeType, idempotent, retryCount, expected) => {
      expect(policy.onWriteTimeout(ctx(idempotent, retryCount), writeTimeout(writeType, 1))).toEqual(
        expected,
      );
    });
  });

  describe('unavailable', () => {
    it.each([
      ['first retry, not idempotent', false, 0, NEXT],
      ['first retry, idempotent', true, 0, NEXT],
      ['already retried', true, 1, RETHROW],
    ])('%s → %o', (_row, idempotent, retryCount, expected) => {
      expect(policy.onUnavailable(ctx(idempotent, retryCount), unavailable(1))).toEqual(expected);
    });
  });

  describe('request errors', () => {
    const init = (code: number) => ({ code, message: 'boom', coordinator: '10.0.0.1:9042' });
    const errors = {
      isBootstrapping: new IsBootstrappingError(init(ErrorCode.IS_BOOTSTRAPPING)),
      streamsExhausted: new StreamsExhaustedError('no stream id left', '10.0.0.1:9042'),
      overloaded: new OverloadedError(init(ErrorCode.OVERLOADED)),
      serverInternal: new ServerInternalError(init(ErrorCode.SERVER_ERROR)),
      truncate: new TruncateError(init(ErrorCode.TRUNCATE_ERROR)),
      connection: new ConnectionError('socket reset', '10.0.0.1:9042'),
      connectionClosed: new ConnectionClosedError('closed', '10.0.0.1:9042'),
      connectTimeout: new ConnectTimeoutError('connect timeout', '10.0.0.1:9042'),
      attemptTimeout: new OperationTimedOutError('no answer in 2000 ms', 2000, []),
      readFailure: new ReadFailureError(
        init(ErrorCode.READ_FAILURE),
        Consistency.QUORUM,
        1,
        2,
        1,
        new Map(),
        false,
      ),
      writeFailure: new WriteFailureError(
        init(ErrorCode.WRITE_FAILURE),
        Consistency.QUORUM,
        1,
        2,
        1,
        new Map(),
        'SIMPLE',
      ),
      plain: new Error('something else'),
    };

    it.each([
      ['IsBootstrapping, not idempotent', errors.isBootstrapping, false, 0, NEXT],
      ['IsBootstrapping, not idempotent, after retries', errors.isBootstrapping, false, 3, NEXT],
      ['streams exhausted, not idempotent', errors.streamsExhausted, false, 0, NEXT],
      ['Overloaded, idempotent', errors.overloaded, true, 0, NEXT],
      ['Overloaded, idempotent, after retries', errors.overloaded, true, 2, NEXT],
      ['Overloaded, not idempotent', errors.overloaded, false, 0, RETHROW],
      ['ServerInternal, idempotent', errors.serverInternal, true, 0, NEXT],
      ['ServerInternal, not idempotent', errors.serverInternal, false, 0, RETHROW],
      ['Truncate, idempotent', errors.truncate, true, 0, NEXT],
      ['Truncate, not idempotent', errors.truncate, false, 0, RETHROW],
      ['connection error, idempotent', errors.connection, true, 0, NEXT],
      ['connection error, not idempotent', errors.connection, false, 0, RETHROW],
      ['connection closed, idempotent', errors.connectionClosed, true, 1, NEXT],
      ['connection closed, not idempotent', errors.connectionClosed, false, 0, RETHROW],
      ['connect timeout, idempotent', errors.connectTimeout, true, 0, NEXT],
      ['attempt timeout, idempotent', errors.attemptTimeout, true, 0, NEXT],
      ['attempt timeout, not idempotent', errors.attemptTimeout, false, 0, RETHROW],
      ['read failure, idempotent', errors.readFailure, true, 0, RETHROW],
      ['write failure, idempotent', errors.writeFailure, true, 0, RETHROW],
      ['unknown error, idempotent', errors.plain, true, 0, RETHROW],
    ])('%s → %o', (_row, error, idempotent, retryCount, expected) => {
      expect(policy.onRequestError(ctx(idempotent, retryCount), error)).toEqual(expected);
      expect(decideRetry(policy, ctx(idempotent, retryCount), error)).toEqual(expected);
    });
  });
});
