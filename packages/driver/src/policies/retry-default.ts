/**
 * The retry policy used when none is configured.
 *
 * @packageDocumentation
 */

import {
  ConnectionError,
  IsBootstrappingError,
  OperationTimedOutError,
  OverloadedError,
  ServerInternalError,
  StreamsExhaustedError,
  TruncateError,
  type ReadTimeoutError,
  type UnavailableError,
  type WriteTimeoutError,
} from '../errors';
import {
  RETHROW,
  retryNextHost,
  retrySameHost,
  type RetryContext,
  type RetryDecision,
  type RetryPolicy,
} from './retry';

/**
 * Retries only when the retry is safe and likely to succeed:
 *
 * | Failure | Decision |
 * |---|---|
 * | read timeout | same host, once, if enough replicas answered (`received ≥ blockFor`) but not the one asked for data (`!dataPresent`) |
 * | write timeout | same host, once, only for an idempotent statement whose batch log write timed out (`BATCH_LOG`) |
 * | unavailable | next host, once (another coordinator may see more replicas alive) |
 * | IsBootstrapping, streams exhausted | next host (the request was not executed) |
 * | Overloaded, ServerInternal, Truncate, connection error, attempt timeout | next host if idempotent (the request may have been applied) |
 * | anything else | rethrow |
 *
 * Retries on the next host are bounded by the query plan.
 *
 * @example
 * ```ts
 * const profile = { retryPolicy: new DefaultRetryPolicy() };
 * ```
 */
export class DefaultRetryPolicy implements RetryPolicy {
  onReadTimeout(ctx: RetryContext, error: ReadTimeoutError): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    return error.received >= error.blockFor && !error.dataPresent ? retrySameHost() : RETHROW;
  }

  onWriteTimeout(ctx: RetryContext, error: WriteTimeoutError): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    return ctx.idempotent && error.writeType === 'BATCH_LOG' ? retrySameHost() : RETHROW;
  }

  onUnavailable(ctx: RetryContext, _error: UnavailableError): RetryDecision {
    return ctx.retryCount === 0 ? retryNextHost() : RETHROW;
  }

  onRequestError(ctx: RetryContext, error: Error): RetryDecision {
    if (error instanceof IsBootstrappingError || error instanceof StreamsExhaustedError)
      return retryNextHost();
    const mayHaveBeenApplied =
      error instanceof OverloadedError ||
      error instanceof ServerInternalError ||
      error instanceof TruncateError ||
      error instanceof ConnectionError ||
      error instanceof OperationTimedOutError;
    return mayHaveBeenApplied && ctx.idempotent ? retryNextHost() : RETHROW;
  }
}
