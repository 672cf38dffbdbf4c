/**
 * The retry contract: after a failed attempt, the request pipeline asks the retry policy whether
 * to try again (on the same host or the next one of the plan, possibly at another consistency),
 * to give up, or to ignore the error.
 *
 * @packageDocumentation
 */

import {
  BadCredentialsError,
  ClusterShutdownError,
  ReadTimeoutError,
  RequestAbortedError,
  RequestValidationError,
  ServerProtocolError,
  UnavailableError,
  UnpreparedError,
  WriteTimeoutError,
} from '../errors';

/** What to do after a failed attempt. */
export type RetryDecision =
  /** Try again on the same host, at `consistency` when given (else the request's own). */
  | { readonly kind: 'retry-same-host'; readonly consistency?: number | undefined }
  /** Try again on the next host of the query plan, at `consistency` when given. */
  | { readonly kind: 'retry-next-host'; readonly consistency?: number | undefined }
  /** Fail the request with the error. */
  | { readonly kind: 'rethrow' }
  /** Complete the request with an empty result, as if it had succeeded. */
  | { readonly kind: 'ignore' };

/** The {@link RetryDecision} that fails the request. */
export const RETHROW: RetryDecision = Object.freeze({ kind: 'rethrow' });

/** The {@link RetryDecision} that completes the request with an empty result. */
export const IGNORE: RetryDecision = Object.freeze({ kind: 'ignore' });

/**
 * A decision to retry on the same host.
 *
 * @example
 * ```ts
 * retrySameHost(Consistency.ONE); // { kind: 'retry-same-host', consistency: 1 }
 * ```
 */
export function retrySameHost(consistency?: number): RetryDecision {
  return consistency === undefined ? RETRY_SAME_HOST : { kind: 'retry-same-host', consistency };
}

/**
 * A decision to retry on the next host of the plan.
 *
 * @example
 * ```ts
 * retryNextHost(); // { kind: 'retry-next-host' }
 * ```
 */
export function retryNextHost(consistency?: number): RetryDecision {
  return consistency === undefined ? RETRY_NEXT_HOST : { kind: 'retry-next-host', consistency };
}

const RETRY_SAME_HOST: RetryDecision = Object.freeze({ kind: 'retry-same-host' });
const RETRY_NEXT_HOST: RetryDecision = Object.freeze({ kind: 'retry-next-host' });

/** What a retry policy knows about the request that failed. */
export interface RetryContext {
  /** Whether the statement can be applied twice with the same effect. */
  readonly idempotent: boolean;
  /** Consistency of the failed attempt. */
  readonly consistency: number;
  /** Retries already made for this request (0 after the first attempt fails). */
  readonly retryCount: number;
}

/**
 * Decides what happens after a failed attempt. Implementations are pure functions of their
 * arguments: they neither wait nor do I/O (the pipeline applies the decision).
 *
 * @example
 * ```ts
 * class NeverRetryWrites extends DefaultRetryPolicy {
 *   override onWriteTimeout(): RetryDecision { return RETHROW; }
 * }
 * ```
 */
export interface RetryPolicy {
  /** The coordinator timed out waiting for replicas to answer a read. */
  onReadTimeout(ctx: RetryContext, error: ReadTimeoutError): RetryDecision;
  /** The coordinator timed out waiting for replicas to acknowledge a write. */
  onWriteTimeout(ctx: RetryContext, error: WriteTimeoutError): RetryDecision;
  /** The coordinator knew too few replicas alive to reach the consistency level; nothing was done. */
  onUnavailable(ctx: RetryContext, error: UnavailableError): RetryDecision;
  /**
   * Any other failure: Overloaded, ServerInternal, Truncate, IsBootstrapping and the other server
   * errors; connection errors (the request may or may not have reached the node); a client-side
   * attempt timeout (`OperationTimedOutError`).
   */
  onRequestError(ctx: RetryContext, error: Error): RetryDecision;
}

/**
 * The request pipeline's single entry point: asks `policy` about `error` through the callback
 * that matches it. Errors that no retry can fix (the request itself is invalid, the credentials
 * are wrong, the protocol was violated, the caller aborted, the cluster shut down) are rethrown
 * without asking. `UnpreparedError` is rethrown too: the pipeline re-prepares before retrying.
 *
 * @example
 * ```ts
 * const decision = decideRetry(profile.retryPolicy, { idempotent, consistency, retryCount }, error);
 * if (decision.kind === 'retry-next-host') continueWithNextHost(decision.consistency ?? consistency);
 * ```
 * @internal
 */
export function decideRetry(policy: RetryPolicy, ctx: RetryContext, error: Error): RetryDecision {
  if (error instanceof ReadTimeoutError) return policy.onReadTimeout(ctx, error);
  if (error instanceof WriteTimeoutError) return policy.onWriteTimeout(ctx, error);
  if (error instanceof UnavailableError) return policy.onUnavailable(ctx, error);
  if (isNeverRetried(error)) return RETHROW;
  return policy.onRequestError(ctx, error);
}

function isNeverRetried(error: Error): boolean {
  return (
    error instanceof RequestValidationError ||
    error instanceof BadCredentialsError ||
    error instanceof ServerProtocolError ||
    error instanceof UnpreparedError ||
    error instanceof RequestAbortedError ||
    error instanceof ClusterShutdownError
  );
}
