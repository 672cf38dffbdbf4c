/**
 * A retry policy that trades consistency for availability. UNSAFE: read the class documentation.
 *
 * @packageDocumentation
 */

import { Consistency, isSerialConsistency } from '../consistency';
import type { ReadTimeoutError, UnavailableError, WriteTimeoutError } from '../errors';
import {
  IGNORE,
  RETHROW,
  retrySameHost,
  type RetryContext,
  type RetryDecision,
  type RetryPolicy,
} from './retry';
import { DefaultRetryPolicy } from './retry-default';

/**
 * **UNSAFE: silently weakens consistency.** When the coordinator reports that the requested
 * consistency cannot be reached, this policy retries at a lower one (or, for some writes,
 * reports success), so a read at QUORUM may not see a write made at QUORUM. Use it only if
 * reading possibly stale data beats failing, and log the retries it causes (the decision carries
 * the new consistency). Mirrors the Python driver's policy:
 *
 * | Failure (first attempt only; later ones rethrow) | Decision |
 * |---|---|
 * | read timeout, `received < blockFor` | same host at the highest of THREE/TWO/ONE ≤ `received` (rethrow if 0) |
 * | read timeout, enough answers but no data | same host, same consistency |
 * | write timeout, SIMPLE / BATCH / COUNTER | ignore if at least one replica acknowledged, else rethrow |
 * | write timeout, UNLOGGED_BATCH (idempotent only) | same host at the highest of THREE/TWO/ONE ≤ `received` |
 * | write timeout, BATCH_LOG (idempotent only) | same host, same consistency |
 * | unavailable | same host at the highest of THREE/TWO/ONE ≤ `alive` (rethrow if 0) |
 * | SERIAL / LOCAL_SERIAL reads and unavailables | never downgraded: as {@link DefaultRetryPolicy} |
 * | other errors | as {@link DefaultRetryPolicy} |
 *
 * EACH_QUORUM failures report the counts of one data center only, so with 0 there they are
 * still retried at ONE (as the Java and Rust drivers do). Unlike the Python driver, writes are
 * retried only when the statement is idempotent.
 *
 * @example
 * ```ts
 * // Accept stale reads rather than errors when replicas are missing.
 * const profile = { retryPolicy: new DowngradingConsistencyRetryPolicy() };
 * ```
 */
export class DowngradingConsistencyRetryPolicy implements RetryPolicy {
  private readonly fallback = new DefaultRetryPolicy();

  onReadTimeout(ctx: RetryContext, error: ReadTimeoutError): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    if (isSerialConsistency(error.consistency)) return this.fallback.onReadTimeout(ctx, error);
    if (error.received < error.blockFor) return downgrade(error.received, error.consistency);
    return error.dataPresent ? RETHROW : retrySameHost();
  }

  onWriteTimeout(ctx: RetryContext, error: WriteTimeoutError): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    switch (error.writeType) {
      case 'SIMPLE':
      case 'BATCH':
      case 'COUNTER':
        // Persisted on at least one replica: it will propagate; report success.
        return error.received > 0 ? IGNORE : RETHROW;
      case 'UNLOGGED_BATCH':
        return ctx.idempotent ? downgrade(error.received, error.consistency) : RETHROW;
      case 'BATCH_LOG':
        return ctx.idempotent ? retrySameHost() : RETHROW;
      default:
        return RETHROW;
    }
  }

  onUnavailable(ctx: RetryContext, error: UnavailableError): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    if (isSerialConsistency(error.consistency)) return this.fallback.onUnavailable(ctx, error);
    return downgrade(error.alive, error.consistency);
  }

  onRequestError(ctx: RetryContext, error: Error): RetryDecision {
    return this.fallback.onRequestError(ctx, error);
  }
}

/** Retry on the same host at the highest level `responses` replicas can satisfy. */
function downgrade(responses: number, current: number): RetryDecision {
  if (responses >= 3) return retrySameHost(Consistency.THREE);
  if (responses === 2) return retrySameHost(Consistency.TWO);
  if (responses === 1 || current === Consistency.EACH_QUORUM) return retrySameHost(Consistency.ONE);
  return RETHROW;
}
