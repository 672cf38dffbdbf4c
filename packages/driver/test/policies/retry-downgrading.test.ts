import { Consistency } from '../../src/consistency';
import { ConnectionError, ErrorCode, IsBootstrappingError, OverloadedError } from '../../src/errors';
import { DowngradingConsistencyRetryPolicy } from '../../src/policies/retry-downgrading';
import type { RetryDecision } from '../../src/policies/retry';
import { readTimeout, unavailable, writeTimeout } from './server-errors';

const policy = new DowngradingConsistencyRetryPolicy();
const { ONE, TWO, THREE, QUORUM, EACH_QUORUM, SERIAL, LOCAL_SERIAL } = Consistency;
const same = (consistency?: number): RetryDecision =>
  consistency === undefined ? { kind: 'retry-same-host' } : { kind: 'retry-same-host', consistency };
const NEXT: RetryDecision = { kind: 'retry-next-host' };
const RETHROW: RetryDecision = { kind: 'rethrow' };
const IGNORE: RetryDecision = { kind: 'ignore' };

const ctx = (idempotent: boolean, retryCount: number, consistency: number = QUORUM) => ({
  idempotent,
  retryCount,
  consistency,
});

describe('DowngradingConsistencyRetryPolicy', () => {
  describe('read timeout', () => {
    it.each([
      ['3 of 4 answered → THREE', readTimeout(3, 4, false), 0, same(THREE)],
      ['4 of 5 answered → THREE', readTimeout(4, 5, true), 0, same(THREE)],
      ['2 of 3 answered → TWO', readTimeout(2, 3, false), 0, same(TWO)],
      ['1 of 2 answered → ONE', readTimeout(1, 2, true), 0, same(ONE)],
      ['0 of 2 answered → rethrow', readTimeout(0, 2, false), 0, RETHROW],
      ['enough answered, no data → same consistency', readTimeout(2, 2, false), 0, same()],
      ['enough answered, data present → rethrow', readTimeout(2, 2, true), 0, RETHROW],
      ['already retried → rethrow', readTimeout(1, 2, false), 1, RETHROW],
      [
        'EACH_QUORUM, 0 answered in the failing DC → ONE',
        readTimeout(0, 2, false, EACH_QUORUM),
        0,
        same(ONE),
      ],
      ['SERIAL, too few answered → never downgraded', readTimeout(1, 2, false, SERIAL), 0, RETHROW],
      [
        'LOCAL_SERIAL, enough answered, no data → as the default',
        readTimeout(2, 2, false, LOCAL_SERIAL),
        0,
        same(),
      ],
    ])('%s', (_row, error, retryCount, expected) => {
      expect(policy.onReadTimeout(ctx(false, retryCount, error.consistency), error)).toEqual(expected);
    });
  });

  describe('write timeout', () => {
    it.each([
      ['SIMPLE, 1 acknowledged → ignore', writeTimeout('SIMPLE', 1), false, 0, IGNORE],
      ['SIMPLE, none acknowledged → rethrow', writeTimeout('SIMPLE', 0), true, 0, RETHROW],
      ['BATCH, 2 acknowledged → ignore', writeTimeout('BATCH', 2, 3), false, 0, IGNORE],
      ['COUNTER, 1 acknowledged → ignore', writeTimeout('COUNTER', 1), false, 0, IGNORE],
      [
        'UNLOGGED_BATCH, idempotent, 2 acknowledged → TWO',
        writeTimeout('UNLOGGED_BATCH', 2, 3),
        true,
        0,
        same(TWO),
      ],
      [
        'UNLOGGED_BATCH, idempotent, 1 acknowledged → ONE',
        writeTimeout('UNLOGGED_BATCH', 1),
        true,
        0,
        same(ONE),
      ],
      [
        'UNLOGGED_BATCH, idempotent, none acknowledged → rethrow',
        writeTimeout('UNLOGGED_BATCH', 0),
        true,
        0,
        RETHROW,
      ],
      ['UNLOGGED_BATCH, not idempotent → rethrow', writeTimeout('UNLOGGED_BATCH', 1), false, 0, RETHROW],
      ['BATCH_LOG, idempotent → same consistency', writeTimeout('BATCH_LOG', 0), true, 0, same()],
      ['BATCH_LOG, not idempotent → rethrow', writeTimeout('BATCH_LOG', 0), false, 0, RETHROW],
      ['CAS → rethrow', writeTimeout('CAS', 1, 2, SERIAL), true, 0, RETHROW],
      ['VIEW → rethrow', writeTimeout('VIEW', 1), true, 0, RETHROW],
      ['SIMPLE, already retried → rethrow', writeTimeout('SIMPLE', 1), true, 1, RETHROW],
    ] as const)('%s', (_row, error, idempotent, retryCount, expected) => {
      expect(policy.onWriteTimeout(ctx(idempotent, retryCount), error)).toEqual(expected);
    });
  });

  describe('unavailable', () => {
    it.each([
      ['4 alive → THREE', unavailable(4, 5), 0, same(THREE)],
      ['2 alive → TWO', unavailable(2, 3), 0, same(TWO)],
      ['1 alive → ONE', unavailable(1, 2), 0, same(ONE)],
      ['0 alive → rethrow', unavailable(0, 2), 0, RETHROW],
      ['EACH_QUORUM, 0 alive in the failing DC → ONE', unavailable(0, 2, EACH_QUORUM), 0, same(ONE)],
      ['already retried → rethrow', unavailable(1, 2), 1, RETHROW],
      ['SERIAL → never downgraded, next host as the default', unavailable(1, 2, SERIAL), 0, NEXT],
      ['LOCAL_SERIAL, already retried → rethrow', unavailable(1, 2, LOCAL_SERIAL), 1, RETHROW],
    ])('%s', (_row, error, retryCount, expected) => {
      expect(policy.onUnavailable(ctx(true, retryCount, error.consistency), error)).toEqual(expected);
    });
  });

  describe('request errors (as the default policy)', () => {
    it.each([
      [
        'IsBootstrapping → next host',
        new IsBootstrappingError({ code: ErrorCode.IS_BOOTSTRAPPING, message: 'x' }),
        false,
        NEXT,
      ],
      [
        'Overloaded, idempotent → next host',
        new OverloadedError({ code: ErrorCode.OVERLOADED, message: 'x' }),
        true,
        NEXT,
      ],
      [
        'Overloaded, not idempotent → rethrow',
        new OverloadedError({ code: ErrorCode.OVERLOADED, message: 'x' }),
        false,
        RETHROW,
      ],
      [
        'connection error, not idempotent → rethrow',
        new ConnectionError('reset', '10.0.0.1:9042'),
        false,
        RETHROW,
      ],
    ])('%s', (_row, error, idempotent, expected) => {
      expect(policy.onRequestError(ctx(idempotent, 0), error)).toEqual(expected);
    });
  });
});
