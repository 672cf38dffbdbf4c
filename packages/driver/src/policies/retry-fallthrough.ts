/**
 * A retry policy that never retries.
 *
 * @packageDocumentation
 */

import type { ReadTimeoutError, UnavailableError, WriteTimeoutError } from '../errors';
import { RETHROW, type RetryContext, type RetryDecision, type RetryPolicy } from './retry';

/**
 * Rethrows every error: the application sees each failure and handles retries itself.
 *
 * @example
 * ```ts
 * await session.execute(query, params, { retryPolicy: new FallthroughRetryPolicy() });
 * ```
 */
export class FallthroughRetryPolicy implements RetryPolicy {
  onReadTimeout(_ctx: RetryContext, _error: ReadTimeoutError): RetryDecision {
    return RETHROW;
  }

  onWriteTimeout(_ctx: RetryContext, _error: WriteTimeoutError): RetryDecision {
    return RETHROW;
  }

  onUnavailable(_ctx: RetryContext, _error: UnavailableError): RetryDecision {
    return RETHROW;
  }

  onRequestError(_ctx: RetryContext, _error: Error): RetryDecision {
    return RETHROW;
  }
}
