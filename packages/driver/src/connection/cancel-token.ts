/**
 * Something a {@link CancelToken} aborts when cancelled: an in-flight request.
 *
 * @internal
 */
export interface Cancellable {
  /** The token was cancelled while this was attached to it. */
  cancelled(): void;
}

/**
 * A cheap stand-in for an `AbortController`/`AbortSignal` pair, for the driver's own request
 * executions: {@link Connection.send} accepts it where it accepts a signal. An `AbortController`
 * costs an `EventTarget`, listener records on every `send`, and — on `abort()` without a reason —
 * a `DOMException` with a captured stack; a token is one small object, and attaching a request to
 * it is a field write.
 *
 * Like a signal, a token is cancelled at most once and stays cancelled; `aborted` and `reason`
 * read the same way.
 *
 * @example
 * ```ts
 * const token = new CancelToken();
 * const answer = connection.send(message, token);
 * token.cancel(); // answer rejects with RequestAbortedError (the stream id stays held until the server answers)
 * ```
 * @internal
 */
export class CancelToken {
  /** Whether {@link CancelToken.cancel} was called. */
  aborted = false;
  /** What `cancel` was given (the `cause` of the resulting `RequestAbortedError`). */
  reason: unknown = undefined;
  /** The request attached (one at a time in the common case: one attempt after another). */
  private target: Cancellable | undefined = undefined;
  /** Further requests attached at the same time (rare: created on demand). */
  private others: Set<Cancellable> | undefined = undefined;

  /** Cancels: every attached request is aborted. Idempotent. */
  cancel(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const target = this.target;
    const others = this.others;
    this.target = undefined;
    this.others = undefined;
    target?.cancelled();
    if (others) for (const other of others) other.cancelled();
  }

  /** Attaches a request until it settles (then {@link CancelToken.detach}). @internal */
  attach(target: Cancellable): void {
    if (this.target === undefined) this.target = target;
    else (this.others ??= new Set()).add(target);
  }

  /** Detaches a settled request. @internal */
  detach(target: Cancellable): void {
    if (this.target === target) this.target = undefined;
    else this.others?.delete(target);
  }
}
